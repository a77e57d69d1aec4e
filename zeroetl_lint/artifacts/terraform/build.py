"""Map Terraform resource instances onto the model: sources, parameter groups, targets, policies, integrations.

Each resource instance is one `TfResource` entity; its arguments become `Field`s named and pathed
in Terraform's words (`engine_version`, `aws_rds_cluster.src.engine_version`,
`aws_rds_cluster_parameter_group.pg.parameter["rds.logical_replication"]`), holding the
evaluator's own values (`ResourceRef`, `Joined`, `Symbol`, which rules describe as written).
Joins within the configuration (a cluster's instances, a namespace's workgroups, parameter groups
by reference or name) are made here; what crosses inputs (literal ARNs, resource policies,
intended roles, replicas) is the model's assembly's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from zeroetl_lint.artifacts.terraform.evaluate import Joined, ResourceRef, Symbol
from zeroetl_lint.artifacts.terraform.instances import Argument, Declared, ModuleStack
from zeroetl_lint.artifacts.terraform.resources import MAPPINGS, model_attribute
from zeroetl_lint.artifacts.terraform.words import TERRAFORM_WORDS
from zeroetl_lint.findings import Location
from zeroetl_lint.model import assembly as joins
from zeroetl_lint.model.arns import ArnText, EntityKind, Piece
from zeroetl_lint.model.assembly import Assembly, PrimaryLink, StandalonePolicy
from zeroetl_lint.model.conditions import IfPath
from zeroetl_lint.model.dependencies import Dependencies
from zeroetl_lint.model.deployment import (
    ArnRef,
    GroupLink,
    Integration,
    ParameterGroup,
    Policy,
    Source,
    Stack,
    Target,
    Workgroup,
)
from zeroetl_lint.model.edits import Editor
from zeroetl_lint.model.policy_reading import DocumentReader, decode_assembled, json_error, policy_text, read_policy
from zeroetl_lint.model.values import Branch, Field, Unknown, describe
from zeroetl_lint.model.vocabulary import Vocabulary

CLUSTER = "aws_rds_cluster"
CLUSTER_INSTANCE = "aws_rds_cluster_instance"
DB_INSTANCE = "aws_db_instance"
GLOBAL_CLUSTER = "aws_rds_global_cluster"
CLUSTER_PARAMETER_GROUP = "aws_rds_cluster_parameter_group"
DB_PARAMETER_GROUP = "aws_db_parameter_group"
NAMESPACE = "aws_redshiftserverless_namespace"
WORKGROUP = "aws_redshiftserverless_workgroup"
REDSHIFT_CLUSTER = "aws_redshift_cluster"
REDSHIFT_PARAMETER_GROUP = "aws_redshift_parameter_group"
RESOURCE_POLICY = "aws_redshift_resource_policy"
RDS_INTEGRATION = "aws_rds_integration"
REDSHIFT_INTEGRATION = "aws_redshift_integration"

# The attributes that give an ARN an integration can name, by resource type.
_ARN_KINDS: dict[tuple[str, str], EntityKind] = {
    (CLUSTER, "arn"): "cluster",
    (CLUSTER_INSTANCE, "arn"): "instance",
    (DB_INSTANCE, "arn"): "instance",
    (NAMESPACE, "arn"): "namespace",
    (REDSHIFT_CLUSTER, "cluster_namespace_arn"): "namespace",
    (WORKGROUP, "arn"): "workgroup",
}
_ENTITY_KINDS: dict[str, EntityKind] = {
    CLUSTER: "cluster", CLUSTER_INSTANCE: "instance", DB_INSTANCE: "instance", NAMESPACE: "namespace",
    WORKGROUP: "workgroup", REDSHIFT_CLUSTER: "redshift-cluster",
}
# What an identity attribute (id, name) of a resource is, when an ARN is needed.
_NAME_RETURNS = {
    CLUSTER: "the cluster identifier",
    CLUSTER_INSTANCE: "the instance identifier",
    DB_INSTANCE: "the instance identifier",
    NAMESPACE: "the namespace name",
    WORKGROUP: "the workgroup name",
    REDSHIFT_CLUSTER: "the cluster name",
}
_SYMBOL_ROLES = {"AWS::Region": "region", "AWS::AccountId": "account", "AWS::Partition": "partition"}
# The arguments whose value names a source or target as the user knows it, besides its address.
_NAME_ARGUMENTS = ("cluster_identifier", "identifier", "namespace_name")
# The argument of each source type that names its parameter group.
_GROUP_ARGUMENTS = {CLUSTER: "db_cluster_parameter_group_name", DB_INSTANCE: "parameter_group_name",
                    CLUSTER_INSTANCE: "db_parameter_group_name"}


@dataclass(frozen=True, eq=False)
class TfResource:
    """One resource instance as rules name it: by its address, at its block header, in Terraform's words."""

    declared: Declared = field(repr=False)

    @property
    def address(self) -> str:
        return self.declared.address

    @property
    def kind(self) -> str:
        """The Terraform type: aws_rds_cluster."""
        return self.declared.kind

    @property
    def logical_id(self) -> str:
        return self.declared.address

    @property
    def type(self) -> str:
        """The Terraform type, as messages name it: aws_rds_cluster."""
        return self.declared.kind

    @property
    def aws_type(self) -> str:
        """The AWS resource type it declares (the rulebook's facts are keyed by it); the Terraform type when unmapped."""
        mapping = MAPPINGS.get(self.kind)
        return mapping.model_type if mapping is not None else self.kind

    @property
    def label(self) -> str:
        return self.declared.address

    @property
    def location(self) -> Location:
        return self.declared.header

    @property
    def object(self) -> str:
        return self.declared.address

    @property
    def scope(self) -> str:
        return self.declared.stack.path

    @property
    def condition(self) -> IfPath:
        return ()  # count and for_each are expanded into instances: each exists

    @property
    def vocabulary(self) -> Vocabulary:
        return TERRAFORM_WORDS

    @property
    def stack(self) -> ModuleStack:
        return self.declared.stack

    @property
    def type_location(self) -> Location:
        return self.declared.header

    def reference(self, attribute: str) -> str:
        """aws_rds_cluster.src.arn for the model's DBClusterArn (the rulebook names attributes in the model's words)."""
        mapping = MAPPINGS.get(self.kind)
        names = {model: argument for argument, model in mapping.attributes.items()} if mapping is not None else {}
        return f"{self.address}.{names.get(attribute, attribute)}"

    def reference_from(self, attribute: str, stack: Stack) -> str:
        """'Use aws_rds_cluster.src.arn.' in its own module; from the parent module, an output of its module."""
        own = self.declared.stack
        written = self.reference(attribute)
        local = written[len(own.address) + 1:] if own.address else written  # as its own module writes it
        if stack is own:
            return f"Use {local}."
        prefix = f"{stack.address}." if isinstance(stack, ModuleStack) and stack.address else ""
        call = own.address[len(prefix):] if isinstance(stack, ModuleStack) and own.address.startswith(prefix) else ""
        if call.startswith("module.") and ".module." not in call:  # its module is called by the stack's
            output = next((name for name, value in own.outputs.items() if value == local), None)
            if output is not None:
                return f"Use {call}.{output}."
            return (f'Add an output to {call} (output "<name>" {{ value = {local} }}) and use {call}.<name>.')
        # Modules that are not parent and child pass values through outputs and module inputs.
        return f"Pass {local} from {own.path} to {stack.path} through module outputs and inputs."

    def editor(self) -> Editor:
        return self.declared.stack.editor()

    @property
    def names(self) -> tuple[str, ...]:
        texts = (self.declared.arguments.get(name) for name in _NAME_ARGUMENTS)
        return (self.address, *(str(argument.value) for argument in texts
                                if argument is not None and isinstance(argument.value, str) and argument.value))

    def marked(self, role: str) -> str:
        return ""  # Terraform has no place to mark a resource; the config's sources/targets lists do


@dataclass(frozen=True)
class Configuration:
    """The resource instances of a run's Terraform inputs, ready to hand to an Assembly."""

    stacks: tuple[ModuleStack, ...]
    resources: tuple[TfResource, ...]

    @classmethod
    def of(cls, stacks: Iterable[ModuleStack], declared: Iterable[Declared]) -> Configuration:
        return cls(tuple(stacks), tuple(TfResource(found) for found in declared))

    def identify(self, assembly: Assembly) -> None:
        """Tell the assembly the literal identifiers of the clusters and instances, so any input's ARNs find them."""
        for resource in self.resources:
            kind = _ENTITY_KINDS.get(resource.kind)
            argument = resource.declared.arguments.get("cluster_identifier" if kind == "cluster" else "identifier")
            if kind in ("cluster", "instance") and argument is not None and isinstance(argument.value, str) \
                    and argument.value:
                assembly.identify(kind, argument.value, resource)

    def declare(self, assembly: Assembly) -> joins.Declared:
        return _Builder(self, assembly).declared()


class _Builder:
    def __init__(self, configuration: Configuration, assembly: Assembly) -> None:
        self.configuration = configuration
        self.assembly = assembly
        self.rulebook = assembly.rulebook
        self.by_address = {resource.address: resource for resource in configuration.resources}
        self.by_kind: dict[str, list[TfResource]] = {}
        for resource in configuration.resources:
            self.by_kind.setdefault(resource.kind, []).append(resource)
        self.groups: dict[int, ParameterGroup] = {}
        # (type, argument) -> what its values name (an address, or a lower-cased literal) -> resources, in order.
        self.link_indexes: dict[tuple[str, str], dict[str, dict[int, TfResource]]] = {}

    def of_kind(self, *kinds: str) -> list[TfResource]:
        """The resources of the types, in input order."""
        wanted = set(kinds)
        return [resource for resource in self.configuration.resources if resource.kind in wanted]

    def declared(self) -> joins.Declared:
        sources = [self.source(resource, "cluster") for resource in self.by_kind.get(CLUSTER, [])]
        clustered = {id(instance) for source in sources for instance in source.instances}
        sources += [self.source(resource, "instance") for resource in self.of_kind(DB_INSTANCE, CLUSTER_INSTANCE)
                    if id(resource) not in clustered and "cluster_identifier" not in resource.declared.arguments]
        primaries = {id(source.resource): link for source in sources if (link := self.primary_link(source)) is not None}
        targets = [self.namespace(resource) for resource in self.by_kind.get(NAMESPACE, [])]
        targets += [self.redshift_cluster(resource) for resource in self.by_kind.get(REDSHIFT_CLUSTER, [])]
        integrations = [self.integration(resource, "rds") for resource in self.by_kind.get(RDS_INTEGRATION, [])]
        integrations += [self.integration(resource, "redshift")
                         for resource in self.by_kind.get(REDSHIFT_INTEGRATION, [])]
        links = [resource.declared.arguments.get("cluster_identifier") for resource in self.by_kind.get(CLUSTER_INSTANCE, [])]
        return joins.Declared(
            stacks=self.configuration.stacks,
            entities=self.configuration.resources,
            sources=sources,
            primaries=primaries,
            targets=targets,
            policies=[found for found in map(self.resource_policy, self.by_kind.get(RESOURCE_POLICY, []))
                      if found is not None],
            integrations=integrations,
            parameter_groups=list(self.groups.values()),
            creation_order={(id(resource.stack), resource.address): self.dependencies(resource)
                            for resource in self.configuration.resources},
            unresolved_instance_links=any(link is not None and not isinstance(self.value(link.value), (str, ResourceRef))
                                          for link in links),
        )

    # -- values and fields -------------------------------------------------------------------

    def value(self, value: Any) -> Any:
        """An evaluated value, with references to instances that are not declared as unknowns."""
        if isinstance(value, ResourceRef):
            return value if value.address in self.by_address else Unknown(
                f"{value.written} names no resource instance that is declared")
        if isinstance(value, Joined):
            missing = next((part for part in value.parts
                            if isinstance(part, ResourceRef) and part.address not in self.by_address), None)
            return value if missing is None else self.value(missing)
        if isinstance(value, dict):
            return {key: self.value(item) for key, item in value.items() if item is not None}
        if isinstance(value, list):
            return [self.value(item) for item in value]
        return value

    def field(self, resource: TfResource, argument: str) -> Field:
        """The argument as a model field, present or not."""
        return self.argument_field(resource, argument, resource.declared.arguments.get(argument),
                                   f"{resource.address}.{argument}")

    def present(self, resource: TfResource, argument: str) -> Field | None:
        """The argument as a model field when it is set, else None."""
        found = self.field(resource, argument)
        return found if found.present else None

    def argument_field(self, resource: TfResource, name: str, argument: Argument | None, object_path: str) -> Field:
        if argument is None:
            return Field(name, object_path, resource.location, resource.location, scope=resource.scope)
        value = self.value(argument.value)
        branch = Branch(value, argument.location, unresolved=_unresolved(value))
        return Field(name, object_path, argument.location, argument.key_location, (branch,), True, value,
                     resource.scope, position_of=argument.position_of)

    def referenced(self, value: Any) -> TfResource | None:
        return self.by_address.get(value.address) if isinstance(value, ResourceRef) else None

    def by_name(self, value: Any) -> TfResource | None:
        """The resource a reference to its id or name names (what CloudFormation's Ref returns)."""
        target = self.referenced(value)
        if target is not None and model_attribute(target.kind, value.attribute) == "Ref":
            return target
        return None

    # -- sources -----------------------------------------------------------------------------

    def source(self, resource: TfResource, kind: str) -> Source:
        engine = self.field(resource, "engine")
        engine_name = engine.text().lower() if engine.text() else None  # type: ignore[union-attr]
        identifier_name = "cluster_identifier" if kind == "cluster" else "identifier"
        identifier_text = self.field(resource, identifier_name).text()
        identifier = identifier_text.lower() if identifier_text else None
        instances: tuple[TfResource, ...] = ()
        if kind == "cluster":
            instances = self.linked(CLUSTER_INSTANCE, "cluster_identifier", resource, identifier)
        group_type, group_kinds = (("AWS::RDS::DBClusterParameterGroup", (CLUSTER_PARAMETER_GROUP, DB_PARAMETER_GROUP))
                                   if kind == "cluster" else
                                   ("AWS::RDS::DBParameterGroup", (CLUSTER_PARAMETER_GROUP, DB_PARAMETER_GROUP)))
        return Source(
            resource=resource,
            kind=kind,  # type: ignore[arg-type]
            engine=engine,
            engine_name=engine_name,
            facts=self.rulebook.engine(engine_name),
            engine_version=self.field(resource, "engine_version"),
            parameter_group=self.group_link(resource, _GROUP_ARGUMENTS[resource.kind], group_type, group_kinds),
            engine_mode=self.field(resource, "engine_mode"),
            scalability_type=self.field(resource, "cluster_scalability_type"),
            backtrack_window=self.field(resource, "backtrack_window"),
            backup_retention=self.field(resource, "backup_retention_period"),
            instances=instances,
            identifier=identifier,
            identifier_unknown="" if identifier is not None else
            f"has no literal {identifier_name} (the AWS provider generates one at apply time)",
            storage_type=self.field(resource, "storage_type"),
            global_cluster=self.global_cluster(resource, identifier) if kind == "cluster" else None,
            replica_of=self.field(resource, "replicate_source_db") if kind == "instance" else None,
        )

    def global_cluster(self, cluster: TfResource, identifier: str | None) -> Field | None:
        """How a cluster belongs to a global database: its own link, or a global cluster naming it as its source."""
        own = self.present(cluster, "global_cluster_identifier")
        if own is not None:
            return own
        for resource in self.by_kind.get(GLOBAL_CLUSTER, []):
            link = self.present(resource, "source_db_cluster_identifier")
            if link is not None and (self.names(link.value, cluster, identifier)
                                     or self.arn(link.value, "source").resource is cluster):
                return link
        return None

    def names(self, value: Any, resource: TfResource, identifier: str | None) -> bool:
        """Does an identifier-valued argument point at resource (a reference to it, or its literal identifier)?"""
        if isinstance(value, ResourceRef):
            return value.address == resource.address
        return isinstance(value, str) and identifier is not None and value.lower() == identifier

    def primary_link(self, replica: Source) -> PrimaryLink | None:
        """How a read replica's replicate_source_db names its primary, for the assembly to find it."""
        if not replica.is_replica or replica.replica_of is None:
            return None
        value = replica.replica_of.value
        if isinstance(value, str) and not value.startswith("arn:"):
            return PrimaryLink(identifier=value.lower())
        named = self.by_name(value)
        if named is not None:
            return PrimaryLink(named)
        arn = self.arn(value, "source")
        return PrimaryLink(arn.resource) if arn.kind == "instance" and arn.resource is not None else None

    def linked(self, kind: str, argument: str, resource: TfResource, identifier: str | None) -> tuple[TfResource, ...]:
        """The resources of kind whose argument points at resource (see names()), in input order, indexed once per link."""
        key = (kind, argument)
        index = self.link_indexes.get(key)
        if index is None:
            index = self.link_indexes[key] = {}
            for position, candidate in enumerate(self.by_kind.get(kind, [])):
                found = candidate.declared.arguments.get(argument)
                value = self.value(found.value) if found is not None else None
                if isinstance(value, ResourceRef):
                    index.setdefault(value.address, {})[position] = candidate
                elif isinstance(value, str):
                    index.setdefault(value.lower(), {})[position] = candidate
        found_by = dict(index.get(resource.address, {}))
        if identifier is not None:
            found_by.update(index.get(identifier, {}))
        return tuple(found_by[position] for position in sorted(found_by))

    def group_link(self, owner: TfResource, argument: str, group_type: str, kinds: tuple[str, ...]) -> GroupLink:
        """How owner's argument links its parameter group (one of kinds; group_type is the model's type to create)."""
        link = GroupLink(self.field(owner, argument), group_type)
        if not link.prop.present:
            return link
        value = link.prop.value
        target = self.by_name(value)
        if target is not None:
            if target.kind in kinds:
                return GroupLink(link.prop, group_type, group=self.parameter_group(target))
            return GroupLink(link.prop, group_type, unknown=Unknown(f"{value.written} is a {target.kind}, "
                                                                    "not a parameter group"))
        if isinstance(value, str):
            for kind in kinds:
                for resource in self.by_kind.get(kind, []):
                    if (self.field(resource, "name").text() or "").lower() == value.lower():
                        return GroupLink(link.prop, group_type, group=self.parameter_group(resource))
            return GroupLink(link.prop, group_type, name=value)
        reason = value.reason if isinstance(value, Unknown) else f"{describe(value)} is not a group name"
        return GroupLink(link.prop, group_type, unknown=Unknown(reason))

    def parameter_group(self, resource: TfResource) -> ParameterGroup:
        key = id(resource)
        if key not in self.groups:
            block = MAPPINGS[resource.kind].blocks
            word = block.block if block is not None else "parameter"
            self.groups[key] = ParameterGroup(resource, self.field(resource, "family"), *self.entries(resource, word))
        return self.groups[key]

    def entries(self, resource: TfResource, word: str) -> tuple[dict[str, Field], Field, bool]:
        """A resource's `parameter` / `config_parameter` blocks: each by its name, the blocks as one field, and
        whether every block could be read (so that a name missing from them is truly missing)."""
        found = resource.declared.entries
        object_path = f"{resource.address}.{word}"
        if found is None:
            return {}, Field(word, object_path, resource.location, resource.location, scope=resource.scope), True
        value = found.unknown if found.unknown is not None else [entry.key for entry in found.entries]
        whole = Field(word, object_path, found.location, found.location,
                      (Branch(value, found.location, unresolved=_unresolved(value)),), True, value, resource.scope)
        mapping = MAPPINGS[resource.kind].blocks
        # The RDS form names a parameter by its name (parameter["x"]); the others by the block's position.
        keyed = mapping is not None and mapping.entry_key is None
        out: dict[str, Field] = {}
        for index, entry in enumerate(found.entries):
            if entry.value is None:
                continue
            if keyed:
                path = f'{object_path}["{entry.key}"]'
                written = Argument(entry.value.value, entry.value.location, entry.key_location)
            else:
                path = f"{object_path}[{index}].{mapping.value if mapping is not None else 'value'}"
                written = entry.value
            out[entry.key] = self.argument_field(resource, entry.key, written, path)
        return out, whole, found.unknown is None

    # -- targets -----------------------------------------------------------------------------

    def namespace(self, resource: TfResource) -> Target:
        name = self.field(resource, "namespace_name").text()
        workgroups = []
        for workgroup in self.linked(WORKGROUP, "namespace_name", resource, name.lower() if name else None):
            config, config_field, readable = self.entries(workgroup, "config_parameter")
            workgroups.append(Workgroup(workgroup, self.field(workgroup, "namespace_name"), config, config_field,
                                        readable))
        return Target(resource, "serverless", workgroups=tuple(workgroups))

    def redshift_cluster(self, resource: TfResource) -> Target:
        return Target(
            resource,
            "provisioned",
            node_type=self.field(resource, "node_type"),
            number_of_nodes=self.field(resource, "number_of_nodes"),
            cluster_type=self.field(resource, "cluster_type"),
            encrypted=self.field(resource, "encrypted"),
            parameter_group=self.group_link(resource, "cluster_parameter_group_name", "AWS::Redshift::ClusterParameterGroup",
                                            (REDSHIFT_PARAMETER_GROUP,)),
            maintenance_track=self.field(resource, "maintenance_track_name"),
        )

    def resource_policy(self, resource: TfResource) -> StandalonePolicy | None:
        """An aws_redshift_resource_policy, for the assembly to file under the target its resource_arn names."""
        document, arn = self.present(resource, "policy"), self.present(resource, "resource_arn")
        if document is None or arn is None:
            return None  # the provider requires both: nothing is set
        policy = self.policy(document, resource, f"policy of {resource.label}")
        return StandalonePolicy(resource, policy, (self.arn(arn.value, "target"),), resource.label)

    def policy(self, document: Field, owner: TfResource, name: str) -> Policy | Unknown:
        """Read a policy document: jsonencode({...}), JSON text (a heredoc), or text assembled with references."""
        value = document.value
        if isinstance(value, str):
            value = policy_text(value, name)
            if isinstance(value, Unknown):
                return value
        elif isinstance(value, Joined):
            value = decode_assembled(value.parts, lambda parts: _joined(parts, document.object))
            if isinstance(value, json.JSONDecodeError):
                return Unknown(f"{name} is text assembled with interpolation that is not JSON once its references "
                               f"are filled in ({json_error(value)})")
        # A decoded object is written where the argument is: its statements have no place of their own.
        located = isinstance(document.value, dict)
        reader = DocumentReader(lambda node: node, lambda node: (node,), lambda node: self.arn(node, "source"),
                                lambda index: document.location if located else None,
                                lambda index: f"{document.object}.Statement[{index}]")
        return read_policy(value, document, owner, name, reader, self.rulebook.targets.authorization.source_condition_key)

    # -- integrations ------------------------------------------------------------------------

    def integration(self, resource: TfResource, resource_type: str) -> Integration:
        source, target = self.present(resource, "source_arn"), self.present(resource, "target_arn")
        tags = resource.declared.tags
        return Integration(
            resource=resource,
            resource_type=resource_type,  # type: ignore[arg-type]
            name=self.present(resource, "integration_name"),
            source_prop=source,
            target_prop=target,
            sources=(self.arn(source.value, "source"),) if source is not None else (),
            targets=(self.arn(target.value, "target"),) if target is not None else (),
            data_filter=self.present(resource, "data_filter"),
            kms_key=self.present(resource, "kms_key_id"),
            encryption_context=self.present(resource, "additional_encryption_context"),
            tag_keys=tuple(self.argument_field(resource, "tags", Argument(entry.key, entry.key_location, entry.key_location),
                                               f'{resource.address}.tags["{entry.key}"]') for entry in tags),
            tag_values=tuple(self.argument_field(resource, entry.key, entry.value, f'{resource.address}.tags["{entry.key}"]')
                             for entry in tags if entry.value is not None),
            data_filter_object=f"{resource.address}.data_filter",
        )

    # -- ARNs --------------------------------------------------------------------------------

    def arn(self, value: Any, role: str) -> ArnRef:
        """Classify one source_arn / target_arn / resource_arn value."""
        value = self.value(value)
        written = describe(value)
        if isinstance(value, Unknown):
            return ArnRef("unknown", written, explanation=value.reason)
        if isinstance(value, ResourceRef):
            resource = self.by_address[value.address]
            kind = _ARN_KINDS.get((resource.kind, value.attribute))
            if kind is not None:
                return ArnRef(kind, written, resource)
            if self.by_name(value) is not None and resource.kind in _NAME_RETURNS:
                return ArnRef("not-arn", written, resource,
                              explanation=f"{value.written} is {_NAME_RETURNS[resource.kind]}, not an ARN")
            if resource.kind == REDSHIFT_CLUSTER and value.attribute == "arn":
                return ArnRef("redshift-cluster", written, resource)
            return ArnRef("other", written, resource, explanation=f"{value.written} is not the ARN of a {role}")
        if isinstance(value, Symbol):
            return ArnRef("other", written, explanation=f"{value.written} is not an ARN")
        if isinstance(value, str):
            return self.assembly.arn(ArnText((value,), written))
        if isinstance(value, Joined):
            return self.assembly.arn(ArnText(tuple(map(self.piece, value.parts)), written, "interpolation"))
        return ArnRef("other", written, explanation="not a string")

    def piece(self, part: str | ResourceRef | Symbol) -> str | Piece:
        if isinstance(part, str):
            return part
        shown = "${" + part.written + "}"
        if isinstance(part, Symbol):
            return Piece(_SYMBOL_ROLES.get(part.name, "other"), shown)  # type: ignore[arg-type]
        resource = self.by_address[part.address]
        return Piece("reference", shown, resource, self.by_name(part) is not None, _ENTITY_KINDS.get(resource.kind))

    # -- creation order ----------------------------------------------------------------------

    def dependencies(self, resource: TfResource) -> Dependencies:
        """depends_on, and every other instance of its module its arguments reference."""
        declared = resource.declared
        name = TERRAFORM_WORDS.name("depends_on")
        where = f"{resource.address}.{name}"
        listed = tuple(address for address, _ in declared.depends_on)
        if declared.depends_on_at is None:
            field_ = Field(name, where, resource.location, resource.location, scope=resource.scope)
        else:
            at, key_at = declared.depends_on_at
            field_ = Field(name, where, at, key_at, (Branch(list(listed), at),), True, list(listed), resource.scope)
        return Dependencies(field_, listed, frozenset((*listed, *declared.references)))


def _joined(parts: list[Any], written: str) -> Any:
    """Text and references put back together after JSON decoding, as the evaluator would hold them."""
    merged: list[Any] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    if all(isinstance(part, str) for part in merged):
        return "".join(merged)
    shown = "".join(part if isinstance(part, str) else "${" + part.written + "}" for part in merged)
    return Joined(tuple(merged), f'"{shown}"' if written else shown)


def _unresolved(value: Any) -> str | None:
    """Why a value is not known statically; None for literals and containers."""
    if isinstance(value, (str, int, float, bool, dict, list)):
        return None
    return value.reason if isinstance(value, Unknown) else f"{describe(value)} is not known statically"
