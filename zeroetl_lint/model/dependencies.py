"""Creation order: what each resource of the inputs waits for before it is created, within its stack."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from zeroetl_lint.model.values import Field


class _Placed(Protocol):
    """What the order needs of an entity (model.deployment.Entity has it): its stack and its id there."""

    @property
    def logical_id(self) -> str: ...

    @property
    def stack(self) -> object: ...


@dataclass(frozen=True, slots=True)
class Dependencies:
    """What one resource waits for: the ids it lists explicitly, and every resource of its stack it names."""

    # The explicit list (CloudFormation's DependsOn, Terraform's depends_on), named as the input
    # names it; when absent it points at the resource, so a fix can add it there.
    listed: Field
    names: tuple[str, ...]  # the ids listed, as written (those of other stacks too)
    # The ids of its own stack it waits for directly: listed, or referenced anywhere in its entry
    # (a reference in Metadata orders creation too, which an explicit list cannot do conditionally).
    direct: frozenset[str]


@dataclass(frozen=True)
class CreationOrder:
    """The dependencies of every resource of the inputs, by (stack, id); edges never leave a stack."""

    by_entity: Mapping[tuple[int, str], Dependencies] = field(default_factory=dict)

    def of(self, entity: _Placed) -> Dependencies | None:
        return self.by_entity.get((id(entity.stack), entity.logical_id))

    def waits_for(self, entity: _Placed, other: _Placed) -> bool:
        """Is entity created after other, directly or through other resources of its stack?"""
        if entity.stack is not other.stack:
            return False  # across stacks, stack order (exports) decides
        stack = id(entity.stack)
        seen: set[str] = set()
        pending = [entity.logical_id]
        while pending:
            found = self.by_entity.get((stack, pending.pop()))
            for name in found.direct if found is not None else ():
                if name == other.logical_id:
                    return True
                if name not in seen:
                    seen.add(name)
                    pending.append(name)
        return False
