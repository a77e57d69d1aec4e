"""Build the deployment model from linked templates: who is the source, the target, the policy."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from zeroetl_lint.artifacts.cloudformation.intrinsics import Attr, Concat, Pseudo, Unknown, describe, sub_text
from zeroetl_lint.artifacts.cloudformation.custom_resources import (
    SdkCall,
    is_custom,
    redshift_policy_keys,
    role_values,
    sdk_call,
)
from zeroetl_lint.artifacts.cloudformation.json_text import decode_assembled_json, json_error
from zeroetl_lint.artifacts.cloudformation.intended import Named, source_reason, target_reason
from zeroetl_lint.artifacts.cloudformation.offsets import scalar_position
from zeroetl_lint.artifacts.cloudformation.order import creation_order
from zeroetl_lint.artifacts.cloudformation.loader import CfnList, CfnMap
from zeroetl_lint.artifacts.cloudformation.template import Prop, Resource, Template, branches, prop_at
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
    SourceTest,
    Statement,
    Target,
    Workgroup,
)
from zeroetl_lint.rulebook import Rulebook, compiled

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
# How messages name the resource behind an ARN assembled with Fn::Join or Fn::Sub.
_NOUNS = {
    DB_CLUSTER: "DB cluster",
    DB_INSTANCE: "DB instance",
    NAMESPACE: "namespace",
    WORKGROUP: "workgroup",
    REDSHIFT_CLUSTER: "Redshift cluster",
}
# A policy document that is not one is shown cut to this many characters in messages.
_SHOWN_DOCUMENT = 60
_REF_RETURNS = {
    DB_CLUSTER: "the cluster identifier",
    DB_INSTANCE: "the instance identifier",
    NAMESPACE: "the namespace name",
    WORKGROUP: "the workgroup name",
    REDSHIFT_CLUSTER: "the cluster name",
}
# Placeholders that stand for symbolic pieces while an assembled ARN is matched against a pattern;
# they fit the ARN character classes so the pattern can capture them.
_REGION_TOKEN = "zzregionzz"
_ACCOUNT_TOKEN = "000000000000"


def build_deployment(templates: list[Template], rulebook: Rulebook, named: Named = Named()) -> Deployment:
    """Join resources across templates into sources, targets and integrations.

    named: the sources and targets the config names as meant for zero-ETL.
    """
    resources = [
        Resource(template, logical_id, body["Type"], body)
        for template in templates
        for logical_id, body in template.resources.items()
    ]
    by_type: dict[str, list[Resource]] = {}
    for resource in resources:
        by_type.setdefault(resource.type, []).append(resource)
    builder = _Builder(rulebook, by_type, {id(resource.body): resource for resource in resources})
    builder.attach_resource_policies()
    integrations = [builder.integration(r, "rds") for r in by_type.get(RDS_INTEGRATION, [])]
    integrations += [builder.integration(r, "redshift") for r in by_type.get(REDSHIFT_INTEGRATION, [])]
    calls = [call for call in map(sdk_call, filter(is_custom, resources)) if call is not None]
    integrations += [builder.call_integration(call) for call in calls if call.action == "createintegration"
                     and call.service == "rds"]
    called = {id(call.resource) for call in calls}
    opaque = [found for found in (builder.opaque_integration(r) for r in resources
                                  if is_custom(r) and id(r) not in called) if found is not None]
    # What some integration names is a source or target in use; the rest may be intended ones.
    named_by = {id(arn.resource) for integration in integrations for arn in (*integration.sources, *integration.targets)
                if arn.resource is not None}
    sources = [builder.source(r, "cluster") for r in by_type.get(DB_CLUSTER, [])]
    clustered = {id(r) for source in sources for r in source.instances}
    sources += [
        builder.source(r, "instance")
        for r in by_type.get(DB_INSTANCE, [])
        if id(r) not in clustered and builder.instance_cluster(r) is None
    ]
    sources = builder.resolve_replicas([s if id(s.resource) in named_by else
                                        replace(s, intended=source_reason(s, rulebook, named)) for s in sources])
    targets = [builder.namespace(r) for r in by_type.get(NAMESPACE, [])]
    targets += [builder.redshift_cluster(r) for r in by_type.get(REDSHIFT_CLUSTER, [])]
    targets = [t if id(t.resource) in named_by else replace(t, intended=target_reason(t, rulebook, named))
               for t in targets]
    external = builder.external_targets()
    targets += list(external.values())
    links = [instance.prop("DBClusterIdentifier") for instance in by_type.get(DB_INSTANCE, [])]
    return Deployment(
        unresolved_instance_links=any(
            link is not None and not all(isinstance(value, (str, Attr)) for value in link.options) for link in links),
        templates=tuple(templates),
        resources=tuple(resources),
        sources=tuple(sources),
        targets=tuple(targets),
        integrations=tuple(integrations),
        parameter_groups=tuple(builder.groups.values()),
        opaque_integrations=tuple(opaque),
        creation_order=creation_order(resources),
        _source_by_resource={id(s.resource): s for s in sources},
        _target_by_resource={id(t.resource): t for t in targets if t.arn is None},
        _target_by_arn=external,
    )


class _Builder:
    def __init__(self, rulebook: Rulebook, by_type: dict[str, list[Resource]], by_body: dict[int, Resource]) -> None:
        self.rulebook = rulebook
        self.by_type = by_type
        # Every model object refers to the one Resource of its entry, found from a Ref or GetAtt.
        self.by_body = by_body
        self.groups: dict[int, ParameterGroup] = {}
        # (resource type, link property) -> what its values name (a resource, or a lower-cased
        # literal identifier) -> the resources that link so, by input position; see linked().
        self.link_indexes: dict[tuple[str, str], dict[object, dict[int, Resource]]] = {}
        # AWS::Redshift::ResourcePolicy documents by the target they name: the body of a namespace
        # or cluster among the inputs (by id), or a literal namespace ARN (lower-cased).
        self.attached: dict[int | str, list[tuple[Resource, Policy | Unknown]]] = {}
        # Policies whose ResourceArn cannot be resolved: they may belong to any target.
        self.floating: list[Unknown] = []

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

    def resolve_replicas(self, sources: list[Source]) -> list[Source]:
        """Give each read replica its primary, and the primary's engine when it has none of its own."""
        by_resource = {id(source.resource): source for source in sources}
        done: dict[int, Source] = {}

        def resolved(source: Source, seen: frozenset[int]) -> Source:
            key = id(source.resource)
            if key in done:
                return done[key]
            primary = self.primary_of(source, by_resource)
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

    def primary_of(self, replica: Source, by_resource: dict[int, Source]) -> Source | None:
        """The instance among the inputs that a replica's SourceDBInstanceIdentifier names."""
        link = replica.resource.prop("SourceDBInstanceIdentifier") if replica.is_replica else None
        if link is None or len(link.options) != 1:
            return None
        value = link.value
        if isinstance(value, str) and not value.startswith("arn:"):
            return next((source for source in by_resource.values()
                         if source.kind == "instance" and source.identifier == value.lower()), None)
        if isinstance(value, Attr) and value.attribute == "Ref":
            return by_resource.get(id(self.resource_of(value)))
        arn = self.arn(value, "source")
        return by_resource.get(id(arn.resource)) if arn.kind == "instance" and arn.resource is not None else None

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
                for resource in self.by_type.get(group_type, []):
                    name_prop = resource.prop("DBClusterParameterGroupName" if group_type == CLUSTER_PARAMETER_GROUP
                                              else "DBParameterGroupName" if group_type == DB_PARAMETER_GROUP
                                              else "ParameterGroupName")
                    if name_prop is not None and (name_prop.text() or "").lower() == value.lower():
                        return replace(link, group=self.parameter_group(resource))
            return replace(link, name=value)
        reason = value.reason if isinstance(value, Unknown) else f"{describe(value)} is not a group name"
        return replace(link, unknown=Unknown(reason))

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
        """The target's NamespaceResourcePolicy and the AWS::Redshift::ResourcePolicy documents naming it."""
        found: list[Policy | Unknown] = []
        prop = resource.prop("NamespaceResourcePolicy")
        if prop is not None:
            found.append(self.policy(prop, resource, "NamespaceResourcePolicy"))
        found += [policy for _, policy in self.attached.get(id(resource.body), [])]
        return _split(found, self.floating)

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
        for branch in branches(arn_prop):
            arn = self.arn(branch.value, "target")
            if arn.kind == "namespace" and arn.resource is not None:
                self.attached.setdefault(id(arn.resource.body), []).append((resource, policy))
            elif arn.kind == "namespace" and arn.text is not None:
                self.attached.setdefault(arn.text.lower(), []).append((resource, policy))
            elif arn.kind in ("unknown", "namespace"):
                reason = arn.explanation or f"{arn.written} cannot be compared with the targets' ARNs"
                setter = call or f"{RESOURCE_POLICY} {resource.label}"
                self.floating.append(Unknown(f"{setter} may set it: its ResourceArn is unresolved ({reason})"))
            # Any other ARN (a cluster or workgroup ARN) names no namespace: the policy sets nothing here.

    def external_targets(self) -> dict[str, Target]:
        """Namespaces outside the inputs whose literal ARN an AWS::Redshift::ResourcePolicy names."""
        out: dict[str, Target] = {}
        for key, found in self.attached.items():
            if not isinstance(key, str):
                continue
            policies, unknowns = _split([policy for _, policy in found], self.floating)
            kind = "serverless" if ":redshift-serverless:" in key else "provisioned"
            out[key] = Target(found[0][0], kind, policies, unknowns, arn=key)  # type: ignore[arg-type]
        return out

    def policy(self, prop: Prop, owner: Resource, name: str) -> Policy | Unknown:
        """Read a policy document (an object, or JSON text, possibly assembled with Fn::Sub)."""
        document = prop.value
        if isinstance(document, str):
            try:
                document = json.loads(document)
            except json.JSONDecodeError as error:
                return Unknown(f"{name} is a string that is not JSON ({json_error(error)})")
        elif isinstance(document, Concat):
            decoded = decode_assembled_json(document)
            if isinstance(decoded, json.JSONDecodeError):
                how = document.function or "Fn::Sub"
                return Unknown(f"{name} is text assembled with {how} that is not JSON once its references are "
                               f"filled in ({json_error(decoded)})")
            document = decoded
        if isinstance(document, Unknown):
            return Unknown(f"{name}: {document.reason}")
        if not isinstance(document, dict):
            return Unknown(f"{name} is {describe(document, _SHOWN_DOCUMENT)}, not a policy document")
        statements_node = document.get("Statement")
        if isinstance(statements_node, dict):
            statements_node = [statements_node]
        if not isinstance(statements_node, list):
            return Policy(_document_field(prop), (), owner)
        statements = []
        for index, statement in enumerate(statements_node):
            if not isinstance(statement, dict):
                continue
            statement_prop = (
                prop_at(prop.template, prop.raw, prop.object, ("Statement", index))
                if isinstance(prop.raw, CfnMap) else None
            )
            statements.append(self.statement(prop, statement, statement_prop, index))
        return Policy(_document_field(prop), tuple(statements), owner)

    def statement(self, policy: Prop, statement: dict[str, Any], statement_prop: Prop | None, index: int) -> Statement:
        resolver = policy.template.resolver
        not_action = "NotAction" in statement and "Action" not in statement
        listed = resolver.one(statement.get("NotAction" if not_action else "Action"))
        items = ([listed] if isinstance(listed, str) else
                 [resolver.one(action) for action in listed] if isinstance(listed, list) else [])
        actions = tuple(action for action in items if isinstance(action, str))
        complete = isinstance(listed, (str, list)) and len(actions) == len(items)
        source_key = self.rulebook.targets.authorization.source_condition_key.lower()
        tests: list[SourceTest] = []
        condition = resolver.one(statement.get("Condition"))
        if isinstance(condition, Unknown):
            # A computed Condition block (Fn::If): whatever it tests cannot be read.
            tests.append(SourceTest(next(iter(statement["Condition"]), "Fn::If"), ()))
        elif isinstance(condition, dict):
            for operator, clauses in condition.items():
                if not isinstance(clauses, dict):
                    continue
                for key, values in clauses.items():
                    if key.lower() != source_key:  # condition keys are case-insensitive
                        continue
                    value_list = values if isinstance(values, list) else [values]
                    tests.append(SourceTest(operator, tuple(
                        tuple(self.arn(option, "source") for option in resolver.options(value))
                        for value in value_list)))
        effect = resolver.one(statement.get("Effect"))
        return Statement(
            object=f"{policy.object}/Statement/{index}",
            location=statement_prop.location if statement_prop is not None else None,
            effect=effect if isinstance(effect, str) else None,
            actions=actions,
            source_tests=tuple(tests),
            has_principal="Principal" in statement,
            not_action=not_action,
            principals=_principals(statement["Principal"], resolver.one) if "Principal" in statement else None,
            actions_complete=complete,
            index=index,
        )

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
        """Match a literal or assembled ARN against the RDS and Redshift ARN shapes."""
        text, tokens, regions = _render(value)
        # Only a fully literal ARN has a text: the account placeholder of ${AWS::AccountId} must not
        # be compared with real account numbers (the partition renders as itself).
        literal = isinstance(value, str) or all(
            isinstance(part, str) or (isinstance(part, Pseudo) and part.name == "AWS::Partition") for part in value.parts)
        facts = self.rulebook.integrations
        match = compiled(facts.source_arn_pattern.value).match(text)
        if match:
            kind = "cluster" if match["kind"] == "cluster" else "instance"
            resource = self._named_resource(match["name"], tokens, DB_CLUSTER if kind == "cluster" else DB_INSTANCE)
            return ArnRef(kind, _assembled(value, resource, written), resource,  # type: ignore[arg-type]
                          text if literal else None, _region(match["region"], regions))
        match = compiled(facts.target_arn_pattern.value).match(text)
        if match:
            resource = self._named_resource(match["name"], tokens, None)
            return ArnRef("namespace", _assembled(value, resource, written), resource, text if literal else None,
                          _region(match["region"], regions))
        match = compiled(facts.lakehouse_target_arn_pattern.value).match(text)
        if match:
            return ArnRef("catalog", written, text=text if literal else None, region=_region(match["region"], regions),
                          explanation="an AWS Glue catalog: a SageMaker lakehouse target")
        if ":redshift:" in text and ":cluster:" in text:
            resource = self._named_resource(text.rsplit(":", 1)[-1], tokens, REDSHIFT_CLUSTER)
            return ArnRef("redshift-cluster", _assembled(value, resource, written), resource,
                          text=text if literal else None, explanation="a provisioned cluster ARN")
        if ":redshift-serverless:" in text and ":workgroup/" in text:
            resource = self._named_resource(text.rsplit("/", 1)[-1], tokens, WORKGROUP)
            return ArnRef("workgroup", _assembled(value, resource, written), resource, text=text if literal else None)
        if isinstance(value, Concat) and any(isinstance(part, Attr) for part in value.parts) and not text.startswith("arn:"):
            return ArnRef("unknown", written, explanation="an assembled value that is not an ARN shape")
        patterned = isinstance(value, Concat) and all(isinstance(part, (str, Pseudo)) for part in value.parts)
        symbolic = sub_text(value) if patterned and isinstance(value, Concat) else None
        return ArnRef("other", written, text=text if isinstance(value, str) else None,
                      explanation="it does not match the ARN pattern", symbolic=symbolic)

    def _named_resource(self, name: str, tokens: dict[str, Attr], resource_type: str | None) -> Resource | None:
        if name in tokens:
            attr = tokens[name]
            resource = self.resource_of(attr)
            if attr.attribute == "Ref" and (resource_type is None or resource.type == resource_type):
                return resource
            return None
        if resource_type not in (DB_CLUSTER, DB_INSTANCE):
            return None
        identifier = "DBClusterIdentifier" if resource_type == DB_CLUSTER else "DBInstanceIdentifier"
        for resource in self.by_type.get(resource_type, []):
            prop = resource.prop(identifier)
            if prop is not None and (prop.text() or "").lower() == name.lower():
                return resource
        return None


def _principals(node: Any, resolve: Callable[[Any], Any]) -> tuple[tuple[str, str], ...] | None:
    """("AWS", "arn:..."), ("Service", "redshift.amazonaws.com"), ("*", "*") pairs; None when computed."""
    principal = resolve(node)
    if principal == "*":
        return (("*", "*"),)
    if not isinstance(principal, dict):
        return None
    pairs: list[tuple[str, str]] = []
    for kind, values in principal.items():
        values = resolve(values)
        for value in values if isinstance(values, list) else [values]:
            value = resolve(value)
            if not isinstance(value, (str, Attr, Concat, Pseudo)):
                return None
            # An account written as !Ref AWS::AccountId or an ARN assembled with Fn::Sub is still an account.
            pairs.append((kind, value if isinstance(value, str) else describe(value)))
    return tuple(pairs)


def _split(found: list[Policy | Unknown], floating: list[Unknown]) -> tuple[tuple[Policy, ...], tuple[Unknown, ...]]:
    policies = tuple(item for item in found if isinstance(item, Policy))
    unknowns = tuple(item for item in found if isinstance(item, Unknown))
    return policies, tuple(dict.fromkeys((*unknowns, *floating)))


def _assembled(value: str | Concat, resource: Resource | None, written: str) -> str:
    """'the ARN of DB cluster Orders (assembled with Fn::Join)' for an assembled ARN of a known resource."""
    if not isinstance(value, Concat) or resource is None:
        return written
    noun = _NOUNS.get(resource.type, resource.type)
    return f"the ARN of {noun} {resource.logical_id} (assembled with {value.function or 'Fn::Sub'})"


def _render(value: str | Concat) -> tuple[str, dict[str, Attr], set[str]]:
    """Text with placeholders for symbolic pieces, the Attr behind each placeholder, and pseudo Regions."""
    if isinstance(value, str):
        return value, {}, set()
    out: list[str] = []
    tokens: dict[str, Attr] = {}
    regions: set[str] = set()
    for part in value.parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Pseudo):
            if part.name == "AWS::Region":
                out.append(_REGION_TOKEN)
                regions.add(_REGION_TOKEN)
            elif part.name == "AWS::AccountId":
                out.append(_ACCOUNT_TOKEN)
            elif part.name == "AWS::Partition":
                out.append("aws")
            else:
                out.append("zzpseudozz")
        else:
            token = f"zzattr{len(tokens)}zz"
            tokens[token] = part
            out.append(token)
    return "".join(out), tokens, regions


def _region(found: str, pseudo_regions: set[str]) -> str | None:
    return None if found in pseudo_regions or not found else found


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

