"""The deployment model that rules read: sources, parameter groups, targets, policies, integrations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from zeroetl_lint.artifacts.cfn_values import Unknown

if TYPE_CHECKING:
    from zeroetl_lint.artifacts.cloudformation import Prop, Resource, Template
    from zeroetl_lint.rulebook import EngineFacts

ArnKind = Literal[
    "cluster",  # an RDS DB cluster ARN
    "instance",  # an RDS DB instance ARN
    "namespace",  # a Redshift (Serverless or provisioned) namespace ARN
    "workgroup",  # a Redshift Serverless workgroup ARN
    "redshift-cluster",  # a provisioned Redshift cluster ARN (not its namespace)
    "catalog",  # an AWS Glue Data Catalog ARN: a SageMaker lakehouse target, not Redshift
    "not-arn",  # a name or identifier, e.g. what Ref returns
    "other",  # an ARN or attribute of something else entirely
    "unknown",  # cannot be known statically
]


@dataclass(frozen=True, slots=True)
class ArnRef:
    """What an ARN-valued property points at, as far as the inputs tell."""

    kind: ArnKind
    written: str  # how it was written, for messages: "!Ref RDSDBCluster01", "'arn:aws:...'"
    resource: Resource | None = None  # the resource in the inputs it names, when known
    text: str | None = None  # the literal ARN, when fully literal
    region: str | None = None  # the Region, when literal
    explanation: str = ""  # why kind is not-arn/other/unknown


@dataclass(frozen=True, slots=True)
class ParameterGroup:
    """An RDS DB (cluster) parameter group or a Redshift cluster parameter group."""

    resource: Resource
    family: Prop | None
    parameters: dict[str, Prop]  # name -> the value as written
    parameters_prop: Prop | None  # the Parameters property itself


@dataclass(frozen=True, slots=True)
class GroupLink:
    """How a cluster or instance names its parameter group."""

    prop: Prop | None  # the *ParameterGroupName property; None when absent
    group: ParameterGroup | None = None  # the group when it is a resource among the inputs
    name: str | None = None  # the literal name when the group is not among the inputs
    unknown: Unknown | None = None  # set when the name cannot be resolved


@dataclass(frozen=True, slots=True)
class Source:
    """A zero-ETL source: an Aurora DB cluster or an RDS DB instance."""

    resource: Resource
    kind: Literal["cluster", "instance"]
    engine: Prop | None
    engine_name: str | None  # lower-cased literal engine, when known
    facts: EngineFacts | None  # the rulebook entry for the engine; None when unsupported/unknown
    engine_version: Prop | None
    parameter_group: GroupLink
    instances: tuple[Resource, ...] = ()  # DB instances that belong to a cluster
    identifier: str | None = None  # DBClusterIdentifier / DBInstanceIdentifier, lower-cased

    @property
    def label(self) -> str:
        return self.resource.label


@dataclass(frozen=True, slots=True)
class SourceTest:
    """One condition operator of a statement applied to aws:SourceArn, with the values it compares."""

    # As written: "StringEquals", "ArnNotLike", "ForAnyValue:StringLikeIfExists", ...; the
    # intrinsic function ("Fn::If") when the Condition block itself is computed.
    operator: str
    # One entry per value written, each with one ArnRef per Fn::If branch of that value. A literal
    # pattern ("arn:aws:rds:*:*:cluster:orders-*") is kept in its ArnRef's text.
    values: tuple[tuple[ArnRef, ...], ...]


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement of a resource policy, reduced to what authorisation needs."""

    object: str
    prop: Prop | None
    effect: str | None
    actions: tuple[str, ...]
    source_tests: tuple[SourceTest, ...]  # every test of aws:SourceArn; all must hold (none: any source)
    has_principal: bool


@dataclass(frozen=True, slots=True)
class Policy:
    """A Redshift namespace resource policy."""

    prop: Prop
    statements: tuple[Statement, ...]
    unknown: Unknown | None = None  # the policy document could not be read statically


@dataclass(frozen=True, slots=True)
class Workgroup:
    """A Redshift Serverless workgroup and its config parameters."""

    resource: Resource
    namespace: Prop | None
    config: dict[str, Prop]  # ParameterKey -> ParameterValue as written
    config_prop: Prop | None


@dataclass(frozen=True, slots=True)
class Target:
    """A zero-ETL target: a Redshift Serverless namespace or a provisioned Redshift cluster."""

    resource: Resource
    kind: Literal["serverless", "provisioned"]
    policy: Policy | None
    policy_unknown: Unknown | None = None
    workgroups: tuple[Workgroup, ...] = ()  # serverless only
    node_type: Prop | None = None  # provisioned only
    number_of_nodes: Prop | None = None
    cluster_type: Prop | None = None
    encrypted: Prop | None = None
    parameter_group: GroupLink | None = None

    @property
    def label(self) -> str:
        return self.resource.label


@dataclass(frozen=True, slots=True)
class Integration:
    """An AWS::RDS::Integration (or a misused AWS::Redshift::Integration)."""

    resource: Resource
    resource_type: Literal["rds", "redshift"]
    name: Prop | None
    source_prop: Prop | None
    target_prop: Prop | None
    sources: tuple[ArnRef, ...]  # one per Fn::If branch
    targets: tuple[ArnRef, ...]
    data_filter: Prop | None
    kms_key: Prop | None
    encryption_context: Prop | None

    @property
    def label(self) -> str:
        return self.resource.label


@dataclass(frozen=True)
class Deployment:
    """Everything the templates of one run define, joined across templates."""

    templates: tuple[Template, ...] = ()
    sources: tuple[Source, ...] = ()
    targets: tuple[Target, ...] = ()
    integrations: tuple[Integration, ...] = ()
    parameter_groups: tuple[ParameterGroup, ...] = ()
    _source_by_resource: dict[int, Source] = field(default_factory=dict, repr=False)
    _target_by_resource: dict[int, Target] = field(default_factory=dict, repr=False)

    def source_of(self, arn: ArnRef) -> Source | None:
        return self._source_by_resource.get(id(arn.resource)) if arn.resource is not None else None

    def target_of(self, arn: ArnRef) -> Target | None:
        return self._target_by_resource.get(id(arn.resource)) if arn.resource is not None else None

    def integration_sources(self, integration: Integration) -> tuple[Source, ...]:
        """The distinct sources among the inputs that an integration's SourceArn can name."""
        found: dict[int, Source] = {}
        for arn in integration.sources:
            source = self.source_of(arn)
            if source is not None:
                found[id(source)] = source
        return tuple(found.values())

    def integrations_using(self, source: Source) -> tuple[Integration, ...]:
        """The integrations whose SourceArn can name source."""
        return tuple(integration for integration in self.integrations
                     if any(found is source for found in self.integration_sources(integration)))

    def integration_targets(self, integration: Integration) -> tuple[Target, ...]:
        found: dict[int, Target] = {}
        for arn in integration.targets:
            target = self.target_of(arn)
            if target is not None:
                found[id(target)] = target
        return tuple(found.values())
