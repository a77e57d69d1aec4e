"""CloudFormation's words for what messages name beyond a present property (model/vocabulary.py)."""

from __future__ import annotations

from zeroetl_lint.model.vocabulary import Document, Verbatim, Vocabulary

_LISTS = {  # list word -> (property, {field word: key}, or None for a map of name: value)
    "config_parameters": ("ConfigParameters", {"key": "ParameterKey", "value": "ParameterValue"}),
    "redshift_parameters": ("Parameters", {"key": "ParameterName", "value": "ParameterValue"}),
    "rds_parameters": ("Parameters", None),
}


_ATTRIBUTES = {"arn": "Arn", "namespace_arn": "ClusterNamespaceArn"}  # model word -> GetAtt attribute


def _reference(logical_id: str, attribute: str) -> str:
    found = _ATTRIBUTES.get(attribute)
    return f"!GetAtt {logical_id}.{found}" if found is not None else f"!Ref {logical_id}"


def _entry(list_word: str, fields: tuple[tuple[str, str], ...]) -> str:
    keys = _LISTS[list_word][1]
    if keys is None:  # a map entry, name: value
        named = dict(fields)
        return f"{named['key']}: {named['value']}"
    return "{" + ", ".join(f"{keys.get(word, word)}: {value}" for word, value in fields) + "}"


def _document(document: Document) -> str:
    """A YAML flow mapping, its strings plain as the AWS guides write policies in templates."""
    def value(item: str | Verbatim | Document) -> str:
        if isinstance(item, Verbatim):
            return item.text
        return item if isinstance(item, str) else _document(item)

    return "{" + ", ".join(f"{key}: {value(item)}" for key, item in document.items()) + "}"


def _placeholder_reference(resource_type: str, attribute: str) -> str:
    return f"!GetAtt <{resource_type.rsplit('::', 1)[-1]}>.{attribute}"


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
        # What is deployed together, what a run is given, and how one passes a value to another.
        "data_filters": "DataFilters", "stack": "stack", "template": "template", "exported": "exported",
        "same_reference": "the same !GetAtt or export",
        "lint_together": "Lint every stack of the deployment in one run so that references resolve.",
        "resolve": ("Make these values resolvable: give the template parameters they come from a Default, write them "
                    "literally (not through an Fn::FindInMap keyed on the Region), and lint every stack of the "
                    "deployment in one run."),
        "unread_policy": ("Write the resource policy as a JSON object or valid JSON text, and lint every stack of the "
                          "deployment in one run so that its references resolve."),
        "kms_alias_drift": "CloudFormation compares it with the key ARN and reports drift forever",
    },
    reference=_reference,
    assign=lambda name, value: f"{name}: {value}",
    entry=_entry,
    into=_into,
    document=_document,
    placeholder_reference=_placeholder_reference,
)
