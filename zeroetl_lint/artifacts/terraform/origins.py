"""Where a value is written: follow variables, locals, module outputs and iterators to the literal that sets it.

Findings about a value point there (the tfvars line, the variable's default, the local's map
entry) rather than at the `var.x` that uses it, when that literal is in the files read.
"""

from __future__ import annotations

from typing import Any

from zeroetl_lint.artifacts.terraform.evaluate import MAX_DEPTH, Evaluator, Scope, flatten
from zeroetl_lint.artifacts.terraform.syntax import EXPR_TYPES, Cond, Expr, GetAttr, Index, Lit, Name, Obj, Pos, Tmpl, Tup
from zeroetl_lint.model.values import Unknown

Definition = tuple[Expr, Scope]


def origin(evaluator: Evaluator, expr: Expr, scope: Scope) -> Pos | None:
    """The position of the literal that expr's value comes from, or None when it is not one literal."""
    found = definition(evaluator, expr, scope)
    return found[0].pos if found is not None and isinstance(found[0], Lit) else None


def definition(evaluator: Evaluator, expr: Expr, scope: Scope) -> Definition | None:
    """The expression (and where it is evaluated) that defines expr's value, following references."""
    steps: list[Any] = []
    for _ in range(MAX_DEPTH):
        if isinstance(expr, Tmpl) and len(expr.parts) == 1 and not isinstance(expr.parts[0], str):
            expr = expr.parts[0]
        elif isinstance(expr, Cond):
            test = evaluator.evaluate(expr.test, scope)
            if not isinstance(test, bool):
                return None
            expr = expr.then if test else expr.other
        elif isinstance(expr, (Name, GetAttr, Index)):
            root, inner = flatten(expr)
            if root is None:
                return None
            keys = [evaluator.evaluate(step, scope) if isinstance(step, EXPR_TYPES) else step for step in inner]
            if any(isinstance(key, Unknown) for key in keys):
                return None
            found = _named(evaluator, root.name, keys, scope)
            if found is None:
                return None
            (expr, scope), rest = found
            steps = rest + steps
        elif steps and isinstance(expr, Obj):
            item = next((value for key, value in expr.items
                         if evaluator.evaluate(key, scope) == steps[0]), None)
            if item is None:
                return None
            expr, steps = item, steps[1:]
        elif steps and isinstance(expr, Tup) and isinstance(steps[0], int) and 0 <= steps[0] < len(expr.items):
            expr, steps = expr.items[steps[0]], steps[1:]
        elif not steps:
            return expr, scope
        else:
            return None
    return None


def _named(evaluator: Evaluator, name: str, keys: list[Any], scope: Scope) -> tuple[Definition, list[Any]] | None:
    """What a reference's root names: (its definition, the steps still to take into it)."""
    if name in scope.names:
        bound = scope.origins.get(name, {})
        if keys and keys[0] in bound:
            return bound[keys[0]], keys[1:]
        return None
    module = scope.module
    if name == "var" and keys and isinstance(keys[0], str):
        found = module.variable_definition(keys[0])
        return (found, keys[1:]) if found is not None else None
    if name == "local" and keys and isinstance(keys[0], str):
        attribute = module.locals.get(keys[0])
        return ((attribute.expr, module.scope()), keys[1:]) if attribute is not None else None
    if name == "module" and len(keys) >= 2 and isinstance(keys[0], str):
        key, rest = (None, keys[1:]) if isinstance(keys[1], str) else (keys[1], keys[2:])
        if not rest or not isinstance(rest[0], str):
            return None
        found = module.output_definition(keys[0], rest[0], key, evaluator)
        return (found, rest[1:]) if found is not None else None
    return None


def bind_items(evaluator: Evaluator, collection: Expr, scope: Scope) -> dict[Any, dict[str, Definition]]:
    """For an iteration over collection (for_each, a dynamic block): each key's definitions of key and value."""
    found = definition(evaluator, collection, scope)
    if found is None:
        return {}
    expr, where = found
    if isinstance(expr, Obj):
        out: dict[Any, dict[str, Definition]] = {}
        for key_expr, value_expr in expr.items:
            key = evaluator.evaluate(key_expr, where)
            if isinstance(key, str):
                out[key] = {"key": (key_expr, where), "value": (value_expr, where)}
        return out
    if isinstance(expr, Tup):
        return {index: {"value": (item, where)} for index, item in enumerate(expr.items)}
    return {}

