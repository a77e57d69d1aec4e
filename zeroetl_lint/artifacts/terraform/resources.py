"""Which Terraform AWS provider resources the adapter maps onto the model, and how their arguments map.

Argument and attribute names are those of the hashicorp/aws provider's resource documentation
(website/docs/r/<name>.html.markdown) and schema, checked for each entry:

- aws_rds_cluster: engine, engine_version, engine_mode, cluster_identifier,
  db_cluster_parameter_group_name, backtrack_window, backup_retention_period,
  cluster_scalability_type, storage_encrypted, kms_key_id, storage_type, global_cluster_identifier;
  attributes arn, id (the identifier).
- aws_rds_global_cluster: global_cluster_identifier, source_db_cluster_identifier (the primary
  cluster's ARN), engine, engine_version; attributes arn, id.
- aws_rds_cluster_instance: cluster_identifier, identifier, engine, engine_version, instance_class,
  db_parameter_group_name; attributes arn, id, identifier.
- aws_db_instance: identifier, engine, engine_version, instance_class, parameter_group_name,
  backup_retention_period, storage_encrypted, storage_type, replicate_source_db (the primary's
  identifier, or its ARN across Regions); attributes arn, identifier, and id (since provider 5.0
  the DBI resource id, not the identifier).
- aws_rds_cluster_parameter_group / aws_db_parameter_group: name, family,
  `parameter { name value apply_method }`; attributes id and name (the name), arn.
- aws_redshiftserverless_namespace: namespace_name, kms_key_id; attributes arn, id and
  namespace_name (the name), namespace_id.
- aws_redshiftserverless_workgroup: namespace_name, workgroup_name,
  `config_parameter { parameter_key parameter_value }`; attributes arn, id, workgroup_name.
- aws_redshift_cluster: cluster_identifier, node_type, number_of_nodes, cluster_type, encrypted,
  cluster_parameter_group_name, kms_key_id, maintenance_track_name; attributes arn (the cluster), cluster_namespace_arn,
  id and cluster_identifier.
- aws_redshift_parameter_group: name, family, `parameter { name value }`; attributes id, name, arn.
- aws_redshift_resource_policy: resource_arn, policy. aws_redshiftserverless_resource_policy:
  resource_arn, policy; it sets the Redshift Serverless (snapshot-sharing) policy, which does not
  authorize integrations (provider issues #42857, #42859), so it is not read as the target's policy.
- aws_rds_integration: source_arn, target_arn, integration_name, data_filter, kms_key_id,
  additional_encryption_context, tags (a map); attribute arn. aws_redshift_integration: the same arguments
  (for DynamoDB and S3 sources; ZE406 reports it used for an RDS source).
- aws_kms_key: attributes arn, key_id, id (the key id).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class KeyedBlocks:
    """Nested blocks that hold named values: read by name (a parameter group's `parameter["x"]`) or by position."""

    block: str  # the Terraform block type: parameter, config_parameter
    key: str  # the block argument holding the name
    value: str
    # Read by position: the model's words for an entry's name and value (ParameterName), which fixes
    # hand to the editor; None when the blocks are read by name.
    entry_key: str | None = None
    entry_value: str | None = None


@dataclass(frozen=True, slots=True)
class Mapping:
    """What the adapter reads of one Terraform resource type."""

    model_type: str  # the model's type for it: the rulebook's facts (ARN attributes) are keyed by it
    arguments: tuple[str, ...]  # the Terraform arguments read
    # Terraform attribute -> the attribute the model uses for references ("Ref" for the name/identifier).
    attributes: dict[str, str] = field(default_factory=dict)
    blocks: KeyedBlocks | None = None
    tags: bool = False  # does it take a `tags` map the model reads (an integration's)


_RDS_PARAMETERS = KeyedBlocks("parameter", "name", "value")

MAPPINGS: dict[str, Mapping] = {
    "aws_rds_cluster": Mapping("AWS::RDS::DBCluster",
        ("engine", "engine_version", "engine_mode", "cluster_identifier", "db_cluster_parameter_group_name",
        "backtrack_window", "backup_retention_period", "cluster_scalability_type", "storage_encrypted", "kms_key_id",
        "storage_type", "global_cluster_identifier"),
        {"arn": "DBClusterArn", "id": "Ref", "cluster_identifier": "Ref"}),
    "aws_rds_global_cluster": Mapping("AWS::RDS::GlobalCluster",
        ("global_cluster_identifier", "source_db_cluster_identifier", "engine", "engine_version"),
        {"arn": "Arn", "id": "Ref", "global_cluster_identifier": "Ref"}),
    "aws_rds_cluster_instance": Mapping("AWS::RDS::DBInstance",
        ("cluster_identifier", "identifier", "engine", "engine_version", "instance_class", "db_parameter_group_name"),
        {"arn": "DBInstanceArn", "id": "Ref", "identifier": "Ref"}),
    "aws_db_instance": Mapping("AWS::RDS::DBInstance",
        ("identifier", "engine", "engine_version", "instance_class", "parameter_group_name",
        "backup_retention_period", "storage_encrypted", "storage_type", "replicate_source_db"),
        {"arn": "DBInstanceArn", "identifier": "Ref", "id": "DbiResourceId", "resource_id": "DbiResourceId"}),
    "aws_rds_cluster_parameter_group": Mapping("AWS::RDS::DBClusterParameterGroup", ("name", "family"),
        {"id": "Ref", "name": "Ref", "arn": "Arn"},
        _RDS_PARAMETERS),
    "aws_db_parameter_group": Mapping("AWS::RDS::DBParameterGroup", ("name", "family"),
        {"id": "Ref", "name": "Ref", "arn": "Arn"},
        _RDS_PARAMETERS),
    "aws_redshiftserverless_namespace": Mapping("AWS::RedshiftServerless::Namespace", ("namespace_name", "kms_key_id"),
        {"arn": "Namespace.NamespaceArn", "id": "Ref", "namespace_name": "Ref",
         "namespace_id": "Namespace.NamespaceId"}),
    "aws_redshiftserverless_workgroup": Mapping("AWS::RedshiftServerless::Workgroup",
        ("namespace_name", "workgroup_name"),
        {"arn": "Workgroup.WorkgroupArn", "id": "Ref", "workgroup_name": "Ref"},
        KeyedBlocks("config_parameter", "parameter_key", "parameter_value", "ParameterKey", "ParameterValue")),
    "aws_redshift_cluster": Mapping("AWS::Redshift::Cluster",
        ("cluster_identifier", "node_type", "number_of_nodes", "cluster_type", "encrypted",
        "cluster_parameter_group_name", "kms_key_id", "maintenance_track_name"),
        {"arn": "Arn", "cluster_namespace_arn": "ClusterNamespaceArn", "id": "Ref", "cluster_identifier": "Ref"}),
    "aws_redshift_parameter_group": Mapping("AWS::Redshift::ClusterParameterGroup", ("name", "family"),
        {"id": "Ref", "name": "Ref", "arn": "Arn"},
        KeyedBlocks("parameter", "name", "value", "ParameterName", "ParameterValue")),
    "aws_redshift_resource_policy": Mapping("AWS::Redshift::ResourcePolicy", ("resource_arn", "policy")),
    "aws_rds_integration": Mapping("AWS::RDS::Integration",
        ("source_arn", "target_arn", "integration_name", "data_filter", "kms_key_id", "additional_encryption_context"),
        {"arn": "IntegrationArn", "id": "Ref"},
        tags=True),
    "aws_redshift_integration": Mapping("AWS::Redshift::Integration",
        ("source_arn", "target_arn", "integration_name", "kms_key_id", "additional_encryption_context"),
        {"arn": "IntegrationArn", "id": "Ref"}),
    "aws_kms_key": Mapping("AWS::KMS::Key", (),
        {"arn": "Arn", "key_id": "KeyId", "id": "Ref"}),
}

# Attributes every resource has that AWS computes.
_COMPUTED = frozenset({"arn", "id"})


def is_reference(kind: str, attribute: str) -> bool:
    """Does `kind.name.attribute` stand for the resource itself (an ARN, id or name) rather than an argument?"""
    mapping = MAPPINGS.get(kind)
    return attribute in _COMPUTED or (mapping is not None and attribute in mapping.attributes)


def model_attribute(kind: str, attribute: str) -> str:
    """The model's name for a reference attribute; unmapped ones keep their Terraform name."""
    mapping = MAPPINGS.get(kind)
    if mapping is not None and attribute in mapping.attributes:
        return mapping.attributes[attribute]
    return attribute
