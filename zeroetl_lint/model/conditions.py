"""Conditions of the inputs: which branches choose a value or remove a property, and how messages say so."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import product
from typing import Any, Protocol

# One way through nested conditional values: each condition met on the way and the branch taken
# (True: the first).
IfPath = tuple[tuple[str, bool], ...]

# A condition name no input can define: stands for a choice the model cannot name (a removal
# reached through something other than a named condition).
OPAQUE = ""

# More distinct conditions than this are not enumerated.
_MAX_CONDITIONS = 8


class Removable(Protocol):
    """A property that some branches may remove."""

    @property
    def absent_when(self) -> tuple[IfPath, ...]: ...

    @property
    def object(self) -> str: ...

    @property
    def scope(self) -> str: ...


class Conditional(Protocol):
    """Something that exists only where its condition holds (a resource with a Condition)."""

    @property
    def condition(self) -> IfPath: ...

    @property
    def object(self) -> str: ...

    @property
    def scope(self) -> str: ...


def removed_where(prop: Removable | None, *, exists: Conditional | None = None,
                  present: Removable | None = None) -> bool | None:
    """Can prop be removed while exists (a resource, through its condition) exists and present is set?

    True when some branch removes prop (or it is absent) in such a deployment; False when none can;
    None when that depends on how differently named conditions relate, which the inputs do not say
    (two names may stand for the same test).
    """
    if prop is None or not getattr(prop, "present", True):
        return True
    if not prop.absent_when:
        return False
    # Condition names are per scope (and opaque choices per property): qualify them.
    removed = [_qualify(branch, prop) for branch in prop.absent_when]
    required = _qualify(exists.condition, exists) if exists is not None else ()
    kept_out = ([_qualify(branch, present) for branch in present.absent_when]
                if present is not None and getattr(present, "present", True) else [])
    names = sorted({name for branch in (*removed, required, *kept_out) for name, _ in branch})
    if len(names) > _MAX_CONDITIONS:
        return None
    for values in product((True, False), repeat=len(names)):
        assignment = dict(zip(names, values))
        if (_holds(required, assignment) and any(_holds(branch, assignment) for branch in removed)
                and not any(_holds(branch, assignment) for branch in kept_out)):
            return True if len(names) <= 1 else None
    return False


def _qualify(branch: IfPath, owner: Removable | Conditional) -> tuple[tuple[tuple[str, str], bool], ...]:
    return tuple(((owner.scope, name or f"?{owner.object}"), taken) for name, taken in branch)


def _holds(branch: Iterable[tuple[Any, bool]], assignment: dict[Any, bool]) -> bool:
    return all(assignment[name] is taken for name, taken in branch)


def describe_branches(branches: Iterable[IfPath]) -> str:
    """'when condition UseKey is false', for messages; 'in some Fn::If branch' when a choice has no name."""
    described = []
    for branch in branches:
        if any(name == OPAQUE for name, _ in branch):
            return "in some Fn::If branch"
        words = [f"{name} is {'true' if taken else 'false'}" for name, taken in branch]
        described.append(f"condition{'s' if len(words) > 1 else ''} " + " and ".join(words))
    return "when " + " or when ".join(described) if described else "in some Fn::If branch"


def branch_qualifier(path: IfPath, opaque: bool = False) -> str:
    """How messages say which branch a value belongs to: ' when condition X is true', or ''."""
    if opaque:
        return " in some Fn::If branch"
    return f" {describe_branches([path])}" if path else ""
