"""Terraform's words for what messages name beyond a present argument (model/vocabulary.py).

Argument and block names are the hashicorp/aws provider's (resources.py lists them).
"""

from __future__ import annotations

import json
import re

from zeroetl_lint.artifacts.terraform.resources import MAPPINGS
from zeroetl_lint.model.vocabulary import Document, Verbatim, Vocabulary

_LISTS = {  # list word -> (block type, {field word: argument})
    "config_parameters": ("config_parameter", {"key": "parameter_key", "value": "parameter_value"}),
    "redshift_parameters": ("parameter", {"key": "name", "value": "value"}),
    "rds_parameters": ("parameter", {"key": "name", "value": "value"}),
}

# The provider resource a fix names for each model type an integration can point at (for
# aws_db_instance rather than aws_rds_cluster_instance: an Aurora source is its cluster).
_EXAMPLE_RESOURCES = {
    "AWS::RDS::DBCluster": "aws_rds_cluster",
    "AWS::RDS::DBInstance": "aws_db_instance",
    "AWS::RedshiftServerless::Namespace": "aws_redshiftserverless_namespace",
    "AWS::Redshift::Cluster": "aws_redshift_cluster",
    "AWS::RedshiftServerless::Workgroup": "aws_redshiftserverless_workgroup",
}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


_ATTRIBUTES = {"namespace_arn": "cluster_namespace_arn"}  # model word -> provider attribute


def _entry(list_word: str, fields: tuple[tuple[str, str], ...]) -> str:
    block, arguments = _LISTS[list_word]
    written = " and ".join(f"{arguments.get(word, word)} = {_quoted(value)}" for word, value in fields)
    return f"a {block} block with {written}"


def _quoted(value: str) -> str:
    return value if value.startswith('"') else f'"{value}"'


def _document(document: Document) -> str:
    """An HCL object as jsonencode() takes it: keys that are not identifiers ("aws:SourceArn") and strings quoted."""
    def value(item: str | Verbatim | Document) -> str:
        if isinstance(item, Verbatim):
            return item.text
        return json.dumps(item) if isinstance(item, str) else _document(item)

    keys = {key: key if _IDENTIFIER.fullmatch(key) else json.dumps(key) for key in document}
    return "{ " + ", ".join(f"{keys[key]} = {value(item)}" for key, item in document.items()) + " }"


def _placeholder_reference(model_type: str, attribute: str) -> str:
    """aws_rds_cluster.<name>.arn for the model's DBClusterArn of an AWS::RDS::DBCluster."""
    resource = _EXAMPLE_RESOURCES[model_type]
    names = {model: argument for argument, model in MAPPINGS[resource].attributes.items()}
    return f"{resource}.<name>.{names[attribute]}"


TERRAFORM_WORDS = Vocabulary(
    types={
        "cluster_instance": "aws_rds_cluster_instance",
        "cluster_parameter_group": "aws_rds_cluster_parameter_group",
        "instance_parameter_group": "aws_db_parameter_group",
        "redshift_parameter_group": "aws_redshift_parameter_group",
        "resource_policy": "aws_redshift_resource_policy",
        "rds_integration": "aws_rds_integration",
        "glue_integration": "an AWS Glue zero-ETL integration",
        "redshift_integration": "aws_redshift_integration",
    },
    names={
        "source_arn": "source_arn", "target_arn": "target_arn", "data_filter": "data_filter",
        "kms_key": "kms_key_id", "encryption_context": "additional_encryption_context",
        "integration_name": "integration_name", "depends_on": "depends_on", "type": "resource type",
        "cluster_link": "cluster_identifier", "family": "family", "namespace_policy": "resource policy",
        "resource_arn": "resource_arn", "config_parameters": "config_parameter blocks",
        "config_parameters.value": "parameter_value", "redshift_parameters.value": "value",
        "lint_together": "Lint every module of the deployment in one run so that references resolve.",
        "resolve": ("Make these values resolvable: give the variables they come from a default or a value in "
                    "terraform.tfvars, *.auto.tfvars, --var-file or TF_VAR_<name>, use local modules (not registry "
                    "or Git ones), and lint every module of the deployment in one run."),
        "replaces_group": "Terraform replaces the group",
        "kms_key_example": "aws_kms_key.key.arn", "serverless_v2": "a serverlessv2_scaling_configuration block", "instance_arn": "arn",
        "account_root": '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"', "reference_to_it": "the new group's name",
        # What is deployed together, what a run is given, and how one passes a value to another.
        "data_filters": "data_filter values", "stack": "module", "template": "module",
        "exported": "passed out as a module output", "same_reference": "the same reference",
        "unread_policy": ('Write the policy as jsonencode({...}), JSON text or a data "aws_iam_policy_document", and '
                          "lint every module of the deployment in one run so that its references resolve."),
        # The provider stores the key ARN that RDS returns for kms_key_id, which forces replacement
        # (internal/service/rds/integration.go: RequiresReplace, read back from DescribeIntegrations).
        "kms_alias_drift": ("Terraform reads back the key ARN, so every plan shows kms_key_id changed and replaces "
                            "the integration"),
    },
    reference=lambda address, attribute: f"{address}.{_ATTRIBUTES.get(attribute, attribute)}",
    assign=lambda name, value: f"{name} = {value}",
    entry=_entry,
    into=lambda list_word, owner: owner,
    document=_document,
    placeholder_reference=_placeholder_reference,
    literal=lambda text: text if text.isdigit() else f'"{text}"',
    typed_labels=True,
)
