"""The Terraform syntax tree this adapter evaluates: blocks, attributes and expressions, each with its position."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True, slots=True)
class Pos:
    """Where a node is written: 1-based line and column (end column inclusive), 0-based offsets (end exclusive)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class Lit:
    """A literal: string, number, bool or null (None)."""

    value: str | int | float | bool | None
    pos: Pos
    quoted: bool = False  # a "..." string (then pos covers the quotes)


@dataclass(frozen=True, slots=True)
class Tmpl:
    """A string with interpolations: "${var.name}-pg16", a heredoc."""

    parts: tuple[Union[str, "Expr"], ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Name:
    """A bare identifier at the root of a reference: var, local, aws_rds_cluster, each, count, module, data."""

    name: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class GetAttr:
    obj: "Expr"
    name: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Index:
    obj: "Expr"
    key: "Expr"
    pos: Pos


@dataclass(frozen=True, slots=True)
class Splat:
    """`x[*].y` or `x.*.y`: a list of every instance's attribute."""

    obj: "Expr"
    pos: Pos


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple["Expr", ...]
    pos: Pos
    expand: bool = False  # the last argument ends with `...`


@dataclass(frozen=True, slots=True)
class Obj:
    items: tuple[tuple["Expr", "Expr"], ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Tup:
    items: tuple["Expr", ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Cond:
    test: "Expr"
    then: "Expr"
    other: "Expr"
    pos: Pos


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str
    left: "Expr"
    right: "Expr"
    pos: Pos


@dataclass(frozen=True, slots=True)
class Unary:
    op: str
    operand: "Expr"
    pos: Pos


@dataclass(frozen=True, slots=True)
class For:
    """`[for k, v in coll : value if cond]` or `{for k, v in coll : key => value}`."""

    key_var: str | None
    value_var: str
    collection: "Expr"
    key: "Expr | None"  # the object form's key expression; None for the tuple form
    value: "Expr"
    condition: "Expr | None"
    pos: Pos
    group: bool = False  # `...` after the value


@dataclass(frozen=True, slots=True)
class Opaque:
    """Syntax this adapter does not evaluate (template directives), kept with what it says."""

    what: str
    pos: Pos


Expr = Union[Lit, Tmpl, Name, GetAttr, Index, Splat, Call, Obj, Tup, Cond, BinOp, Unary, For, Opaque]


@dataclass(frozen=True, slots=True)
class Attribute:
    """`name = expression`."""

    name: str
    expr: Expr
    pos: Pos  # the whole `name = value`
    name_pos: Pos


@dataclass(frozen=True, slots=True)
class Block:
    """`type "label" ... { body }`."""

    type: str
    labels: tuple[str, ...]
    body: Body
    pos: Pos

    @property
    def path(self) -> str:
        return self.pos.path


@dataclass(frozen=True, slots=True)
class Body:
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: tuple[Block, ...] = ()

    def blocks_of(self, kind: str) -> tuple[Block, ...]:
        return tuple(block for block in self.blocks if block.type == kind)


@dataclass(frozen=True, slots=True)
class TfFile:
    """One .tf or .tf.json file: its text and top-level body."""

    path: str
    text: str
    body: Body


def written(expr: Expr, text_of: dict[str, str]) -> str:
    """The expression as it is written in its file (for messages), collapsed to one line."""
    pos = expr.pos
    text = text_of.get(pos.path)
    if text is None or pos.end <= pos.start:
        return "an expression"
    return " ".join(text[pos.start:pos.end].split())


# The expression node types, for isinstance checks.
EXPR_TYPES = (Lit, Tmpl, Name, GetAttr, Index, Splat, Call, Obj, Tup, Cond, BinOp, Unary, For, Opaque)


def subexpressions(expr: Expr) -> list[Expr]:
    """The expressions directly inside expr."""
    if isinstance(expr, Tmpl):
        return [part for part in expr.parts if not isinstance(part, str)]
    if isinstance(expr, (GetAttr, Splat)):
        return [expr.obj]
    if isinstance(expr, Index):
        return [expr.obj, expr.key]
    if isinstance(expr, Call):
        return list(expr.args)
    if isinstance(expr, Obj):
        return [node for pair in expr.items for node in pair]
    if isinstance(expr, Tup):
        return list(expr.items)
    if isinstance(expr, Cond):
        return [expr.test, expr.then, expr.other]
    if isinstance(expr, BinOp):
        return [expr.left, expr.right]
    if isinstance(expr, Unary):
        return [expr.operand]
    if isinstance(expr, For):
        return [node for node in (expr.collection, expr.key, expr.value, expr.condition) if node is not None]
    return []


def expressions(body: Body) -> Iterator[Expr]:
    """Every expression written in a block body: its attributes', its nested blocks', and those inside them."""
    pending: list[Expr] = [attribute.expr for attribute in body.attributes.values()]
    blocks = list(body.blocks)
    while blocks:
        block = blocks.pop()
        pending.extend(attribute.expr for attribute in block.body.attributes.values())
        blocks.extend(block.body.blocks)
    while pending:
        expr = pending.pop()
        yield expr
        pending.extend(subexpressions(expr))


def referenced_resources(body: Body) -> list[tuple[str, str]]:
    """(type, name) of every `type.name...` reference in a block body, nested blocks included."""
    return [(expr.obj.name, expr.name) for expr in expressions(body)
            if isinstance(expr, GetAttr) and isinstance(expr.obj, Name) and expr.obj.name not in _NOT_RESOURCES]


# Roots of references that are not resources.
_NOT_RESOURCES = frozenset({"var", "local", "module", "data", "path", "terraform", "self", "each", "count"})


def literals(body: Body) -> list[Lit]:
    """Every literal written in a body (attributes, nested blocks, inside expressions)."""
    return [expr for expr in expressions(body) if isinstance(expr, Lit)]
