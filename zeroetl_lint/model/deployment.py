"""The deployment model that rules read: sources, parameter groups, targets, policies, integrations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

from zeroetl_lint.findings import Location
from zeroetl_lint.model.conditions import IfPath
from zeroetl_lint.model.dependencies import CreationOrder
from zeroetl_lint.model.edits import Editor
from zeroetl_lint.model.values import Field, Unknown, is_scalar
from zeroetl_lint.model.vocabulary import Vocabulary

if TYPE_CHECKING:
    from zeroetl_lint.rulebook import EngineFacts


class Stack(Protocol):
    """What resources are deployed together in (a template, a Terraform module instance): one file, account, Region."""

    @property
    def path(self) -> str: ...  # the file it is read from

    @property
    def region(self) -> str | None: ...  # when the input tells

    @property
    def account(self) -> str | None: ...

    @property
    def vocabulary(self) -> Vocabulary: ...  # how messages word what its input does not write


class Entity(Protocol):
    """A resource of some input as rules name it: its id, its label, where it is and what it is called."""

    @property
    def logical_id(self) -> str: ...  # the input's id for it: a logical id, a resource address

    @property
    def type(self) -> str: ...  # the input's type name: "AWS::RDS::DBCluster", "aws_rds_cluster"

    @property
    def aws_type(self) -> str: ...  # the AWS resource type it declares, whatever the input: "AWS::RDS::DBCluster"

    @property
    def label(self) -> str: ...  # how messages name it

    @property
    def location(self) -> Location: ...

    @property
    def object(self) -> str: ...  # the input's path to it: "Resources/Cluster"

    @property
    def scope(self) -> str: ...  # condition names are per scope (a template)

    @property
    def condition(self) -> IfPath: ...  # it exists only where this holds

    @property
    def vocabulary(self) -> Vocabulary: ...  # how messages word what its input does not write

    @property
    def stack(self) -> Stack: ...  # the entities of one stack are deployed together (compared with `is`)

    @property
    def type_location(self) -> Location: ...  # where its type is written

    def reference(self, attribute: str) -> str: ...  # how the input refers to an attribute: "!GetAtt X.Arn"

    # A fix sentence: how a resource of that stack gets the attribute. In its own stack the reference;
    # from another, the export or module output that passes it, or how to add one.
    def reference_from(self, attribute: str, stack: Stack) -> str: ...

    def editor(self) -> Editor: ...  # how fixes edit the file that holds it (model/edits.py)

    @property
    def names(self) -> tuple[str, ...]: ...  # what users call it: its id, and the names it is given

    def marked(self, role: str) -> str: ...  # why its input marks it as a zero-ETL role ("source"), "" if not

_T = TypeVar("_T")

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
    resource: Entity | None = None  # the resource in the inputs it names, when known
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

    resource: Entity
    family: Field
    parameters: dict[str, Field]  # name -> the value as written
    parameters_prop: Field  # the Parameters property itself
    # Can every parameter be read? A computed map (Fn::If of two maps) cannot: a parameter missing
    # from parameters may then be set after all.
    readable: bool = True

    def parameter(self, name: str) -> Field:
        """The parameter as written, or its absence (named as the input would name it)."""
        found = self.parameters.get(name)
        if found is not None:
            return found
        owner = self.parameters_prop
        location = owner.key_location if owner.present else self.resource.location
        return Field(name, f"{owner.object}/{name}", location, location, scope=owner.scope)


@dataclass(frozen=True, slots=True)
class GroupLink:
    """How a cluster or instance names its parameter group."""

    prop: Field  # the *ParameterGroupName property (present or not)
    group_type: str  # the input's type name of such a group: "AWS::RDS::DBClusterParameterGroup"
    group: ParameterGroup | None = None  # the group when it is a resource among the inputs
    name: str | None = None  # the literal name when the group is not among the inputs
    unknown: Unknown | None = None  # set when the name cannot be resolved


@dataclass(frozen=True, slots=True)
class Source:
    """A zero-ETL source: an Aurora DB cluster or an RDS DB instance."""

    resource: Entity
    kind: Literal["cluster", "instance"]
    engine: Field
    engine_name: str | None  # lower-cased literal engine, when known
    facts: EngineFacts | None  # the rulebook entry for the engine; None when unsupported/unknown
    engine_version: Field
    parameter_group: GroupLink
    engine_mode: Field  # clusters only: "provisioned", "serverless" (v1), ...
    scalability_type: Field  # "standard" or "limitless"
    backtrack_window: Field  # seconds
    backup_retention: Field  # days
    instances: tuple[Entity, ...] = ()  # DB instances that belong to a cluster
    identifier: str | None = None  # DBClusterIdentifier / DBInstanceIdentifier, lower-cased
    # Why identifier is None, as the input says it: "has no literal DBClusterIdentifier (CloudFormation
    # generates it at deploy time)".
    identifier_unknown: str = ""
    storage_type: Field | None = None  # instances and RDS clusters ("standard" is magnetic storage)
    # Membership of an Aurora global database: the cluster's own link to it, or the global
    # cluster's link to this cluster as its source (primary) cluster; None when neither exists.
    global_cluster: Field | None = None
    replica_of: Field | None = None  # instances: how a read replica names its primary (None: not a replica)
    primary: Source | None = None  # that primary, when it is among the inputs
    # True when engine, engine_name, facts and engine_version are the primary's (a replica has none).
    engine_inherited: bool = False
    # Why a source that no integration among the inputs names is checked as one ("its parameter
    # group sets aurora_enhanced_binlog"); "" when it is not an intended source.
    intended: str = ""

    @property
    def label(self) -> str:
        if self.intended:
            return f"{self.resource.label} (checked as a zero-ETL source: {self.intended})"
        return self.resource.label

    @property
    def is_replica(self) -> bool:
        return self.replica_of is not None and self.replica_of.present

    @property
    def multi_az_db_cluster(self) -> bool:
        """Is it an RDS (not Aurora) DB cluster, that is a Multi-AZ DB cluster?"""
        return self.kind == "cluster" and self.facts is not None and self.facts.resource == "instance"

    @property
    def version_text(self) -> str | None:
        """The engine version as written, when it is one literal."""
        found = self.engine_version.branches
        return found[0].text if len(found) == 1 and is_scalar(found[0].value) else None


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
    location: Location | None  # None when the statement has no place of its own (in JSON text)
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

    prop: Field  # the policy document: NamespaceResourcePolicy, or the Policy of an AWS::Redshift::ResourcePolicy
    statements: tuple[Statement, ...]
    # The resource that sets it: the namespace or cluster itself (NamespaceResourcePolicy), or an
    # AWS::Redshift::ResourcePolicy, whose own Condition decides whether the policy exists.
    owner: Entity
    # Set when an API call sets the policy (a custom resource calling PutResourcePolicy): how
    # messages name it, "the Redshift putResourcePolicy call of Custom::AWS PutResourcePolicy".
    call: str | None = None

    def location_of(self, statement: Statement) -> Location:
        """Where a statement is written; the policy when the statement has no place of its own (JSON text)."""
        return statement.location if statement.location is not None else self.prop.location

    @property
    def standalone(self) -> bool:
        """Is it a resource of its own (AWS::Redshift::ResourcePolicy, an API call) rather than a property of the target?"""
        return self.owner.aws_type == RESOURCE_POLICY or self.call is not None

    @property
    def label(self) -> str:
        """'the NamespaceResourcePolicy of Namespace', 'the AWS::Redshift::ResourcePolicy RsPolicy'."""
        if self.call is not None:
            return self.call
        words = self.owner.vocabulary
        if self.standalone:
            return f"the {words.typed('resource_policy', self.owner.label)}"
        return f"the {words.name('namespace_policy')} of {self.owner.label}"


@dataclass(frozen=True, slots=True)
class Workgroup:
    """A Redshift Serverless workgroup and its config parameters."""

    resource: Entity
    namespace: Field
    config: dict[str, Field]  # ParameterKey -> ParameterValue as written
    config_prop: Field
    readable: bool = True  # is every key of the config list a literal, so that a missing key is missing?


@dataclass(frozen=True, slots=True)
class Target:
    """A zero-ETL target: a Redshift Serverless namespace or a provisioned Redshift cluster.

    A namespace outside the inputs is a target too when an AWS::Redshift::ResourcePolicy among them
    names its literal ARN (arn is then set and resource is that policy resource): its policy can be
    checked, nothing else.
    """

    resource: Entity
    kind: Literal["serverless", "provisioned"]
    # Every resource policy among the inputs that applies to the target (NamespaceResourcePolicy,
    # AWS::Redshift::ResourcePolicy resources): their statements are read together.
    policies: tuple[Policy, ...] = ()
    # Policies that may apply but cannot be read: a document that is not static, or a ResourcePolicy
    # whose ResourceArn is unresolved. Authorization is then undecided unless the rest decides it.
    policy_unknowns: tuple[Unknown, ...] = ()
    workgroups: tuple[Workgroup, ...] = ()  # serverless only
    node_type: Field | None = None  # provisioned only (None: the kind has no such property)
    number_of_nodes: Field | None = None
    cluster_type: Field | None = None
    encrypted: Field | None = None
    parameter_group: GroupLink | None = None
    arn: str | None = None  # the literal namespace ARN of a target outside the inputs
    maintenance_track: Field | None = None  # provisioned only: "current", "trailing", ...
    # Why a target that no integration among the inputs names is checked as one; "" when it is not.
    intended: str = ""

    @property
    def label(self) -> str:
        label = f"namespace {self.arn}" if self.arn is not None else self.resource.label
        return f"{label} (checked as a zero-ETL target: {self.intended})" if self.intended else label

    @property
    def name(self) -> str:
        """The target in fix texts: its logical id, or its ARN when it is outside the inputs."""
        return self.arn if self.arn is not None else self.resource.logical_id


@dataclass(frozen=True, slots=True)
class Integration:
    """An AWS::RDS::Integration (or a misused AWS::Redshift::Integration)."""

    resource: Entity
    resource_type: Literal["rds", "redshift"]
    name: Field | None  # None: absent
    source_prop: Field | None
    target_prop: Field | None
    sources: tuple[ArnRef, ...]  # one per Fn::If branch
    targets: tuple[ArnRef, ...]
    data_filter: Field | None
    kms_key: Field | None
    encryption_context: Field | None
    description: Field | None = None
    tag_keys: tuple[Field, ...] = ()  # each tag's key and value as written
    tag_values: tuple[Field, ...] = ()
    # The input's path to the data filter property, set or not: what a finding about a missing filter names.
    data_filter_object: str = ""

    @property
    def label(self) -> str:
        return self.resource.label


@dataclass(frozen=True, slots=True)
class OpaqueIntegration:
    """A resource that creates an integration with code the inputs do not contain (a Lambda-backed
    custom resource given a source and a target ARN): known to exist, impossible to check."""

    resource: Entity
    sources: tuple[ArnRef, ...]  # the source-like values it is given
    targets: tuple[ArnRef, ...]

    @property
    def label(self) -> str:
        return self.resource.label


@dataclass(frozen=True)
class Deployment:
    """Everything the inputs of one run define, joined across them.

    The joins rules ask for (the integrations of a source or a target, the sources and targets some
    integration uses) are indexes built once here, so that every rule reads them in constant time.
    """

    templates: tuple[Stack, ...] = ()
    resources: tuple[Entity, ...] = ()  # every typed entry of every template
    sources: tuple[Source, ...] = ()
    targets: tuple[Target, ...] = ()
    integrations: tuple[Integration, ...] = ()
    parameter_groups: tuple[ParameterGroup, ...] = ()
    opaque_integrations: tuple[OpaqueIntegration, ...] = ()
    # Does some DB instance name its cluster in a way the inputs cannot resolve (so that a cluster
    # without instances among the inputs may have some after all)?
    unresolved_instance_links: bool = False
    creation_order: CreationOrder = field(default_factory=CreationOrder)  # what each resource waits for
    _source_by_resource: dict[int, Source] = field(default_factory=dict, repr=False)
    _target_by_resource: dict[int, Target] = field(default_factory=dict, repr=False)
    _target_by_arn: dict[str, Target] = field(default_factory=dict, repr=False)  # lower-cased literal ARNs
    _joins: _Joins = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_joins", _Joins.build(self))

    def source_of(self, arn: ArnRef) -> Source | None:
        return self._source_by_resource.get(id(arn.resource)) if arn.resource is not None else None

    def target_of(self, arn: ArnRef) -> Target | None:
        if arn.resource is not None:
            return self._target_by_resource.get(id(arn.resource))
        if arn.kind == "namespace" and arn.text is not None:
            return self._target_by_arn.get(arn.text.lower())
        return None

    @property
    def sources_in_use(self) -> tuple[Source, ...]:
        """The sources that some integration names, each once, in the order first named.

        Clusters and instances that no integration uses are not zero-ETL sources.
        """
        return self._joins.sources_in_use

    @property
    def targets_in_use(self) -> tuple[Target, ...]:
        """The targets among the inputs that some integration's TargetArn names, in the order first named."""
        return self._joins.targets_in_use

    def integration_sources(self, integration: Integration) -> tuple[Source, ...]:
        """The distinct sources among the inputs that an integration's SourceArn can name."""
        return self._joins.sources_of.get(id(integration), ())

    def integration_targets(self, integration: Integration) -> tuple[Target, ...]:
        """The distinct targets among the inputs that an integration's TargetArn can name."""
        return self._joins.targets_of.get(id(integration), ())

    def integrations_using(self, source: Source) -> tuple[Integration, ...]:
        """The integrations whose SourceArn can name source."""
        return self._joins.integrations_of_source.get(id(source), ())

    def integrations_with(self, target: Target) -> tuple[Integration, ...]:
        """The integrations whose TargetArn can name target."""
        return self._joins.integrations_of_target.get(id(target), ())

    def namespace_of_workgroup(self, workgroup: Entity) -> Target | None:
        """The namespace target a workgroup resource belongs to."""
        return self._joins.namespace_of_workgroup.get((workgroup.scope, workgroup.logical_id))


@dataclass(frozen=True, slots=True)
class _Joins:
    """The indexes of one deployment, by id of the model object."""

    sources_of: dict[int, tuple[Source, ...]]
    targets_of: dict[int, tuple[Target, ...]]
    integrations_of_source: dict[int, tuple[Integration, ...]]
    integrations_of_target: dict[int, tuple[Integration, ...]]
    sources_in_use: tuple[Source, ...]
    targets_in_use: tuple[Target, ...]
    namespace_of_workgroup: dict[tuple[str, str], Target]

    @classmethod
    def build(cls, deployment: Deployment) -> _Joins:
        sources_of: dict[int, tuple[Source, ...]] = {}
        targets_of: dict[int, tuple[Target, ...]] = {}
        by_source: dict[int, list[Integration]] = {}
        by_target: dict[int, list[Integration]] = {}
        used_sources: dict[int, Source] = {}
        used_targets: dict[int, Target] = {}
        for integration in deployment.integrations:
            sources = _distinct(deployment.source_of(arn) for arn in integration.sources)
            targets = _distinct(deployment.target_of(arn) for arn in integration.targets)
            sources_of[id(integration)] = sources
            targets_of[id(integration)] = targets
            for source in sources:
                by_source.setdefault(id(source), []).append(integration)
                used_sources.setdefault(id(source), source)
            for target in targets:
                by_target.setdefault(id(target), []).append(integration)
                used_targets.setdefault(id(target), target)
        # Sources and targets no integration names are checked too when the inputs say they are meant
        # to be ones (the integration is created elsewhere): after those in use, in input order.
        for source in deployment.sources:
            if source.intended:
                used_sources.setdefault(id(source), source)
        for target in deployment.targets:
            if target.intended:
                used_targets.setdefault(id(target), target)
        in_use = tuple(used_targets.values())
        workgroups: dict[tuple[str, str], Target] = {}
        for target in deployment.targets:
            for workgroup in target.workgroups:
                workgroups.setdefault((workgroup.resource.scope, workgroup.resource.logical_id), target)
        return cls(sources_of, targets_of, {key: tuple(value) for key, value in by_source.items()},
                   {key: tuple(value) for key, value in by_target.items()}, tuple(used_sources.values()), in_use,
                   workgroups)


def _distinct(found: Iterable[_T | None]) -> tuple[_T, ...]:
    out: dict[int, _T] = {}
    for item in found:
        if item is not None:
            out.setdefault(id(item), item)
    return tuple(out.values())
