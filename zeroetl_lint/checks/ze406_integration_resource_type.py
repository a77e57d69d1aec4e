"""ZE406 integration-resource-type."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._phrasing import qualified
from zeroetl_lint.checks._reads import redshift_integration
from zeroetl_lint.findings import Related, Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule
from zeroetl_lint.rulebook.sources import either

_RDS_KINDS = ("cluster", "instance")


@rule(code="ZE406", name="integration-resource-type", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources", redshift_integration),))
def integration_resource_type(project: Project) -> Iterator[Violation]:
    """Checks for `AWS::Redshift::Integration` resources whose source is an Aurora or RDS database.

    ## What it does
    Reports an `AWS::Redshift::Integration` whose `SourceArn` (any `Fn::If` branch) is an RDS DB
    cluster or instance ARN.

    ## Why is this bad?
    `AWS::Redshift::Integration` creates integrations from DynamoDB and S3 sources only; its
    `SourceArn` must match `^arn:aws[a-z\\-]*:(s3|dynamodb):...`. Aurora and RDS zero-ETL
    integrations are `AWS::RDS::Integration` resources, created by the RDS API.

    ## Example
    ```yaml
    Integration:
      Type: AWS::Redshift::Integration
      Properties:
        SourceArn: !GetAtt Aurora.DBClusterArn
    ```

    Terraform:
    ```hcl
    resource "aws_redshift_integration" "this" {
      source_arn = aws_rds_cluster.aurora.arn
    }
    ```

    ## How to fix
    Change the type to `AWS::RDS::Integration`; `SourceArn`, `TargetArn`, `IntegrationName`,
    `KMSKeyId` and `AdditionalEncryptionContext` keep their meaning, and `DataFilter` becomes
    available. In Terraform, use `aws_rds_integration` instead of `aws_redshift_integration`, with
    the same arguments.

    ## References
    - https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateIntegration.html
    """
    accepted = either(list(project.rulebook.integrations.redshift_integration_source_pattern.accepts))
    for integration in project.deployment.integrations:
        if integration.resource_type != "redshift":
            continue
        rds = [arn for arn in integration.sources if arn.kind in _RDS_KINDS]
        if not rds:
            continue
        source = qualified(rds[0], integration.sources)
        related = (
            (Related(integration.source_prop.location, f"the source is {source}"),)
            if integration.source_prop is not None else ()
        )
        words = integration.resource.vocabulary
        yield Violation(
            message=(f"{integration.label} is an {words.types['redshift_integration']} with the Aurora/RDS source "
                     f"{source}; that type only takes {accepted} as sources"),
            fix=(f"Change the {words.name('type')} of {integration.resource.logical_id} to "
                 f"{words.types['rds_integration']}."),
            location=integration.resource.type_location,
            object=f"{integration.resource.object}/Type",
            related=related,
        )
