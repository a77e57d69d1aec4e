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
    """Nested blocks that become one property: a map (name -> value) or a list of {key, value} entries."""

    block: str  # the Terraform block type: parameter, config_parameter
    key: str  # the block argument holding the name
    value: str
    property: str  # the model property they fill
    entry_key: str | None = None  # list form: the entry's name field (ParameterName); None for the map form
    entry_value: str | None = None


@dataclass(frozen=True, slots=True)
class Mapping:
    """How one Terraform resource type fills a model resource type."""

    model_type: str
    arguments: dict[str, str]  # Terraform argument -> model property
    # Terraform attribute -> the attribute the model uses for references ("Ref" for the name/identifier).
    attributes: dict[str, str] = field(default_factory=dict)
    blocks: KeyedBlocks | None = None
    tags: bool = False  # does it take a `tags` map the model reads (an integration's)


_RDS_PARAMETERS = KeyedBlocks("parameter", "name", "value", "Parameters")

MAPPINGS: dict[str, Mapping] = {
    "aws_rds_cluster": Mapping("AWS::RDS::DBCluster", {
        "engine": "Engine", "engine_version": "EngineVersion", "engine_mode": "EngineMode",
        "cluster_identifier": "DBClusterIdentifier", "db_cluster_parameter_group_name": "DBClusterParameterGroupName",
        "backtrack_window": "BacktrackWindow", "backup_retention_period": "BackupRetentionPeriod",
        "cluster_scalability_type": "ClusterScalabilityType", "storage_encrypted": "StorageEncrypted",
        "kms_key_id": "KmsKeyId", "storage_type": "StorageType", "global_cluster_identifier": "GlobalClusterIdentifier"},
        {"arn": "DBClusterArn", "id": "Ref", "cluster_identifier": "Ref"}),
    "aws_rds_global_cluster": Mapping("AWS::RDS::GlobalCluster", {
        "global_cluster_identifier": "GlobalClusterIdentifier", "source_db_cluster_identifier": "SourceDBClusterIdentifier",
        "engine": "Engine", "engine_version": "EngineVersion"},
        {"arn": "Arn", "id": "Ref", "global_cluster_identifier": "Ref"}),
    "aws_rds_cluster_instance": Mapping("AWS::RDS::DBInstance", {
        "cluster_identifier": "DBClusterIdentifier", "identifier": "DBInstanceIdentifier", "engine": "Engine",
        "engine_version": "EngineVersion", "instance_class": "DBInstanceClass",
        "db_parameter_group_name": "DBParameterGroupName"},
        {"arn": "DBInstanceArn", "id": "Ref", "identifier": "Ref"}),
    "aws_db_instance": Mapping("AWS::RDS::DBInstance", {
        "identifier": "DBInstanceIdentifier", "engine": "Engine", "engine_version": "EngineVersion",
        "instance_class": "DBInstanceClass", "parameter_group_name": "DBParameterGroupName",
        "backup_retention_period": "BackupRetentionPeriod", "storage_encrypted": "StorageEncrypted",
        "storage_type": "StorageType", "replicate_source_db": "SourceDBInstanceIdentifier"},
        {"arn": "DBInstanceArn", "identifier": "Ref", "id": "DbiResourceId", "resource_id": "DbiResourceId"}),
    "aws_rds_cluster_parameter_group": Mapping("AWS::RDS::DBClusterParameterGroup", {
        "name": "DBClusterParameterGroupName", "family": "Family"},
        {"id": "Ref", "name": "Ref", "arn": "Arn"}, _RDS_PARAMETERS),
    "aws_db_parameter_group": Mapping("AWS::RDS::DBParameterGroup", {
        "name": "DBParameterGroupName", "family": "Family"},
        {"id": "Ref", "name": "Ref", "arn": "Arn"}, _RDS_PARAMETERS),
    "aws_redshiftserverless_namespace": Mapping("AWS::RedshiftServerless::Namespace", {
        "namespace_name": "NamespaceName", "kms_key_id": "KmsKeyId"},
        {"arn": "Namespace.NamespaceArn", "id": "Ref", "namespace_name": "Ref", "namespace_id": "Namespace.NamespaceId"}),
    "aws_redshiftserverless_workgroup": Mapping("AWS::RedshiftServerless::Workgroup", {
        "namespace_name": "NamespaceName", "workgroup_name": "WorkgroupName"},
        {"arn": "Workgroup.WorkgroupArn", "id": "Ref", "workgroup_name": "Ref"},
        KeyedBlocks("config_parameter", "parameter_key", "parameter_value", "ConfigParameters",
                    "ParameterKey", "ParameterValue")),
    "aws_redshift_cluster": Mapping("AWS::Redshift::Cluster", {
        "cluster_identifier": "ClusterIdentifier", "node_type": "NodeType", "number_of_nodes": "NumberOfNodes",
        "cluster_type": "ClusterType", "encrypted": "Encrypted",
        "cluster_parameter_group_name": "ClusterParameterGroupName", "kms_key_id": "KmsKeyId",
        "maintenance_track_name": "MaintenanceTrackName"},
        {"arn": "Arn", "cluster_namespace_arn": "ClusterNamespaceArn", "id": "Ref", "cluster_identifier": "Ref"}),
    "aws_redshift_parameter_group": Mapping("AWS::Redshift::ClusterParameterGroup", {
        "name": "ParameterGroupName", "family": "ParameterGroupFamily"},
        {"id": "Ref", "name": "Ref", "arn": "Arn"},
        KeyedBlocks("parameter", "name", "value", "Parameters", "ParameterName", "ParameterValue")),
    "aws_redshift_resource_policy": Mapping("AWS::Redshift::ResourcePolicy", {
        "resource_arn": "ResourceArn", "policy": "Policy"}),
    "aws_rds_integration": Mapping("AWS::RDS::Integration", {
        "source_arn": "SourceArn", "target_arn": "TargetArn", "integration_name": "IntegrationName",
        "data_filter": "DataFilter", "kms_key_id": "KMSKeyId",
        "additional_encryption_context": "AdditionalEncryptionContext"},
        {"arn": "IntegrationArn", "id": "Ref"}, tags=True),
    "aws_redshift_integration": Mapping("AWS::Redshift::Integration", {
        "source_arn": "SourceArn", "target_arn": "TargetArn", "integration_name": "IntegrationName",
        "kms_key_id": "KMSKeyId", "additional_encryption_context": "AdditionalEncryptionContext"},
        {"arn": "IntegrationArn", "id": "Ref"}),
    "aws_kms_key": Mapping("AWS::KMS::Key", {}, {"arn": "Arn", "key_id": "KeyId", "id": "Ref"}),
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
