"""Values as rules read them: every value a property can take, where it is written and what it is called."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from zeroetl_lint.findings import Location
from zeroetl_lint.model.conditions import IfPath, branch_qualifier


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value that cannot be known statically, and why."""

    reason: str


@runtime_checkable
class Symbolic(Protocol):
    """A value an adapter keeps symbolic (a reference, a pseudo parameter, text assembled from them)."""

    def described(self, limit: int | None = None) -> str:
        """How a message shows it: "!GetAtt Key.Arn", "'arn:${AWS::Partition}:kms:...'"."""

    @property
    def shape(self) -> str | None:
        """Its text with every symbolic piece as `*`, or None when none of it is literal."""


def describe(value: Any, limit: int | None = None) -> str:
    """How a resolved value reads in a message; text longer than limit is cut short."""
    if isinstance(value, str):
        return quoted(value, limit)
    if isinstance(value, Unknown):
        return f"an unresolved value ({value.reason})"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Symbolic):
        return value.described(limit)
    return repr(value)


def quoted(text: str, limit: int | None, quote: str | None = None) -> str:
    """repr(text) (or text in the given quotes), cut after limit characters with the full length."""
    shown = text if limit is None or len(text) <= limit else text[:limit]
    marked = repr(shown) if quote is None else quote + shown + quote
    return marked if shown is text else f"{marked[:-1]}...{marked[-1]} ({len(text)} characters)"


def literal_shape(value: Any) -> str | None:
    """The value's text with symbolic pieces as `*`; None when nothing of it is literal."""
    if isinstance(value, str):
        return value
    return value.shape if isinstance(value, Symbolic) else None


def scalar_text(value: Any) -> str | None:
    """A resolved scalar as the input passes it on (booleans lower-case), or None for anything else."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


@dataclass(frozen=True, slots=True)
class Branch:
    """One value a property can take (one per condition branch), located where that branch is written."""

    value: Any
    location: Location
    source: str | None = None  # the exact characters of a literal scalar, quotes included
    quoted: bool = False
    path: IfPath = ()  # the conditions that choose this value
    # The value is one of several that a single written value resolves to (a choice inside an
    # assembled string or behind an export), so no condition of the input names it.
    opaque: bool = False
    # Why the value is not known statically (None when it is a literal or a container): the
    # adapter's words, e.g. "parameter Ver of template.yaml has no Default".
    unresolved: str | None = None

    @property
    def text(self) -> str | None:
        """The scalar as text; plain numbers keep their spelling ("16.10", not 16.1)."""
        if isinstance(self.value, (bool, int, float)) and self.source is not None and not self.quoted:
            return self.source
        return scalar_text(self.value)

    @property
    def written(self) -> str:
        """How a message quotes the value: as written in the file when it is a literal."""
        if self.source is not None:
            return self.source
        text = self.text
        return text if text is not None else "a computed value"

    @property
    def when(self) -> str:
        """' when condition Enc is false' for a value a condition chooses, '' for the only value."""
        return branch_qualifier(self.path, self.opaque)


@dataclass(frozen=True, slots=True)
class Field:
    """One property of a model object as the input writes it (or its absence), with every value it takes.

    name and object are the input's own words for it ("EngineMode",
    "Resources/Cluster/Properties/EngineMode"), so that messages name it as the user wrote it; an
    absent property keeps them and points at its owner.
    """

    name: str
    object: str
    location: Location  # the value; the owner when the property is absent
    key_location: Location  # the key; the owner when the property is absent
    branches: tuple[Branch, ...] = ()  # () when absent
    present: bool = False
    value: Any = None  # the value when there is one option (Unknown when a condition decides)
    # Condition names are per scope (a template): removed_where qualifies them with it.
    scope: str = ""
    # The condition branches that remove the property, and where the first removal is written.
    absent_when: tuple[IfPath, ...] = ()
    removal_at: Location | None = None
    # Maps an offset in the value's text to (line, column) in the file, for text that has a
    # language of its own (a data filter); None where the input cannot tell.
    position_of: Callable[[int], tuple[int, int] | None] | None = field(default=None, compare=False)

    @property
    def removal_location(self) -> Location:
        """Where the removal of the property is written (the value when not known)."""
        return self.removal_at if self.removal_at is not None else self.location

    @property
    def absent_in_some_branch(self) -> bool:
        return bool(self.absent_when)

    def text(self) -> str | None:
        """The value as plain text, or None when it is not one known scalar."""
        return scalar_text(self.value)

    def unresolved(self) -> tuple[Branch, ...]:
        """The branches whose value is not known statically."""
        return tuple(branch for branch in self.branches if branch.unresolved is not None)
