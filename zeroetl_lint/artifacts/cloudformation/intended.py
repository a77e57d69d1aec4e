"""Intended sources and targets: what the templates mark as meant for zero-ETL when no integration names it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zeroetl_lint.artifacts.cloudformation.template import Resource
from zeroetl_lint.model.deployment import Source, Target
from zeroetl_lint.rulebook import Rulebook

# Metadata: {zeroetl-lint: {role: source}} on a resource marks it (the suppression key, another entry).
METADATA_KEY = "zeroetl-lint"
ROLE_KEY = "role"
# The properties whose value names a source or target as the user knows it, besides its logical id.
_NAME_PROPERTIES = ("DBClusterIdentifier", "DBInstanceIdentifier", "NamespaceName", "ClusterIdentifier")


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


def _marked(resource: Resource, role: str, names: Iterable[str]) -> str:
    """The config or Metadata naming the resource as a zero-ETL source or target, as a reason."""
    wanted = {name.lower() for name in names}
    for name in _names(resource):
        if name.lower() in wanted:
            return f"the config's {role}s list names {name}"
    metadata = resource.body.get("Metadata")
    ours = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    marked = ours.get(ROLE_KEY) if isinstance(ours, dict) else None
    if isinstance(marked, str) and marked.lower() == role:
        return f"its Metadata says so ({METADATA_KEY}: {{{ROLE_KEY}: {role}}})"
    return ""


def _names(resource: Resource) -> list[str]:
    names = [resource.logical_id]
    if resource.cdk_path:
        names.append(resource.cdk_path)
    for key in _NAME_PROPERTIES:
        prop = resource.prop(key)
        text = prop.text() if prop is not None else None
        if text:
            names.append(text)
    return names
