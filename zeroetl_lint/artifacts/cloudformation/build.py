"""Build the deployment model from linked templates: who is the source, the target, the policy."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from zeroetl_lint.artifacts.cloudformation.intrinsics import Attr, Concat, Pseudo, Unknown, describe, sub_text
from zeroetl_lint.artifacts.cloudformation.custom_resources import (
    SdkCall,
    is_custom,
    redshift_policy_keys,
    role_values,
    sdk_call,
)
from zeroetl_lint.artifacts.cloudformation.json_text import decode_assembled_json
from zeroetl_lint.artifacts.cloudformation.offsets import scalar_position
from zeroetl_lint.artifacts.cloudformation.order import creation_order
from zeroetl_lint.artifacts.cloudformation.loader import CfnList, CfnMap
from zeroetl_lint.artifacts.cloudformation.template import Prop, Resource, Template, branches, prop_at
from zeroetl_lint.findings import Location
from zeroetl_lint.model.arns import ArnText, EntityKind, Piece
from zeroetl_lint.model.assembly import Assembly, Declared, PrimaryLink, StandalonePolicy
from zeroetl_lint.model.intended import Named
from zeroetl_lint.model.policy_reading import DocumentReader, json_error, policy_text, read_policy
from zeroetl_lint.model.values import Field
from zeroetl_lint.model.deployment import (
    RESOURCE_POLICY,
    ArnRef,
    Deployment,
    GroupLink,
    Integration,
    OpaqueIntegration,
    ParameterGroup,
    Policy,
    Source,
    Target,
    Workgroup,
)
from zeroetl_lint.rulebook import Rulebook

DB_CLUSTER = "AWS::RDS::DBCluster"
DB_INSTANCE = "AWS::RDS::DBInstance"
CLUSTER_PARAMETER_GROUP = "AWS::RDS::DBClusterParameterGroup"
DB_PARAMETER_GROUP = "AWS::RDS::DBParameterGroup"
NAMESPACE = "AWS::RedshiftServerless::Namespace"
WORKGROUP = "AWS::RedshiftServerless::Workgroup"
REDSHIFT_CLUSTER = "AWS::Redshift::Cluster"
REDSHIFT_PARAMETER_GROUP = "AWS::Redshift::ClusterParameterGroup"
RDS_INTEGRATION = "AWS::RDS::Integration"
GLOBAL_CLUSTER = "AWS::RDS::GlobalCluster"
REDSHIFT_INTEGRATION = "AWS::Redshift::Integration"

# What Ref and Fn::GetAtt return for the resource types an integration can point at.
_ATTRIBUTE_KINDS: dict[tuple[str, str], str] = {
    (DB_CLUSTER, "DBClusterArn"): "cluster",
    (DB_INSTANCE, "DBInstanceArn"): "instance",
    (NAMESPACE, "Namespace.NamespaceArn"): "namespace",
    (REDSHIFT_CLUSTER, "ClusterNamespaceArn"): "namespace",
    (WORKGROUP, "Workgroup.WorkgroupArn"): "workgroup",
}
# What the resource types an ARN can name are, in the model's words (model/arns.py).
_ENTITY_KINDS: dict[str, EntityKind] = {
    DB_CLUSTER: "cluster",
    DB_INSTANCE: "instance",
    NAMESPACE: "namespace",
    WORKGROUP: "workgroup",
    REDSHIFT_CLUSTER: "redshift-cluster",
}
# Pseudo parameters that say where a stack is deployed, in the model's words.
_PSEUDO_ROLES = {"AWS::Region": "region", "AWS::AccountId": "account", "AWS::Partition": "partition"}
_REF_RETURNS = {
    DB_CLUSTER: "the cluster identifier",
    DB_INSTANCE: "the instance identifier",
    NAMESPACE: "the namespace name",
    WORKGROUP: "the workgroup name",
    REDSHIFT_CLUSTER: "the cluster name",
}


def build_deployment(templates: list[Template], rulebook: Rulebook, named: Named = Named()) -> Deployment:
    """The deployment of the templates alone (what the loader does when they are a run's only input).

    named: the sources and targets the config names as meant for zero-ETL.
    """
    assembly = Assembly(rulebook, named)
    read = Templates.of(templates)
    read.identify(assembly)
    return assembly.deployment([read.declare(assembly)])


@dataclass(frozen=True)
class Templates:
    """The linked templates of a run, their resources read once, ready to hand to an Assembly."""

    templates: tuple[Template, ...]
    resources: tuple[Resource, ...]
    by_type: dict[str, list[Resource]]

    @classmethod
    def of(cls, templates: list[Template]) -> Templates:
        resources = tuple(
            Resource(template, logical_id, body["Type"], body)
            for template in templates
            for logical_id, body in template.resources.items()
        )
        by_type: dict[str, list[Resource]] = {}
        for resource in resources:
            by_type.setdefault(resource.type, []).append(resource)
        return cls(tuple(templates), resources, by_type)

    def identify(self, assembly: Assembly) -> None:
        """Tell the assembly the literal identifiers of the clusters and instances, so any input's ARNs find them."""
        for resource_type, key in ((DB_CLUSTER, "DBClusterIdentifier"), (DB_INSTANCE, "DBInstanceIdentifier")):
            for resource in self.by_type.get(resource_type, []):
                prop = resource.prop(key)
                text = prop.text() if prop is not None else None
                if text:
                    assembly.identify(_ENTITY_KINDS[resource_type], text, resource)

    def declare(self, assembly: Assembly) -> Declared:
        """Sources, targets, policies and integrations of the templates, for the assembly to join."""
        return _declare(self, assembly)


def _declare(read: Templates, assembly: Assembly) -> Declared:
    templates, resources, by_type = list(read.templates), read.resources, read.by_type
    builder = _Builder(assembly, by_type, {id(resource.body): resource for resource in resources})
    builder.attach_resource_policies()
    integrations = [builder.integration(r, "rds") for r in by_type.get(RDS_INTEGRATION, [])]
    integrations += [builder.integration(r, "redshift") for r in by_type.get(REDSHIFT_INTEGRATION, [])]
    calls = [call for call in map(sdk_call, filter(is_custom, resources)) if call is not None]
    integrations += [builder.call_integration(call) for call in calls if call.action == "createintegration"
                     and call.service == "rds"]
    called = {id(call.resource) for call in calls}
    opaque = [found for found in (builder.opaque_integration(r) for r in resources
                                  if is_custom(r) and id(r) not in called) if found is not None]
    sources = [builder.source(r, "cluster") for r in by_type.get(DB_CLUSTER, [])]
    clustered = {id(r) for source in sources for r in source.instances}
    sources += [
        builder.source(r, "instance")
        for r in by_type.get(DB_INSTANCE, [])
        if id(r) not in clustered and builder.instance_cluster(r) is None
    ]
    primaries = {id(source.resource): link for source in sources
                 if (link := builder.primary_link(source)) is not None}
    targets = [builder.namespace(r) for r in by_type.get(NAMESPACE, [])]
    targets += [builder.redshift_cluster(r) for r in by_type.get(REDSHIFT_CLUSTER, [])]
    links = [instance.prop("DBClusterIdentifier") for instance in by_type.get(DB_INSTANCE, [])]
    return Declared(
        stacks=tuple(templates),
        entities=tuple(resources),
        sources=sources,
        primaries=primaries,
        targets=targets,
        policies=builder.standalone,
        integrations=integrations,
        parameter_groups=list(builder.groups.values()),
        opaque_integrations=opaque,
        creation_order=creation_order(resources).by_entity,
        unresolved_instance_links=any(
            link is not None and not all(isinstance(value, (str, Attr)) for value in link.options) for link in links),
    )


class _Builder:
    def __init__(self, assembly: Assembly, by_type: dict[str, list[Resource]], by_body: dict[int, Resource]) -> None:
        self.assembly = assembly
        self.rulebook = assembly.rulebook
        self.by_type = by_type
        # Every model object refers to the one Resource of its entry, found from a Ref or GetAtt.
        self.by_body = by_body
        self.groups: dict[int, ParameterGroup] = {}
        # (resource type, link property) -> what its values name (a resource, or a lower-cased
        # literal identifier) -> the resources that link so, by input position; see linked().
        self.link_indexes: dict[tuple[str, str], dict[object, dict[int, Resource]]] = {}
        # Resource type -> lower-cased literal parameter group name -> the first group so named; see group_named().
        self.group_names: dict[str, dict[str | None, Resource]] = {}
        # AWS::Redshift::ResourcePolicy documents (and calls that set one), for the assembly to file
        # under the targets their ResourceArn names.
        self.standalone: list[StandalonePolicy] = []

    # -- sources ---------------------------------------------------------------------------

    def instance_cluster(self, instance: Resource) -> Prop | None:
        return instance.prop("DBClusterIdentifier")

    def source(self, resource: Resource, kind: str) -> Source:
        engine = resource.prop("Engine")
        engine_name = engine.text().lower() if engine is not None and engine.text() else None
        identifier_key = "DBClusterIdentifier" if kind == "cluster" else "DBInstanceIdentifier"
        identifier_prop = resource.prop(identifier_key)
        identifier = identifier_prop.text().lower() if identifier_prop and identifier_prop.text() else None
        identifier_name = resource.template.property_name(resource.logical_id, (identifier_key,))
        group_property = "DBClusterParameterGroupName" if kind == "cluster" else "DBParameterGroupName"
        instances: tuple[Resource, ...] = ()
        if kind == "cluster":
            instances = self.linked(DB_INSTANCE, "DBClusterIdentifier", resource, identifier)
        group_type = CLUSTER_PARAMETER_GROUP if kind == "cluster" else DB_PARAMETER_GROUP
        return Source(
            resource=resource,
            kind=kind,  # type: ignore[arg-type]
            engine=to_field(engine, resource, "Engine"),
            engine_name=engine_name,
            facts=self.rulebook.engine(engine_name),
            engine_version=field_of(resource, "EngineVersion"),
            parameter_group=self.group_link(resource, group_property, group_type,
                                            (CLUSTER_PARAMETER_GROUP, DB_PARAMETER_GROUP)),
            engine_mode=field_of(resource, "EngineMode"),
            scalability_type=field_of(resource, "ClusterScalabilityType"),
            backtrack_window=field_of(resource, "BacktrackWindow"),
            backup_retention=field_of(resource, "BackupRetentionPeriod"),
            instances=instances,
            identifier=identifier,
            identifier_unknown="" if identifier is not None else
            f"has no literal {identifier_name} (CloudFormation generates it at deploy time)",
            storage_type=field_of(resource, "StorageType"),
            global_cluster=self.global_cluster(resource, kind, identifier),
            replica_of=field_of(resource, "SourceDBInstanceIdentifier") if kind == "instance" else None,
        )

    def global_cluster(self, cluster: Resource, kind: str, identifier: str | None) -> Field | None:
        """How a cluster belongs to a global database: its own link, or a global cluster naming it as its source."""
        if kind != "cluster":
            return None
        own = cluster.prop("GlobalClusterIdentifier")
        if own is not None:
            return to_field(own, cluster, "GlobalClusterIdentifier")
        for resource in self.by_type.get(GLOBAL_CLUSTER, []):
            prop = resource.prop("SourceDBClusterIdentifier")
            if prop is not None and (self._names(prop, cluster, identifier) or any(
                    self.arn(branch.value, "source").resource is cluster for branch in branches(prop))):
                return to_field(prop, resource, "SourceDBClusterIdentifier")
        return None

    def primary_link(self, replica: Source) -> PrimaryLink | None:
        """How a read replica's SourceDBInstanceIdentifier names its primary, for the assembly to find it."""
        link = replica.resource.prop("SourceDBInstanceIdentifier") if replica.is_replica else None
        if link is None or len(link.options) != 1:
            return None
        value = link.value
        if isinstance(value, str) and not value.startswith("arn:"):
            return PrimaryLink(identifier=value.lower())
        if isinstance(value, Attr) and value.attribute == "Ref":
            return PrimaryLink(self.resource_of(value))
        arn = self.arn(value, "source")
        return PrimaryLink(arn.resource) if arn.kind == "instance" and arn.resource is not None else None

    def linked(self, link_type: str, link_property: str, resource: Resource,
               identifier: str | None) -> tuple[Resource, ...]:
        """The resources of link_type whose link_property points at resource (as _names decides), in input order.

        The links of each type are indexed once, so that joining every cluster with its instances
        (every namespace with its workgroups) takes time in proportion to the resources.
        """
        key = (link_type, link_property)
        index = self.link_indexes.get(key)
        if index is None:
            index = self.link_indexes[key] = {}
            for position, candidate in enumerate(self.by_type.get(link_type, [])):
                prop = candidate.prop(link_property)
                for value in prop.options if prop is not None else ():
                    if isinstance(value, Attr):
                        index.setdefault((id(value.template), value.logical_id), {})[position] = candidate
                    elif isinstance(value, str):
                        index.setdefault(value.lower(), {})[position] = candidate
        found = dict(index.get((id(resource.template), resource.logical_id), {}))
        if identifier is not None:
            found.update(index.get(identifier, {}))
        return tuple(found[position] for position in sorted(found))

    def _names(self, prop: Prop | None, resource: Resource, identifier: str | None) -> bool:
        """Does a DBClusterIdentifier-style property point at resource?"""
        if prop is None:
            return False
        for value in prop.options:
            if isinstance(value, Attr) and value.logical_id == resource.logical_id and value.template is resource.template:
                return True
            if isinstance(value, str) and identifier is not None and value.lower() == identifier:
                return True
        return False

    def group_link(self, owner: Resource, name: str, group_type: str, types: tuple[str, ...]) -> GroupLink:
        """How owner's property name links its parameter group (one of types; group_type is the one to create)."""
        prop = owner.prop(name)
        link = GroupLink(to_field(prop, owner, name), group_type)
        if prop is None:
            return link
        value = prop.value
        if isinstance(value, Attr) and value.attribute == "Ref":
            resource = self.resource_of(value)
            if resource.type in types:
                return replace(link, group=self.parameter_group(resource))
            return replace(link, unknown=Unknown(f"{value.written} is a {resource.type}, not a parameter group"))
        if isinstance(value, str):
            for group_type in types:
                resource = self.group_named(group_type, value.lower())
                if resource is not None:
                    return replace(link, group=self.parameter_group(resource))
            return replace(link, name=value)
        reason = value.reason if isinstance(value, Unknown) else f"{describe(value)} is not a group name"
        return replace(link, unknown=Unknown(reason))

    def group_named(self, group_type: str, name: str) -> Resource | None:
        """The first parameter group of group_type whose literal name, lower-cased, is name.

        The names of each type are indexed once, so that a thousand clusters naming their groups
        do not each read every group's name.
        """
        index = self.group_names.get(group_type)
        if index is None:
            index = self.group_names[group_type] = {}
            key = ("DBClusterParameterGroupName" if group_type == CLUSTER_PARAMETER_GROUP
                   else "DBParameterGroupName" if group_type == DB_PARAMETER_GROUP else "ParameterGroupName")
            for resource in self.by_type.get(group_type, []):
                name_prop = resource.prop(key)
                index.setdefault((name_prop.text() or "").lower() if name_prop is not None else None, resource)
        return index.get(name)

    def parameter_group(self, resource: Resource) -> ParameterGroup:
        key = id(resource.body)
        if key in self.groups:
            return self.groups[key]
        parameters: dict[str, Prop] = {}
        parameters_prop = resource.prop("Parameters")
        readable = parameters_prop is None or isinstance(parameters_prop.value, dict)
        if resource.type == REDSHIFT_PARAMETER_GROUP:
            parameters = _keyed_list(resource, "Parameters", "ParameterName", "ParameterValue")
            readable = _keyed_list_readable(resource, "Parameters", "ParameterName")
        elif parameters_prop is not None and isinstance(parameters_prop.value, CfnMap):
            for name in parameters_prop.value:
                found = resource.prop("Parameters", name)
                if found is not None:
                    parameters[name] = found
        elif parameters_prop is not None and isinstance(parameters_prop.value, str):
            # cfn-lint accepts a JSON string here too; positions then point at the whole string.
            try:
                decoded = json.loads(parameters_prop.value)
            except ValueError:
                decoded = None
            if isinstance(decoded, dict):
                for name, value in decoded.items():
                    parameters[name] = Prop(f"{parameters_prop.object}/{name}", value, (value,),
                                            parameters_prop.location, parameters_prop.key_location, None,
                                            parameters_prop.template)
        family_property = "ParameterGroupFamily" if resource.type == REDSHIFT_PARAMETER_GROUP else "Family"
        if resource.type != REDSHIFT_PARAMETER_GROUP:
            readable = readable or bool(parameters)
        group = ParameterGroup(resource, field_of(resource, family_property),
                               {name: to_field(prop, resource, name) for name, prop in parameters.items()},
                               to_field(parameters_prop, resource, "Parameters"), readable)
        self.groups[key] = group
        return group

    # -- targets ---------------------------------------------------------------------------

    def namespace(self, resource: Resource) -> Target:
        name_prop = resource.prop("NamespaceName")
        name = name_prop.text() if name_prop else None
        workgroups = []
        for workgroup in self.linked(WORKGROUP, "NamespaceName", resource, name.lower() if name else None):
            link = workgroup.prop("NamespaceName")
            if link is not None:
                config = _keyed_list(workgroup, "ConfigParameters", "ParameterKey", "ParameterValue")
                workgroups.append(Workgroup(workgroup, to_field(link, workgroup, "NamespaceName"),
                                            {key: to_field(prop, workgroup, key) for key, prop in config.items()},
                                            field_of(workgroup, "ConfigParameters"),
                                            _keyed_list_readable(workgroup, "ConfigParameters", "ParameterKey")))
        policies, unknowns = self.target_policies(resource)
        return Target(resource, "serverless", policies, unknowns, workgroups=tuple(workgroups))

    def redshift_cluster(self, resource: Resource) -> Target:
        policies, unknowns = self.target_policies(resource)
        return Target(
            resource,
            "provisioned",
            policies,
            unknowns,
            node_type=field_of(resource, "NodeType"),
            number_of_nodes=field_of(resource, "NumberOfNodes"),
            cluster_type=field_of(resource, "ClusterType"),
            encrypted=field_of(resource, "Encrypted"),
            parameter_group=self.group_link(resource, "ClusterParameterGroupName", REDSHIFT_PARAMETER_GROUP,
                                            (REDSHIFT_PARAMETER_GROUP,)),
            maintenance_track=field_of(resource, "MaintenanceTrackName"),
        )

    def target_policies(self, resource: Resource) -> tuple[tuple[Policy, ...], tuple[Unknown, ...]]:
        """The target's own NamespaceResourcePolicy (the assembly adds the ResourcePolicy documents naming it)."""
        prop = resource.prop("NamespaceResourcePolicy")
        if prop is None:
            return (), ()
        found = self.policy(prop, resource, "NamespaceResourcePolicy")
        return ((found,), ()) if isinstance(found, Policy) else ((), (found,))

    def attach_resource_policies(self) -> None:
        """Read every AWS::Redshift::ResourcePolicy (and PutResourcePolicy call) and file it under the target it names."""
        for resource in self.by_type.get(RESOURCE_POLICY, []):
            document = resource.prop("Policy")
            arn_prop = resource.prop("ResourceArn")
            if document is None or arn_prop is None:
                continue  # CloudFormation requires both: nothing is set
            name = resource.template.property_name(resource.logical_id, ("Policy",))
            owner = resource.vocabulary.typed("resource_policy", resource.label)
            self.file_policy(resource, document, arn_prop, f"{name} of {owner}", None)
        for resource in filter(is_custom, self.by_body.values()):
            call = sdk_call(resource)
            if call is None:
                self.attach_handed_policy(resource)
                continue
            if (call.service, call.action) != ("redshift", "putresourcepolicy"):
                continue
            document, arn_prop = call.parameter("Policy"), call.parameter("ResourceArn")
            if document is None or arn_prop is None:
                continue  # the API requires both: the call fails and sets nothing
            label = f"the Redshift putResourcePolicy call of {resource.type} {resource.label}"
            self.file_policy(resource, document, arn_prop, f"Policy of {label[4:]}", label)

    def attach_handed_policy(self, resource: Resource) -> None:
        """A Lambda-backed custom resource given a Redshift policy document and a namespace ARN: the policy it sets."""
        documents = redshift_policy_keys(resource)
        arns = [prop for prop in map(resource.prop, resource.properties)
                if prop is not None and any(self.arn(b.value, "target").kind == "namespace" for b in branches(prop))]
        if len(documents) != 1 or len(arns) != 1:
            return  # no policy text, or no telling which document goes to which namespace
        document = resource.prop(documents[0])
        label = f"the {documents[0]} that {resource.type} {resource.label} hands to its Lambda function"
        self.file_policy(resource, document, arns[0], f"{documents[0]} of {resource.type} {resource.label}", label)  # type: ignore[arg-type]

    def file_policy(self, resource: Resource, document: Prop, arn_prop: Prop, name: str, call: str | None) -> None:
        """Read one policy set apart from its target and file it under the target its ResourceArn names."""
        condition = resource.body.get("Condition")
        if isinstance(condition, str):
            # The policy exists only where the resource's Condition holds.
            document = replace(document, absent_when=(*document.absent_when, ((condition, False),)),
                               removal_span=document.removal_span or resource.body.value_spans.get("Condition"))
        policy = self.policy(document, resource, name)
        if isinstance(policy, Policy) and call is not None:
            policy = replace(policy, call=call)
        arns = tuple(self.arn(branch.value, "target") for branch in branches(arn_prop))
        self.standalone.append(StandalonePolicy(resource, policy, arns, call or f"{RESOURCE_POLICY} {resource.label}"))

    def policy(self, prop: Prop, owner: Resource, name: str) -> Policy | Unknown:
        """Read a policy document (an object, or JSON text, possibly assembled with Fn::Sub)."""
        document = prop.value
        if isinstance(document, str):
            document = policy_text(document, name)
            if isinstance(document, Unknown):
                return document
        elif isinstance(document, Concat):
            decoded = decode_assembled_json(document)
            if isinstance(decoded, json.JSONDecodeError):
                how = document.function or "Fn::Sub"
                return Unknown(f"{name} is text assembled with {how} that is not JSON once its references are "
                               f"filled in ({json_error(decoded)})")
            document = decoded
        resolver = prop.template.resolver

        def locate(index: int) -> Location | None:
            if not isinstance(prop.raw, CfnMap):
                return None  # JSON text: its statements have no place of their own
            found = prop_at(prop.template, prop.raw, prop.object, ("Statement", index))
            return found.location if found is not None else None

        reader = DocumentReader(resolver.one, resolver.options, lambda value: self.arn(value, "source"), locate,
                                lambda index: f"{prop.object}/Statement/{index}")
        return read_policy(document, _document_field(prop), owner, name, reader,
                           self.rulebook.targets.authorization.source_condition_key)

    # -- integrations ----------------------------------------------------------------------

    def integration(self, resource: Resource, resource_type: str) -> Integration:
        source_prop = resource.prop("SourceArn")
        target_prop = resource.prop("TargetArn")

        def named(name: str) -> Field | None:  # as the input names the property
            return prop_field(resource.prop(name), resource.template.property_name(resource.logical_id, (name,)))

        return Integration(
            resource=resource,
            resource_type=resource_type,  # type: ignore[arg-type]
            name=named("IntegrationName"),
            source_prop=named("SourceArn"),
            target_prop=named("TargetArn"),
            sources=tuple(self.arn(b.value, "source", b.when) for b in branches(source_prop)) if source_prop else (),
            targets=tuple(self.arn(b.value, "target", b.when) for b in branches(target_prop)) if target_prop else (),
            data_filter=named("DataFilter"),
            kms_key=named("KMSKeyId"),
            encryption_context=named("AdditionalEncryptionContext"),
            description=named("Description"),
            tag_keys=tuple(prop_field(prop, "Key") for prop in _list_fields(resource, "Tags", "Key")),
            tag_values=tuple(prop_field(prop, "Value") for prop in _list_fields(resource, "Tags", "Value")),
            data_filter_object=resource.template.property_object(resource.logical_id, ("DataFilter",)),
        )

    def call_integration(self, call: SdkCall) -> Integration:
        """An rds:CreateIntegration call of an AwsCustomResource, read as the integration it creates."""
        source_prop, target_prop = call.parameter("SourceArn"), call.parameter("TargetArn")
        tags = call.parameters.get("Tags")
        tag_list = [tag for tag in tags if isinstance(tag, dict)] if isinstance(tags, list) else []
        return Integration(
            resource=call.resource,
            resource_type="rds",
            name=prop_field(call.parameter("IntegrationName"), "IntegrationName"),
            source_prop=prop_field(source_prop, "SourceArn"),
            target_prop=prop_field(target_prop, "TargetArn"),
            sources=tuple(self.arn(b.value, "source", b.when) for b in branches(source_prop)) if source_prop else (),
            targets=tuple(self.arn(b.value, "target", b.when) for b in branches(target_prop)) if target_prop else (),
            data_filter=prop_field(call.parameter("DataFilter"), "DataFilter"),
            kms_key=prop_field(call.parameter("KMSKeyId"), "KMSKeyId"),
            encryption_context=prop_field(call.parameter("AdditionalEncryptionContext"), "AdditionalEncryptionContext"),
            description=prop_field(call.parameter("Description"), "Description"),
            tag_keys=tuple(prop_field(replace(call.parameter("Tags"), object=f"{call.prop.object}/parameters/Tags/{i}/Key",  # type: ignore[arg-type]
                                              raw=tag["Key"], options=(tag["Key"],)), "Key")
                           for i, tag in enumerate(tag_list) if "Key" in tag),
            tag_values=tuple(prop_field(replace(call.parameter("Tags"), object=f"{call.prop.object}/parameters/Tags/{i}/Value",  # type: ignore[arg-type]
                                                raw=tag["Value"], options=(tag["Value"],)), "Value")
                             for i, tag in enumerate(tag_list) if "Value" in tag),
            data_filter_object=f"{call.resource.object}/Properties/DataFilter",
        )

    def opaque_integration(self, resource: Resource) -> OpaqueIntegration | None:
        """A custom resource given both a source and a target ARN: it creates an integration the inputs cannot show."""
        sources: list[ArnRef] = []
        targets: list[ArnRef] = []
        for role, value in role_values(resource):
            found = self.arn(value, role or "source")
            if found.kind in ("cluster", "instance") or (role == "source" and found.kind == "unknown"):
                sources.append(found)
            elif found.kind == "namespace" or (role == "target" and found.kind == "unknown"):
                targets.append(found)
        if not sources or not targets:
            return None
        return OpaqueIntegration(resource, tuple(sources), tuple(targets))

    def arn(self, value: Any, role: str, when: str = "") -> ArnRef:
        """Classify one resolved SourceArn/TargetArn value (of the Fn::If branch `when` describes)."""
        found = self._arn(value, role)
        return replace(found, when=when) if when else found

    def _arn(self, value: Any, role: str) -> ArnRef:
        written = describe(value)
        if isinstance(value, Unknown):
            return ArnRef("unknown", written, explanation=value.reason)
        if isinstance(value, Attr):
            resource = self.resource_of(value)
            kind = _ATTRIBUTE_KINDS.get((resource.type, value.attribute))
            if kind is not None:
                return ArnRef(kind, written, resource, region=value.template.region)  # type: ignore[arg-type]
            if value.attribute == "Ref" and resource.type in _REF_RETURNS:
                return ArnRef("not-arn", written, resource, explanation=f"Ref returns {_REF_RETURNS[resource.type]}, not an ARN")
            if resource.type == REDSHIFT_CLUSTER and value.attribute == "Arn":
                return ArnRef("redshift-cluster", written, resource)
            return ArnRef("other", written, resource, explanation=f"{value.written} is not the ARN of a {role}")
        if isinstance(value, Pseudo):
            return ArnRef("other", written, explanation=f"{value.name} is not an ARN")
        if isinstance(value, (str, Concat)):
            return self._arn_text(value, written)
        return ArnRef("other", written, explanation="not a string")

    def resource_of(self, attr: Attr) -> Resource:
        """The resource a Ref or GetAtt names (the resolver only makes Attrs of defined resources)."""
        return self.by_body[id(attr.template.resources[attr.logical_id])]

    def _arn_text(self, value: str | Concat, written: str) -> ArnRef:
        """Match a literal or assembled ARN against the RDS and Redshift ARN shapes (model/arns.py)."""
        if isinstance(value, str):
            return self.assembly.arn(ArnText((value,), written))
        return self.assembly.arn(ArnText(tuple(map(self._piece, value.parts)), written, value.function or "Fn::Sub"))

    def _piece(self, part: str | Pseudo | Attr) -> str | Piece:
        if isinstance(part, str):
            return part
        shown = sub_text(Concat((part,)))
        if isinstance(part, Pseudo):
            return Piece(_PSEUDO_ROLES.get(part.name, "other"), shown)  # type: ignore[arg-type]
        resource = self.resource_of(part)
        return Piece("reference", shown, resource, part.attribute == "Ref", _ENTITY_KINDS.get(resource.type))


def field_of(resource: Resource, *path: str | int) -> Field:
    """The property at Properties/<path...> of resource as a model field (absent or not)."""
    return to_field(resource.prop(*path), resource, *path)


def prop_field(prop: Prop | None, name: str) -> Field | None:
    """A property that is there as a model field called name (None when it is absent), with the
    positions of its text when it is a scalar written in the file."""
    if prop is None:
        return None
    span, template = prop.span, prop.template

    def position_of(offset: int) -> tuple[int, int] | None:
        if span is None or span.style is None:
            return None
        style = "json" if span.style == '"' and template.path.lower().endswith(".json") else span.style
        return scalar_position(template.text, span.start, span.end, style, offset)

    return replace(_field(prop, name), position_of=position_of)


def _field(prop: Prop, name: str) -> Field:
    return Field(name, prop.object, prop.location, prop.key_location, branches(prop), True, prop.value,
                 prop.scope, prop.absent_when, prop.removal_location if prop.removal_span is not None else None)


def _document_field(prop: Prop) -> Field:
    """A policy document as the model holds it, named by the last step of its object path."""
    return _field(prop, prop.object.rsplit("/", 1)[-1])


def to_field(prop: Prop | None, owner: Resource, *path: str | int) -> Field:
    """A property as the model holds it: named by its last path step, every branch resolved."""
    name = owner.template.property_name(owner.logical_id, path)
    if prop is None:
        location = owner.location
        return Field(name, owner.template.property_object(owner.logical_id, path), location, location,
                     scope=owner.scope)
    return _field(prop, name)


def _list_fields(resource: Resource, prop_name: str, field_name: str) -> tuple[Prop, ...]:
    """The field_name of every entry of a [{Key: k, Value: v}, ...] list, as written."""
    container = resource.prop(prop_name)
    if container is None or not isinstance(container.value, CfnList):
        return ()
    found = (resource.prop(prop_name, index, field_name) for index in range(len(container.value)))
    return tuple(prop for prop in found if prop is not None)


def _keyed_list_readable(resource: Resource, prop_name: str, key_field: str) -> bool:
    """Is every item of a [{Key: k, Value: v}] list a literal key, so a missing key is truly missing?"""
    container = resource.prop(prop_name)
    if container is None:
        return True
    if not isinstance(container.value, list):
        return False
    for index in range(len(container.value)):
        key = resource.prop(prop_name, index, key_field)
        if key is None or not isinstance(key.value, str):
            return False
    return True


def _keyed_list(resource: Resource, prop_name: str, key_field: str, value_field: str) -> dict[str, Prop]:
    """Read [{Key: k, Value: v}, ...] lists (workgroup ConfigParameters, Redshift Parameters)."""
    out: dict[str, Prop] = {}
    container = resource.prop(prop_name)
    if container is None or not isinstance(container.value, CfnList):
        return out
    for index, item in enumerate(container.value):
        if not isinstance(item, dict):
            continue
        key = resource.prop(prop_name, index, key_field)
        value = resource.prop(prop_name, index, value_field)
        if key is not None and isinstance(key.value, str) and value is not None:
            out[key.value] = value
    return out

