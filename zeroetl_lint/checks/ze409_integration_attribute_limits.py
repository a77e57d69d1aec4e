"""ZE409 integration-attribute-limits."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.deployment import Integration
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, rule
from zeroetl_lint.rulebook import AttributeLimits


@rule(code="ZE409", name="integration-attribute-limits", severity=Severity.ERROR, needs=Need.DEPLOYMENT)
def integration_attribute_limits(project: Project) -> Iterator[Violation]:
    """Checks for integration descriptions and tags beyond the limits RDS enforces.

    ## What it does
    Reports an integration whose `Description` is longer than 1,000 characters, a tag key longer
    than 128 characters or starting with `aws:` or `rds:` (reserved for AWS), and a tag value
    longer than 256 characters. Each `Fn::If` branch of a literal value is checked.

    ## Why is this bad?
    RDS validates these attributes when it creates the integration: the stack fails at the
    integration, after the source and target have been built.

    ## Example
    ```yaml
    OrdersIntegration:
      Type: AWS::RDS::Integration
      Properties:
        Tags:
          - Key: aws:cost-center     # the aws: prefix is reserved
            Value: analytics
    ```

    Terraform (`aws_rds_integration` has no description argument; its `tags` are checked alike):
    ```hcl
    resource "aws_rds_integration" "orders" {
      tags = {
        "aws:cost-center" = "analytics"   # the aws: prefix is reserved
      }
    }
    ```

    ## How to fix
    Shorten the description to 1,000 characters, and rename the tag (`cost-center`) or shorten it.

    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-integration.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_Tag.html
    """
    limits = project.rulebook.integrations.attribute_limits
    for integration in project.deployment.integrations:
        if integration.resource_type != "rds":
            continue  # AWS::Redshift::Integration is reported by ZE406
        yield from _description(integration, limits)
        yield from _tags(integration, limits)


def _description(integration: Integration, limits: AttributeLimits) -> Iterator[Violation]:
    prop = integration.description
    if prop is None:
        return
    for branch in prop.branches:
        text = branch.text
        if text is None or len(text) <= limits.description_max_length:
            continue
        yield Violation(
            message=(f"Description of {integration.label} is {len(text)} characters long{branch.when}; an "
                     f"integration description can have at most {limits.description_max_length:,}"),
            fix=f"Shorten the Description of {integration.resource.logical_id} to {limits.description_max_length:,} "
                "characters.",
            location=branch.location,
            object=prop.object,
        )


def _tags(integration: Integration, limits: AttributeLimits) -> Iterator[Violation]:
    for prop in integration.tag_keys:
        for branch in prop.branches:
            key = branch.text
            if key is None:
                continue
            reserved = next((p for p in limits.reserved_tag_key_prefixes if key.lower().startswith(p)), None)
            if reserved is not None:
                problem = f"starts with {reserved}, a prefix reserved for AWS"
                fix = f"Rename the tag {key} without the {reserved} prefix."
            elif len(key) > limits.tag_key_max_length:
                problem = f"is {len(key)} characters long; a tag key can have at most {limits.tag_key_max_length}"
                fix = f"Shorten the tag key to {limits.tag_key_max_length} characters."
            else:
                continue
            yield Violation(
                message=f"Tag key {branch.written} of {integration.label}{branch.when} {problem}",
                fix=fix,
                location=branch.location,
                object=prop.object,
            )
    for prop in integration.tag_values:
        for branch in prop.branches:
            value = branch.text
            if value is None or len(value) <= limits.tag_value_max_length:
                continue
            yield Violation(
                message=(f"A tag value of {integration.label} is {len(value)} characters long{branch.when}; a tag "
                         f"value can have at most {limits.tag_value_max_length}"),
                fix=f"Shorten the tag value to {limits.tag_value_max_length} characters.",
                location=branch.location,
                object=prop.object,
            )
