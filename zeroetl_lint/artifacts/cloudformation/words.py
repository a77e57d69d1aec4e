"""CloudFormation's words for what messages name beyond a present property (model/vocabulary.py)."""

from __future__ import annotations

from zeroetl_lint.model.vocabulary import Vocabulary

_LISTS = {  # list word -> (property, {field word: key})
    "config_parameters": ("ConfigParameters", {"key": "ParameterKey", "value": "ParameterValue"}),
    "redshift_parameters": ("Parameters", {"key": "ParameterName", "value": "ParameterValue"}),
}


_ATTRIBUTES = {"arn": "Arn", "namespace_arn": "ClusterNamespaceArn"}  # model word -> GetAtt attribute


def _reference(logical_id: str, attribute: str) -> str:
    found = _ATTRIBUTES.get(attribute)
    return f"!GetAtt {logical_id}.{found}" if found is not None else f"!Ref {logical_id}"


def _entry(list_word: str, fields: tuple[tuple[str, str], ...]) -> str:
    keys = _LISTS[list_word][1]
    return "{" + ", ".join(f"{keys.get(word, word)}: {value}" for word, value in fields) + "}"


def _into(list_word: str, owner: str) -> str:
    return f"the {_LISTS[list_word][0]} of {owner}"


CLOUDFORMATION_WORDS = Vocabulary(
    types={
        "cluster_instance": "AWS::RDS::DBInstance",
        "cluster_parameter_group": "AWS::RDS::DBClusterParameterGroup",
        "instance_parameter_group": "AWS::RDS::DBParameterGroup",
        "redshift_parameter_group": "AWS::Redshift::ClusterParameterGroup",
        "resource_policy": "AWS::Redshift::ResourcePolicy",
        "rds_integration": "AWS::RDS::Integration",
        "glue_integration": "AWS::Glue::Integration",
        "redshift_integration": "AWS::Redshift::Integration",
    },
    names={
        "source_arn": "SourceArn", "target_arn": "TargetArn", "data_filter": "DataFilter",
        "kms_key": "KMSKeyId", "encryption_context": "AdditionalEncryptionContext",
        "integration_name": "IntegrationName", "depends_on": "DependsOn", "type": "Type",
        "cluster_link": "DBClusterIdentifier", "family": "Family", "namespace_policy": "NamespaceResourcePolicy",
        "resource_arn": "ResourceArn", "config_parameters": "ConfigParameters",
        "config_parameters.value": "ParameterValue", "redshift_parameters.value": "ParameterValue",
        "replaces_group": "CloudFormation replaces the group",
        "kms_key_example": "!GetAtt Key.Arn",
        "account_root": '!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"',
        "inline_policy": "NamespaceResourcePolicy", "serverless_v2": "ServerlessV2ScalingConfiguration", "instance_arn": "DBInstanceArn", "reference_to_it": "!Ref it",
    },
    reference=_reference,
    assign=lambda name, value: f"{name}: {value}",
    entry=_entry,
    into=_into,
)
