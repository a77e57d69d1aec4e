"""The base of every rulebook fact: a plain read-only record at run time, validated by pydantic in tests.

Fact classes are declared like pydantic models (annotated fields, defaults, constraints written as
`Annotated[..., Field(...)]` in the annotation). The annotations are strings that run time never
evaluates, so loading the packaged facts builds no pydantic class and imports no pydantic:
`from_data` trusts the shipped YAML, which the test suite validates through `pydantic_model(cls)`,
a pydantic twin of each class built from those annotations (tests/test_rulebook_plain.py asserts
that both give the same facts). Building a fact by hand (`Cls(**values)`) or `Cls.model_validate`
still validates through the twin, as before, and raises pydantic's ValidationError.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

_REQUIRED = object()
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
# Every Fact class by name: annotations name their nested facts as strings.
_FACTS: dict[str, type[Fact]] = {}


def _frozen_error(cls: type, name: str, value: object) -> Exception:
    """The error pydantic raises for an assignment to a frozen model (tests rely on its type)."""
    from pydantic_core import ValidationError

    return ValidationError.from_exception_data(
        cls.__name__, [{"type": "frozen_instance", "loc": (name,), "input": value}])


class Fact:
    """A frozen record of validated facts, compared and hashed by its field values."""

    model_fields: ClassVar[dict[str, object]] = {}  # field name -> default (or _REQUIRED)
    _converters: ClassVar[dict[str, Any] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: dict[str, object] = {}
        for klass in reversed(cls.__mro__):
            for name, annotation in vars(klass).get("__annotations__", {}).items():
                if not name.startswith("_") and not str(annotation).startswith("ClassVar"):
                    fields[name] = vars(klass).get(name, _REQUIRED)
        cls.model_fields = fields
        cls._converters = None
        if cls.__name__ in _FACTS:
            raise TypeError(f"two rulebook facts are called {cls.__name__}")
        _FACTS[cls.__name__] = cls

    def __init__(self, **values: Any) -> None:
        validated = pydantic_model(type(self))(**values)
        self.__dict__.update(type(self).from_data(validated.model_dump()).__dict__)

    @classmethod
    def model_validate(cls, data: Any) -> Any:
        """Validate data as pydantic did (raising its ValidationError), then return the plain facts."""
        return cls.from_data(pydantic_model(cls).model_validate(data).model_dump())

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Any:
        """The facts of already-validated data (parsed YAML): defaults filled, nested facts built."""
        converters = cls._converters if cls._converters is not None else _converters_of(cls)
        fact = object.__new__(cls)
        values = fact.__dict__
        for name, default in cls.model_fields.items():
            if name in data:
                convert = converters.get(name)
                value = data[name]
                values[name] = value if convert is None or value is None else convert(value)
            elif default is _REQUIRED:
                raise ValueError(f"{cls.__name__}: {name} is required")
            else:
                values[name] = default
        return fact

    def model_dump(self) -> dict[str, Any]:
        return {name: _dump(getattr(self, name)) for name in self.model_fields}

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Any:
        copy = object.__new__(type(self))
        copy.__dict__.update({name: getattr(self, name) for name in self.model_fields})
        copy.__dict__.update(update or {})
        return copy

    def __setattr__(self, name: str, value: object) -> None:
        raise _frozen_error(type(self), name, value)

    def __delattr__(self, name: str) -> None:
        raise _frozen_error(type(self), name, None)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.model_fields)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self.model_fields)})"


def _dump(value: Any) -> Any:
    if isinstance(value, Fact):
        return value.model_dump()
    if isinstance(value, tuple):
        return tuple(_dump(item) for item in value)
    if isinstance(value, dict):
        return {key: _dump(item) for key, item in value.items()}
    return value


def _annotations(cls: type) -> dict[str, str]:
    merged: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        merged.update({name: str(text) for name, text in vars(klass).get("__annotations__", {}).items()})
    return {name: merged[name] for name in cls.model_fields}


def _converters_of(cls: type[Fact]) -> dict[str, Any]:
    """How each field turns parsed YAML into its value: nested facts, and lists into tuples."""
    converters: dict[str, Any] = {}
    for name, annotation in _annotations(cls).items():
        shape = annotation.removeprefix("Annotated[")
        nested = [_FACTS[word] for word in _IDENTIFIER.findall(annotation) if word in _FACTS]
        if len(nested) > 1:
            raise TypeError(f"{cls.__name__}.{name}: one nested fact type per field, got {annotation}")
        inner = nested[0].from_data if nested else None
        if shape.startswith("tuple["):
            converters[name] = (lambda f: lambda items: tuple(map(f, items)))(inner) if inner else tuple
        elif shape.startswith("dict[") and inner:
            converters[name] = (lambda f: lambda items: {key: f(item) for key, item in items.items()})(inner)
        elif inner:
            converters[name] = inner
    cls._converters = converters
    return converters


_TWINS: dict[type, Any] = {}


def pydantic_model(cls: type[Fact]) -> Any:
    """The pydantic model that validates cls (extra keys forbidden, frozen), built once on demand."""
    if cls in _TWINS:
        return _TWINS[cls]
    import sys
    import typing

    import pydantic

    class Names(dict[str, Any]):
        """The annotations' names: nested facts as their twins, then the module, typing and pydantic."""

        def __missing__(self, name: str) -> Any:
            if name in _FACTS:
                return pydantic_model(_FACTS[name])
            for home in (typing, pydantic):
                if hasattr(home, name):
                    return getattr(home, name)
            raise KeyError(name)  # a builtin: eval looks there next

    module = vars(sys.modules[cls.__module__])
    namespace = Names({name: value for name, value in module.items() if name not in _FACTS})
    annotations = _annotations(cls)
    fields = {}
    for name, text in annotations.items():
        default = cls.model_fields[name]
        fields[name] = (eval(text, {}, namespace), ... if default is _REQUIRED else default)  # noqa: S307 - our own annotations
    twin = pydantic.create_model(cls.__name__, __config__=pydantic.ConfigDict(extra="forbid", frozen=True),
                                 __doc__=cls.__doc__, **fields)
    _TWINS[cls] = twin
    return twin
