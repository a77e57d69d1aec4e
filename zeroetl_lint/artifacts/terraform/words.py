"""Terraform's words for what messages name beyond a present argument (model/vocabulary.py).

Argument and block names are the hashicorp/aws provider's (resources.py lists them).
"""

from __future__ import annotations

from zeroetl_lint.model.vocabulary import Vocabulary

_LISTS = {  # list word -> (block type, {field word: argument})
    "config_parameters": ("config_parameter", {"key": "parameter_key", "value": "parameter_value"}),
    "redshift_parameters": ("parameter", {"key": "name", "value": "value"}),
}


_ATTRIBUTES = {"namespace_arn": "cluster_namespace_arn"}  # model word -> provider attribute


def _entry(list_word: str, fields: tuple[tuple[str, str], ...]) -> str:
    block, arguments = _LISTS[list_word]
    written = " and ".join(f"{arguments.get(word, word)} = {_quoted(value)}" for word, value in fields)
    return f"a {block} block with {written}"


def _quoted(value: str) -> str:
    return value if value.startswith('"') else f'"{value}"'


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
    },
    reference=lambda address, attribute: f"{address}.{_ATTRIBUTES.get(attribute, attribute)}",
    assign=lambda name, value: f"{name} = {value}",
    entry=_entry,
    into=lambda list_word, owner: owner,
    literal=lambda text: text if text.isdigit() else f'"{text}"',
    typed_labels=True,
)
