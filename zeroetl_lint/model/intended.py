"""Intended sources and targets: what the inputs mark as meant for zero-ETL when no integration names it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zeroetl_lint.model.deployment import Entity, Source, Target
from zeroetl_lint.rulebook import Rulebook


@dataclass(frozen=True)
class Named:
    """The sources and targets the config names (`sources = [...]`, `targets = [...]`)."""

    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()


def source_reason(source: Source, rulebook: Rulebook, named: Named) -> str:
    """Why a source is meant for zero-ETL without an integration among the inputs ("" when it is not)."""
    reason = _marked(source.resource, "source", named.sources)
    if reason:
        return reason
    group = source.parameter_group.group
    if group is None:
        return ""
    for parameter in rulebook.sources.intended_source_parameters.values:
        if parameter in group.parameters:
            return f"its parameter group sets {parameter}, which only zero-ETL needs"
    return ""


def target_reason(target: Target, rulebook: Rulebook, named: Named) -> str:
    """Why a target is meant for zero-ETL without an integration among the inputs ("" when it is not)."""
    if target.arn is not None:
        return ""  # a namespace outside the inputs: only its policy is known, and ZE305 needs an integration
    reason = _marked(target.resource, "target", named.targets)
    if reason:
        return reason
    authorization = rulebook.targets.authorization
    actions = {authorization.source_action.lower(), authorization.principal_action.lower()}
    for policy in target.policies:
        for statement in policy.statements:
            allowed = {action.lower() for action in statement.actions}
            if (statement.effect or "").lower() == "allow" and not statement.not_action and allowed & actions:
                return f"{policy.label} authorizes inbound integrations"
    return ""


def _marked(resource: Entity, role: str, names: Iterable[str]) -> str:
    """The config naming the resource as a zero-ETL source or target, or the input marking it so, as a reason."""
    wanted = {name.lower() for name in names}
    for name in resource.names:
        if name.lower() in wanted:
            return f"the config's {role}s list names {name}"
    return resource.marked(role)
