"""Evaluate Terraform expressions as far as the configuration tells, and say why where it does not.

Values are Python scalars, lists and dicts, a `ResourceRef` for what only AWS knows (an ARN, an
id), a `Joined` string with such references inside, or an `Unknown` naming the expression that
could not be evaluated. Nothing is guessed: a variable without a value, a data source or a
remote module's output stays unknown.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from zeroetl_lint.artifacts.terraform.syntax import (
    EXPR_TYPES,
    Attribute,
    BinOp,
    Block,
    Call,
    Cond,
    Expr,
    For,
    GetAttr,
    Index,
    Lit,
    Name,
    Obj,
    Opaque,
    Splat,
    Tmpl,
    Tup,
    Unary,
    written,
)
from zeroetl_lint.model.values import Unknown


# Nested evaluation (locals of locals, module outputs of module inputs) deeper than this is a cycle.
MAX_DEPTH = 64


@dataclass(frozen=True, slots=True)
class ResourceRef:
    """An attribute of a resource that Terraform only knows after applying: aws_rds_cluster.src.arn."""

    address: str  # module.db.aws_rds_cluster.src (with [0] / ["key"] for an instance)
    attribute: str  # arn, id, cluster_identifier, ...
    written: str  # as the configuration writes it

    # As a model.values.Symbolic: shown as written, with nothing literal in it.
    def described(self, limit: int | None = None) -> str:
        return _cut(self.written, limit)

    @property
    def shape(self) -> str | None:
        return None


@dataclass(frozen=True, slots=True)
class Symbol:
    """Where the configuration is applied: the account, Region or partition (AWS::AccountId, ...)."""

    name: str  # the pseudo parameter it stands for: AWS::AccountId, AWS::Region, AWS::Partition
    written: str

    def described(self, limit: int | None = None) -> str:
        return _cut(self.written, limit)

    @property
    def shape(self) -> str | None:
        return None


@dataclass(frozen=True, slots=True)
class Joined:
    """A string assembled from text and resource references: "${aws_rds_cluster.src.arn}/x"."""

    parts: tuple[str | ResourceRef | Symbol, ...]
    written: str

    def described(self, limit: int | None = None) -> str:
        return _cut(self.written, limit)

    @property
    def shape(self) -> str | None:
        """The text with each reference as `*`: what a pattern compares."""
        return "".join(part if isinstance(part, str) else "*" for part in self.parts)


def _cut(written: str, limit: int | None) -> str:
    """An expression as written, cut after limit characters with its full length."""
    if limit is None or len(written) <= limit:
        return written
    return f"{written[:limit]}... ({len(written)} characters)"


# Data sources that name where Terraform applies, not something to read: (type, attribute) -> symbol.
_SYMBOLS = {
    ("aws_caller_identity", "account_id"): "AWS::AccountId",
    ("aws_partition", "partition"): "AWS::Partition",
    ("aws_region", "name"): "AWS::Region",
    ("aws_region", "region"): "AWS::Region",
}


class Module(Protocol):
    """What evaluating needs of a module instance (modules.ModuleInstance is the one)."""

    @property
    def shown(self) -> str: ...

    @property
    def resources(self) -> dict[str, Block]: ...

    def variable(self, name: str, evaluator: Evaluator) -> Any: ...

    def local(self, name: str, evaluator: Evaluator) -> Any: ...

    def output_of(self, call: str, output: str, evaluator: Evaluator, key: Any = None,
                  indexed: bool = False) -> Any: ...

    def module_value(self, call: str, evaluator: Evaluator, key: Any = None, indexed: bool = False) -> Any: ...

    def address_of(self, kind: str, name: str, key: Any = None) -> str: ...

    def argument_of(self, kind: str, name: str, key: Any, attribute: str, evaluator: Evaluator) -> Any: ...

    def policy_document(self, name: str, evaluator: Evaluator) -> Any: ...

    # Where values are written (origins.py): a variable's value, a local, a module output.
    @property
    def locals(self) -> dict[str, Attribute]: ...

    def scope(self) -> Scope: ...

    def variable_definition(self, name: str) -> tuple[Expr, Scope] | None: ...

    def output_definition(self, call: str, output: str, key: Any, evaluator: Evaluator) -> tuple[Expr, Scope] | None: ...


@dataclass
class Scope:
    """What names mean where an expression is evaluated: a module instance plus iteration names."""

    module: Module
    names: dict[str, Any] = field(default_factory=dict)  # each, count, a dynamic block's iterator, for variables
    # Where the values of iteration names are written: name -> "key"/"value" -> (expression, its scope).
    origins: dict[str, dict[str, tuple[Expr, Scope]]] = field(default_factory=dict)

    def with_names(self, origins: dict[str, dict[str, tuple[Expr, Scope]]] | None = None, **names: Any) -> Scope:
        return Scope(self.module, {**self.names, **names}, {**self.origins, **(origins or {})})


class Evaluator:
    """Evaluates expressions of one run (every module instance shares it)."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        self.depth = 0

    def written(self, expr: Expr) -> str:
        return written(expr, self.texts)

    def evaluate(self, expr: Expr, scope: Scope) -> Any:
        if self.depth > MAX_DEPTH:
            return Unknown(f"{self.written(expr)} refers to itself (a cycle)")
        self.depth += 1
        try:
            return self._evaluate(expr, scope)
        finally:
            self.depth -= 1

    def _evaluate(self, expr: Expr, scope: Scope) -> Any:
        if isinstance(expr, Lit):
            return expr.value
        if isinstance(expr, Tmpl):
            return self.template(expr, scope)
        if isinstance(expr, (Name, GetAttr, Index)):
            return self.traversal(expr, scope)
        if isinstance(expr, Tup):
            return [self.evaluate(item, scope) for item in expr.items]
        if isinstance(expr, Obj):
            out: dict[str, Any] = {}
            for key_expr, value_expr in expr.items:
                key = self.evaluate(key_expr, scope)
                if isinstance(key, bool) or not isinstance(key, (str, int, float)):
                    return Unknown(f"the object key {self.written(key_expr)} is not known")
                out[str(key)] = self.evaluate(value_expr, scope)
            return out
        if isinstance(expr, Cond):
            test = self.evaluate(expr.test, scope)
            if isinstance(test, bool):
                return self.evaluate(expr.then if test else expr.other, scope)
            return Unknown(f"the condition {self.written(expr.test)} cannot be decided")
        if isinstance(expr, BinOp):
            return self.binary(expr, scope)
        if isinstance(expr, Unary):
            value = self.evaluate(expr.operand, scope)
            if expr.op == "!" and isinstance(value, bool):
                return not value
            if expr.op == "-" and isinstance(value, (int, float)) and not isinstance(value, bool):
                return -value
            return Unknown(f"{self.written(expr)} is not known")
        if isinstance(expr, Call):
            return self.call(expr, scope)
        if isinstance(expr, For):
            return self.for_expr(expr, scope)
        if isinstance(expr, Splat):
            return Unknown(f"the splat expression {self.written(expr)} is not evaluated")
        if isinstance(expr, Opaque):
            return Unknown(f"{expr.what} is not evaluated")
        return Unknown(f"{self.written(expr)} is not evaluated")

    # -- strings ---------------------------------------------------------------------------

    def template(self, expr: Tmpl, scope: Scope) -> Any:
        if len(expr.parts) == 1 and not isinstance(expr.parts[0], str):
            # "${...}" alone is the value itself, whatever its type (a .tf.json jsonencode).
            return self.evaluate(expr.parts[0], scope)
        parts: list[str | ResourceRef | Symbol] = []
        for part in expr.parts:
            value = part if isinstance(part, str) else self.evaluate(part, scope)
            if isinstance(value, Unknown):
                return value
            if isinstance(value, Joined):
                parts.extend(value.parts)
            elif isinstance(value, (ResourceRef, Symbol)):
                parts.append(value)
            else:
                text = to_text(value)
                if text is None:
                    return Unknown(f"{self.written(part) if not isinstance(part, str) else part!r} is not a string")
                parts.append(text)
        merged: list[str | ResourceRef | Symbol] = []
        for piece in parts:
            if isinstance(piece, str) and merged and isinstance(merged[-1], str):
                merged[-1] += piece
            elif piece != "":
                merged.append(piece)
        if all(isinstance(piece, str) for piece in merged):
            return "".join(merged)  # type: ignore[arg-type]
        if len(merged) == 1:
            return merged[0]  # "${aws_rds_cluster.src.arn}" is the reference itself
        return Joined(tuple(merged), self.written(expr))

    # -- references ------------------------------------------------------------------------

    def traversal(self, expr: Expr, scope: Scope) -> Any:
        root, steps = flatten(expr)
        if root is None:
            # An expression that is not a name at its root: (local.x)[0], func()[0].
            base = self.evaluate(_base(expr), scope)
            return self.steps(base, _trailing_steps(expr), scope, expr)
        name = root.name
        if name in scope.names:
            return self.steps(scope.names[name], steps, scope, expr)
        module = scope.module
        if name == "var":
            if not steps or not isinstance(steps[0], str):
                return Unknown(f"{self.written(expr)} names no variable")
            return self.steps(module.variable(steps[0], self), steps[1:], scope, expr)
        if name == "local":
            if not steps or not isinstance(steps[0], str):
                return Unknown(f"{self.written(expr)} names no local value")
            return self.steps(module.local(steps[0], self), steps[1:], scope, expr)
        if name == "module":
            return self.module_output(module, steps, scope, expr)
        if name == "data":
            return self.data(module, steps, scope, expr)
        if name in ("path", "terraform", "self", "each", "count"):
            return Unknown(f"{self.written(expr)} is known only when Terraform runs")
        return self.resource(module, name, steps, scope, expr)

    def steps(self, value: Any, steps: list[Any], scope: Scope, expr: Expr) -> Any:
        for step in steps:
            if isinstance(step, EXPR_TYPES):
                step = self.evaluate(step, scope)
            if isinstance(value, Unknown):
                return value
            if isinstance(step, Unknown):
                return step
            if isinstance(value, dict) and isinstance(step, (str, int)) and not isinstance(step, bool):
                if str(step) not in value:
                    return Unknown(f"{self.written(expr)}: there is no {step!r} in the value")
                value = value[str(step)]
            elif isinstance(value, list) and isinstance(step, int) and not isinstance(step, bool):
                if not 0 <= step < len(value):
                    return Unknown(f"{self.written(expr)}: index {step} is out of range")
                value = value[step]
            else:
                return Unknown(f"{self.written(expr)} cannot be evaluated")
        return value

    def resource(self, module: Module, kind: str, steps: list[Any], scope: Scope, expr: Expr) -> Any:
        if not steps or not isinstance(steps[0], str):
            return Unknown(f"{self.written(expr)} is not evaluated")
        declared = module.resources.get(f"{kind}.{steps[0]}")
        if declared is None:
            return Unknown(f"{self.written(expr)} names a resource that {module.shown} does not declare")
        key, rest = self.instance_key(steps[1:], scope)
        if isinstance(key, Unknown):
            return key
        if not rest or not isinstance(rest[0], str):
            return Unknown(f"{self.written(expr)} is a whole resource, not one of its attributes")
        address = module.address_of(kind, steps[0], key)
        attribute = rest[0]
        found = module.argument_of(kind, steps[0], key, attribute, self)
        if found is not None and not isinstance(found, Unknown):
            return self.steps(found, rest[1:], scope, expr)
        if rest[1:]:
            return Unknown(f"{self.written(expr)} is known only after Terraform applies")
        return ResourceRef(address, attribute, self.written(expr))

    def instance_key(self, steps: list[Any], scope: Scope) -> tuple[Any, list[Any]]:
        """The [count.index] / ["key"] that leads steps, evaluated, and the steps after it (None: no key)."""
        if not steps or isinstance(steps[0], str):
            return None, steps
        key = self.evaluate(steps[0], scope) if isinstance(steps[0], EXPR_TYPES) else steps[0]
        return key, steps[1:]

    def module_output(self, module: Module, steps: list[Any], scope: Scope, expr: Expr) -> Any:
        """module.db.cluster_arn, or module.db[0].cluster_arn / module.db["a"].cluster_arn of a module with
        count/for_each; module.db (or module.db["a"]) alone is the object of its outputs (modules.py)."""
        key, rest = self.instance_key(steps[1:], scope)
        if isinstance(key, Unknown):
            return key
        if not steps or not isinstance(steps[0], str):
            return Unknown(f"{self.written(expr)} names no module")
        indexed = len(steps) - len(rest) == 2
        if not rest:
            return module.module_value(steps[0], self, key, indexed)
        if not isinstance(rest[0], str):
            return Unknown(f"{self.written(expr)} names no module output")
        return self.steps(module.output_of(steps[0], rest[0], self, key, indexed=indexed), rest[1:], scope, expr)

    def data(self, module: Module, steps: list[Any], scope: Scope, expr: Expr) -> Any:
        symbol = _SYMBOLS.get((steps[0], steps[2])) if len(steps) == 3 else None
        if symbol is not None:
            return Symbol(symbol, self.written(expr))
        if len(steps) >= 3 and steps[0] == "aws_iam_policy_document" and steps[2] in ("json", "minified_json"):
            document = module.policy_document(str(steps[1]), self)
            if document is not None:
                return document
        return Unknown(f"{self.written(expr)} is read from AWS when Terraform plans")

    # -- operators and functions -----------------------------------------------------------

    def binary(self, expr: BinOp, scope: Scope) -> Any:
        left, right = self.evaluate(expr.left, scope), self.evaluate(expr.right, scope)
        op = expr.op
        if op in ("&&", "||"):
            if isinstance(left, bool) and isinstance(right, bool):
                return (left and right) if op == "&&" else (left or right)
        elif any(isinstance(side, (Unknown, ResourceRef, Joined, Symbol)) for side in (left, right)):
            pass
        elif op == "==":
            return left == right
        elif op == "!=":
            return left != right
        elif all(isinstance(side, (int, float)) and not isinstance(side, bool) for side in (left, right)):
            operations: dict[str, Callable[[Any, Any], Any]] = {
                "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
                "<": lambda a, b: a < b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
                ">=": lambda a, b: a >= b}
            if op in operations:
                return operations[op](left, right)
        return Unknown(f"{self.written(expr)} cannot be evaluated")

    def call(self, expr: Call, scope: Scope) -> Any:
        function = _FUNCTIONS.get(expr.name)
        if function is None or expr.expand:
            return Unknown(f"the function call {self.written(expr)} is not evaluated")
        args = [self.evaluate(arg, scope) for arg in expr.args]
        if expr.name != "try" and any(isinstance(arg, Unknown) for arg in args):
            return next(arg for arg in args if isinstance(arg, Unknown))
        try:
            return function(args)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):
            return Unknown(f"the function call {self.written(expr)} is not evaluated")

    def for_expr(self, expr: For, scope: Scope) -> Any:
        collection = self.evaluate(expr.collection, scope)
        if not isinstance(collection, (list, dict)):
            return collection if isinstance(collection, Unknown) else Unknown(
                f"the for expression {self.written(expr)} iterates over a value that is not known")
        items: Iterator[tuple[Any, Any]] = iter(collection.items() if isinstance(collection, dict)
                                                else enumerate(collection))
        out_list: list[Any] = []
        out_map: dict[str, Any] = {}
        for key, value in items:
            names = {expr.value_var: value}
            if expr.key_var is not None:
                names[expr.key_var] = key
            inner = scope.with_names(**names)
            if expr.condition is not None:
                keep = self.evaluate(expr.condition, inner)
                if not isinstance(keep, bool):
                    return Unknown(f"the condition of {self.written(expr)} cannot be decided")
                if not keep:
                    continue
            result = self.evaluate(expr.value, inner)
            if expr.key is None:
                out_list.append(result)
                continue
            result_key = self.evaluate(expr.key, inner)
            if not isinstance(result_key, str):
                return Unknown(f"a key of {self.written(expr)} is not known")
            if expr.group:
                out_map.setdefault(result_key, []).append(result)
            else:
                out_map[result_key] = result
        return out_list if expr.key is None else out_map


def to_text(value: Any) -> str | None:
    """A scalar as Terraform converts it to a string (booleans lower-case, null is not one)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return value if isinstance(value, str) else None


def flatten(expr: Expr) -> tuple[Name | None, list[Any]]:
    """aws_rds_cluster.src[0].arn -> (Name aws_rds_cluster, ["src", <0>, "arn"])."""
    steps: list[Any] = []
    node = expr
    while isinstance(node, (GetAttr, Index)):
        steps.append(node.name if isinstance(node, GetAttr) else node.key)
        node = node.obj
    steps.reverse()
    return (node, steps) if isinstance(node, Name) else (None, steps)


def _base(expr: Expr) -> Expr:
    node = expr
    while isinstance(node, (GetAttr, Index)):
        node = node.obj
    return node


def _trailing_steps(expr: Expr) -> list[Any]:
    return flatten(expr)[1]


def _json_value(value: Any) -> Any:
    """jsondecode's result; references cannot appear in decoded text."""
    return json.loads(value)


def _merge(args: list[Any]) -> Any:
    out: dict[str, Any] = {}
    for arg in args:
        if not isinstance(arg, dict):
            raise TypeError
        out.update(arg)
    return out


def _concat(args: list[Any]) -> Any:
    out: list[Any] = []
    for arg in args:
        if not isinstance(arg, list):
            raise TypeError
        out.extend(arg)
    return out


def _join(args: list[Any]) -> Any:
    separator, *lists = args
    items = [item for items in lists for item in items]
    texts = [to_text(item) for item in items]
    if not isinstance(separator, str) or any(text is None for text in texts):
        raise TypeError
    return separator.join(texts)  # type: ignore[arg-type]


def _range(args: list[Any]) -> Any:
    """range(limit), range(start, limit) or range(start, limit, step), counting as Terraform does."""
    if not 1 <= len(args) <= 3 or not all(isinstance(arg, (int, float)) and not isinstance(arg, bool) for arg in args):
        raise TypeError
    start, limit = (0, args[0]) if len(args) == 1 else (args[0], args[1])
    step = args[2] if len(args) == 3 else (1 if limit >= start else -1)
    if step == 0 or (start != limit and (step > 0) != (limit > start)):
        raise ValueError  # Terraform rejects a step that never reaches the limit
    out: list[Any] = []
    value = start
    while (value < limit) if step > 0 else (value > limit):
        if len(out) == 1024:
            raise ValueError  # Terraform's limit on the length of a range
        out.append(value)
        value += step
    return out


def _lookup(args: list[Any]) -> Any:
    mapping, key, *default = args
    if not isinstance(mapping, dict):
        raise TypeError
    if key in mapping:
        return mapping[key]
    if default:
        return default[0]
    raise KeyError(key)


def _coalesce(args: list[Any]) -> Any:
    for arg in args:
        if arg is not None and arg != "":
            return arg
    raise ValueError


def _try(args: list[Any]) -> Any:
    # try() returns the first argument that evaluates without an error; an unknown one may yet be
    # fine at apply time, so the result is unknown unless the first argument is known.
    if not args:
        raise ValueError
    return args[0]


def _text(args: list[Any]) -> Any:
    (value,) = args
    text = to_text(value)
    if text is None:
        raise TypeError
    return text


def _number(args: list[Any]) -> Any:
    (value,) = args
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    number = float(value)
    return int(number) if number.is_integer() else number


def _bool(args: list[Any]) -> Any:
    (value,) = args
    if isinstance(value, bool):
        return value
    return {"true": True, "false": False}[value]


def _format(args: list[Any]) -> Any:
    spec, *values = args
    if not isinstance(spec, str):
        raise TypeError
    out, index, position = [], 0, 0
    while position < len(spec):
        char = spec[position]
        if char == "%" and position + 1 < len(spec):
            verb = spec[position + 1]
            if verb == "%":
                out.append("%")
            elif verb in "sdv":
                text = to_text(values[index])
                if text is None:
                    raise TypeError
                out.append(text)
                index += 1
            else:
                raise ValueError
            position += 2
            continue
        out.append(char)
        position += 1
    return "".join(out)


def _strings(function: Callable[[str], str]) -> Callable[[list[Any]], Any]:
    def apply(args: list[Any]) -> Any:
        (value,) = args
        if not isinstance(value, str):
            raise TypeError
        return function(value)

    return apply


_FUNCTIONS: dict[str, Callable[[list[Any]], Any]] = {
    # jsonencode keeps the structure: the policy reader takes the document itself.
    "jsonencode": lambda args: args[0],
    "jsondecode": lambda args: _json_value(args[0]),
    "lower": _strings(str.lower),
    "upper": _strings(str.upper),
    "trimspace": _strings(str.strip),
    "tostring": _text,
    "tonumber": _number,
    "tobool": _bool,
    "tolist": lambda args: list(args[0]),
    "toset": lambda args: list(dict.fromkeys(args[0])),
    "tomap": lambda args: dict(args[0]),
    "merge": _merge,
    "concat": _concat,
    "join": _join,
    "range": _range,
    "lookup": _lookup,
    "coalesce": _coalesce,
    "try": _try,
    "format": _format,
    "length": lambda args: len(args[0]),
    "keys": lambda args: sorted(args[0]),
    "values": lambda args: [args[0][key] for key in sorted(args[0])],
    "element": lambda args: args[0][args[1] % len(args[0])],
    "split": lambda args: args[1].split(args[0]) if isinstance(args[0], str) and isinstance(args[1], str) else [][0],
    "replace": lambda args: args[0].replace(args[1], args[2]) if all(isinstance(a, str) for a in args) else [][0],
}
