"""The deployment model that rules read: sources, parameter groups, targets, policies, integrations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from zeroetl_lint.artifacts.cloudformation.intrinsics import Unknown

if TYPE_CHECKING:
    from zeroetl_lint.artifacts.cloudformation.template import Prop, Resource, Template
    from zeroetl_lint.rulebook import EngineFacts

# A resource policy set apart from its target (the PutResourcePolicy API as a resource).
RESOURCE_POLICY = "AWS::Redshift::ResourcePolicy"

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
    when: str = ""  # " when condition X is true" for a value an Fn::If chooses (see Branch.when)
    # A value assembled from text and pseudo parameters only, in Fn::Sub notation
    # ("arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster:*"): a pattern in a policy.
    symbolic: str | None = None


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
    storage_type: Prop | None = None  # the storage type as written ("standard" is magnetic)
    # Membership of an Aurora global database: the cluster's own link, or the global cluster's
    # link to it as its source (primary) cluster.
    global_cluster: Prop | None = None
    replica_of: Prop | None = None  # set when the source is a read replica: how it names its primary
    primary: Source | None = None  # that primary, when it is among the inputs
    # True when engine, engine_name, facts and engine_version are the primary's (a replica has none).
    engine_inherited: bool = False

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
    actions: tuple[str, ...]  # the Action list, or the NotAction list when not_action is set
    source_tests: tuple[SourceTest, ...]  # every test of aws:SourceArn; all must hold (none: any source)
    has_principal: bool
    not_action: bool = False  # the statement applies to every action but those listed (NotAction)
    # The Principal as (type, value) pairs: ("*", "*"), ("AWS", "arn:aws:iam::123456789012:root"),
    # ("Service", "redshift.amazonaws.com"); None when the statement has no Principal or it is computed.
    principals: tuple[tuple[str, str], ...] | None = None
    actions_complete: bool = True  # False when some entry of the list (or the list itself) is computed
    index: int = 0  # its position in the policy's Statement list

    @property
    def action_key(self) -> str:
        return "NotAction" if self.not_action else "Action"


@dataclass(frozen=True, slots=True)
class Policy:
    """A Redshift namespace resource policy, as one of the places that can set it writes it."""

    prop: Prop  # the policy document: NamespaceResourcePolicy, or the Policy of an AWS::Redshift::ResourcePolicy
    statements: tuple[Statement, ...]
    # The resource that sets it: the namespace or cluster itself (NamespaceResourcePolicy), or an
    # AWS::Redshift::ResourcePolicy, whose own Condition decides whether the policy exists.
    owner: Resource

    @property
    def standalone(self) -> bool:
        """Is it an AWS::Redshift::ResourcePolicy rather than a property of the target?"""
        return self.owner.type == RESOURCE_POLICY

    @property
    def label(self) -> str:
        """'the NamespaceResourcePolicy of Namespace', 'the AWS::Redshift::ResourcePolicy RsPolicy'."""
        if self.standalone:
            return f"the {self.owner.type} {self.owner.label}"
        return f"the NamespaceResourcePolicy of {self.owner.label}"


@dataclass(frozen=True, slots=True)
class Workgroup:
    """A Redshift Serverless workgroup and its config parameters."""

    resource: Resource
    namespace: Prop | None
    config: dict[str, Prop]  # ParameterKey -> ParameterValue as written
    config_prop: Prop | None


@dataclass(frozen=True, slots=True)
class Target:
    """A zero-ETL target: a Redshift Serverless namespace or a provisioned Redshift cluster.

    A namespace outside the inputs is a target too when an AWS::Redshift::ResourcePolicy among them
    names its literal ARN (arn is then set and resource is that policy resource): its policy can be
    checked, nothing else.
    """

    resource: Resource
    kind: Literal["serverless", "provisioned"]
    # Every resource policy among the inputs that applies to the target (NamespaceResourcePolicy,
    # AWS::Redshift::ResourcePolicy resources): their statements are read together.
    policies: tuple[Policy, ...] = ()
    # Policies that may apply but cannot be read: a document that is not static, or a ResourcePolicy
    # whose ResourceArn is unresolved. Authorization is then undecided unless the rest decides it.
    policy_unknowns: tuple[Unknown, ...] = ()
    workgroups: tuple[Workgroup, ...] = ()  # serverless only
    node_type: Prop | None = None  # provisioned only
    number_of_nodes: Prop | None = None
    cluster_type: Prop | None = None
    encrypted: Prop | None = None
    parameter_group: GroupLink | None = None
    arn: str | None = None  # the literal namespace ARN of a target outside the inputs
    maintenance_track: Prop | None = None  # provisioned only: current, trailing, ...

    @property
    def label(self) -> str:
        return f"namespace {self.arn}" if self.arn is not None else self.resource.label

    @property
    def name(self) -> str:
        """The target in fix texts: its logical id, or its ARN when it is outside the inputs."""
        return self.arn if self.arn is not None else self.resource.logical_id


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
    description: Prop | None = None
    tag_keys: tuple[Prop, ...] = ()  # each tag's key and value as written
    tag_values: tuple[Prop, ...] = ()

    @property
    def label(self) -> str:
        return self.resource.label


@dataclass(frozen=True)
class Deployment:
    """Everything the templates of one run define, joined across templates."""

    templates: tuple[Template, ...] = ()
    resources: tuple[Resource, ...] = ()  # every typed entry of every template
    sources: tuple[Source, ...] = ()
    targets: tuple[Target, ...] = ()
    integrations: tuple[Integration, ...] = ()
    parameter_groups: tuple[ParameterGroup, ...] = ()
    _source_by_resource: dict[int, Source] = field(default_factory=dict, repr=False)
    _target_by_resource: dict[int, Target] = field(default_factory=dict, repr=False)
    _target_by_arn: dict[str, Target] = field(default_factory=dict, repr=False)  # lower-cased literal ARNs

    def source_of(self, arn: ArnRef) -> Source | None:
        return self._source_by_resource.get(id(arn.resource)) if arn.resource is not None else None

    def target_of(self, arn: ArnRef) -> Target | None:
        if arn.resource is not None:
            return self._target_by_resource.get(id(arn.resource))
        if arn.kind == "namespace" and arn.text is not None:
            return self._target_by_arn.get(arn.text.lower())
        return None

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
