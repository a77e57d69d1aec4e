"""Join what each input declares into one Deployment: literal ARNs across inputs, policies, intended roles, replicas.

An adapter first names its sources' literal identifiers (`identify`), so that any input's literal
or assembled ARN (`arn`) finds the cluster or instance it names, whichever input declares it;
then it hands in its model objects as `Declared` parts, and `deployment` joins the parts of every
input once: resource policies filed under the targets their ARNs name, the sources and targets
meant for zero-ETL, each read replica's primary, and the indexes rules read.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from zeroetl_lint.model.arns import ArnText, EntityKind, match_arn
from zeroetl_lint.model.dependencies import CreationOrder, Dependencies
from zeroetl_lint.model.deployment import (
    ArnRef,
    Deployment,
    Entity,
    Integration,
    OpaqueIntegration,
    ParameterGroup,
    Policy,
    Source,
    Stack,
    Target,
)
from zeroetl_lint.model.intended import Named, source_reason, target_reason
from zeroetl_lint.model.values import Unknown
from zeroetl_lint.rulebook import Rulebook


@dataclass(frozen=True, slots=True)
class PrimaryLink:
    """How a read replica names its primary: the entity it refers to, or a literal identifier (lower-cased)."""

    entity: Entity | None = None
    identifier: str | None = None


@dataclass(frozen=True, slots=True)
class StandalonePolicy:
    """A policy set apart from its target (a resource, an API call): who sets it, what it says, which ARNs it names."""

    setter: Entity
    policy: Policy | Unknown
    arns: tuple[ArnRef, ...]  # one per value its resource ARN can take
    label: str  # how messages name what sets it: "AWS::Redshift::ResourcePolicy RsPolicy"


@dataclass
class Declared:
    """What one input declares, before the joins across inputs: its stacks, entities and model objects.

    targets carry only their own policies (a namespace's inline policy); policies set apart from
    them are in policies, and the assembly files them.
    """

    stacks: tuple[Stack, ...] = ()
    entities: tuple[Entity, ...] = ()
    sources: list[Source] = field(default_factory=list)
    primaries: dict[int, PrimaryLink] = field(default_factory=dict)  # by id of a replica's entity
    targets: list[Target] = field(default_factory=list)
    policies: list[StandalonePolicy] = field(default_factory=list)
    integrations: list[Integration] = field(default_factory=list)
    parameter_groups: list[ParameterGroup] = field(default_factory=list)
    opaque_integrations: list[OpaqueIntegration] = field(default_factory=list)
    creation_order: Mapping[tuple[int, str], Dependencies] = field(default_factory=dict)
    unresolved_instance_links: bool = False


class Assembly:
    """One run's joins across inputs: built once, handed to every adapter, then asked for the Deployment."""

    def __init__(self, rulebook: Rulebook, named: Named = Named()) -> None:
        self.rulebook = rulebook
        self.named = named
        # (kind, lower-cased literal identifier) -> the first entity declared with it, in input order.
        self._identified: dict[tuple[EntityKind, str], Entity] = {}

    def identify(self, kind: EntityKind, identifier: str, entity: Entity) -> None:
        """Declare that entity is the cluster or instance whose literal identifier is identifier."""
        self._identified.setdefault((kind, identifier.lower()), entity)

    def identified(self, kind: EntityKind, identifier: str) -> Entity | None:
        return self._identified.get((kind, identifier.lower()))

    def arn(self, value: ArnText) -> ArnRef:
        """What a literal or assembled ARN names, among every input's entities."""
        return match_arn(value, self.rulebook.integrations, self.identified)

    def deployment(self, inputs: Iterable[Declared]) -> Deployment:
        parts = list(inputs)
        integrations = [integration for part in parts for integration in part.integrations]
        # What some integration names is a source or target in use; the rest may be intended ones.
        named_by = {id(arn.resource) for integration in integrations for arn in (*integration.sources, *integration.targets)
                    if arn.resource is not None}
        sources = [source if id(source.resource) in named_by else
                   replace(source, intended=source_reason(source, self.rulebook, self.named))
                   for part in parts for source in part.sources]
        sources = _resolve_replicas(sources, {key: link for part in parts for key, link in part.primaries.items()})
        attached, floating = _file_policies(policy for part in parts for policy in part.policies)
        targets = [_with_policies(target, attached.get(id(target.resource), []), floating)
                   for part in parts for target in part.targets]
        targets = [target if id(target.resource) in named_by else
                   replace(target, intended=target_reason(target, self.rulebook, self.named)) for target in targets]
        external = _external_targets(attached, floating)
        targets += list(external.values())
        return Deployment(
            unresolved_instance_links=any(part.unresolved_instance_links for part in parts),
            templates=tuple(stack for part in parts for stack in part.stacks),
            resources=tuple(entity for part in parts for entity in part.entities),
            sources=tuple(sources),
            targets=tuple(targets),
            integrations=tuple(integrations),
            parameter_groups=tuple(group for part in parts for group in part.parameter_groups),
            opaque_integrations=tuple(found for part in parts for found in part.opaque_integrations),
            # Each input's order is keyed by its own stacks: one lookup through them all.
            creation_order=CreationOrder(parts[0].creation_order if len(parts) == 1 else
                                         ChainMap(*(part.creation_order for part in parts))),  # type: ignore[arg-type]
            _source_by_resource={id(source.resource): source for source in sources},
            _target_by_resource={id(target.resource): target for target in targets if target.arn is None},
            _target_by_arn=external,
        )


def _file_policies(policies: Iterable[StandalonePolicy]) -> tuple[dict[int | str, list[tuple[Entity, Policy | Unknown]]],
                                                                   list[Unknown]]:
    """Each policy under the target its ARN names: a namespace among the inputs (by id), or a literal
    namespace ARN (lower-cased); policies whose ARN is unresolved may belong to any target."""
    attached: dict[int | str, list[tuple[Entity, Policy | Unknown]]] = {}
    floating: list[Unknown] = []
    for standalone in policies:
        for arn in standalone.arns:
            if arn.kind == "namespace" and arn.resource is not None:
                attached.setdefault(id(arn.resource), []).append((standalone.setter, standalone.policy))
            elif arn.kind == "namespace" and arn.text is not None:
                attached.setdefault(arn.text.lower(), []).append((standalone.setter, standalone.policy))
            elif arn.kind in ("unknown", "namespace"):
                reason = arn.explanation or f"{arn.written} cannot be compared with the targets' ARNs"
                floating.append(Unknown(f"{standalone.label} may set it: its ResourceArn is unresolved ({reason})"))
            # Any other ARN (a cluster or workgroup ARN) names no namespace: the policy sets nothing here.
    return attached, floating


def _split(found: Iterable[Policy | Unknown], floating: list[Unknown]) -> tuple[tuple[Policy, ...], tuple[Unknown, ...]]:
    items = list(found)
    policies = tuple(item for item in items if isinstance(item, Policy))
    unknowns = tuple(item for item in items if isinstance(item, Unknown))
    return policies, tuple(dict.fromkeys((*unknowns, *floating)))


def _with_policies(target: Target, attached: list[tuple[Entity, Policy | Unknown]], floating: list[Unknown]) -> Target:
    """The target with the policies filed under it after its own, and those that may apply to any target."""
    policies, unknowns = _split((*target.policies, *target.policy_unknowns, *(policy for _, policy in attached)),
                                floating)
    return replace(target, policies=policies, policy_unknowns=unknowns)


def _external_targets(attached: dict[int | str, list[tuple[Entity, Policy | Unknown]]],
                      floating: list[Unknown]) -> dict[str, Target]:
    """Namespaces outside the inputs whose literal ARN a policy set apart from its target names."""
    out: dict[str, Target] = {}
    for key, found in attached.items():
        if not isinstance(key, str):
            continue
        policies, unknowns = _split((policy for _, policy in found), floating)
        kind = "serverless" if ":redshift-serverless:" in key else "provisioned"
        out[key] = Target(found[0][0], kind, policies, unknowns, arn=key)
    return out


def _resolve_replicas(sources: list[Source], primaries: dict[int, PrimaryLink]) -> list[Source]:
    """Give each read replica its primary, and the primary's engine when it has none of its own."""
    by_resource = {id(source.resource): source for source in sources}
    # Instances by identifier, the first in input order: a fleet of replicas naming their primaries
    # finds each in one lookup, not a scan of every source.
    instances: dict[str | None, Source] = {}
    for source in sources:
        if source.kind == "instance":
            instances.setdefault(source.identifier, source)
    done: dict[int, Source] = {}

    def primary_of(replica: Source) -> Source | None:
        link = primaries.get(id(replica.resource)) if replica.is_replica else None
        if link is None:
            return None
        if link.entity is not None:
            return by_resource.get(id(link.entity))
        return instances.get(link.identifier)

    def resolved(source: Source, seen: frozenset[int]) -> Source:
        key = id(source.resource)
        if key in done:
            return done[key]
        primary = primary_of(source)
        if primary is not None and id(primary.resource) not in seen:
            primary = resolved(primary, seen | {key})
            source = replace(source, primary=primary)
            if not source.engine.present and primary.engine.present:
                # A replica runs its primary's engine and version (RDS copies them).
                version = source.engine_version if source.engine_version.present else primary.engine_version
                source = replace(source, engine=primary.engine, engine_name=primary.engine_name,
                                 facts=primary.facts, engine_version=version, engine_inherited=True)
        done[key] = source
        return source

    return [resolved(source, frozenset()) for source in sources]
