"""ZE401 integration-source-arn."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._phrasing import ARN_KIND_NAMES, arn_fix, arn_forms, display_pattern, qualified, swapped
from zeroetl_lint.checks._reads import rds_integration
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.deployment import ArnRef, Deployment, Entity
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule
from zeroetl_lint.rulebook import Rulebook

_NEEDED = "zero-ETL needs the ARN of the source DB cluster or instance"
_SWAPPED = ("namespace", "workgroup", "redshift-cluster", "catalog")


@rule(code="ZE401", name="integration-source-arn", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources", rds_integration),))
def integration_source_arn(project: Project) -> Iterator[Violation]:
    """Checks for `SourceArn` values that are not the ARN of an RDS DB cluster or instance.

    ## What it does
    Follows every `Fn::If` branch of an `AWS::RDS::Integration`'s `SourceArn` through `Ref`,
    `Fn::GetAtt`, `Fn::ImportValue`, `Fn::Join` and `Fn::Sub`, and reports a branch that is a
    `Ref` to a DB cluster or instance (it returns the identifier, not the ARN), a `Fn::GetAtt` of
    an attribute that is not an ARN, a Redshift or AWS Glue catalog ARN (source and target
    swapped), or a literal that does not match the RDS ARN pattern of the API. Values that cannot be
    resolved are left to ZE902.

    ## Why is this bad?
    `CreateIntegration` validates `SourceArn` against
    `^arn:aws[a-z\\-]*:rds(-[a-z]*)?:[a-z0-9\\-]*:[0-9]*:(cluster|db):[a-z][a-z0-9]*(-[a-z0-9]+)*$`;
    a cluster identifier or an endpoint fails the deployment, and `SourceArn` cannot be changed
    without replacing the integration.

    ## Example
    ```yaml
    Integration:
      Type: AWS::RDS::Integration
      Properties:
        SourceArn: !Ref AuroraCluster      # the cluster identifier
    ```

    Terraform:
    ```hcl
    resource "aws_rds_integration" "this" {
      source_arn = aws_rds_cluster.aurora.id   # the cluster identifier
    }
    ```

    ## How to fix
    Use `!GetAtt AuroraCluster.DBClusterArn` (Aurora) or `!GetAtt Instance.DBInstanceArn` (RDS); in
    Terraform `aws_rds_cluster.src.arn` or `aws_db_instance.src.arn`. From another stack, export the
    ARN from the database's stack and `!ImportValue` it; from another module, pass it out as an output
    of the module (`module.db.cluster_arn`). The fix names an export or output that already holds it.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateIntegration.html
    """
    deployment = project.deployment
    for integration in deployment.integrations:
        prop = integration.source_prop
        if integration.resource_type != "rds" or prop is None:
            continue  # AWS::Redshift::Integration takes other sources (ZE406)
        seen: set[str] = set()
        for arn in integration.sources:
            problem = _problem(arn, project.rulebook, deployment, integration.resource)
            if problem is None or arn.written in seen:
                continue
            seen.add(arn.written)
            message, fix = problem
            yield Violation(f"{prop.name} of {integration.label} is {qualified(arn, integration.sources)}, {message}",
                            fix, prop.location, prop.object)


def _problem(arn: ArnRef, rulebook: Rulebook, deployment: Deployment, integration: Entity) -> tuple[str, str] | None:
    words = integration.vocabulary
    generic_fix = (f"Use {arn_forms(rulebook, words, 'source')}, or a literal "
                   "arn:aws:rds:<region>:<account>:cluster:<identifier> with a lower-case identifier.")
    if arn.kind in ("cluster", "instance", "unknown"):
        return None
    if arn.kind in _SWAPPED:
        target = "SageMaker lakehouse catalog" if arn.kind == "catalog" else "Redshift namespace"
        return (f"{ARN_KIND_NAMES[arn.kind]}; {_NEEDED}",
                swapped(words, target))
    resource = arn.resource
    fix = (arn_fix(rulebook, resource, integration.stack)
           if resource is not None and deployment.source_of(arn) is not None else None)
    fix_text = fix if fix is not None else generic_fix
    if arn.kind == "not-arn" and resource is not None:
        entry = rulebook.arn_attribute(resource.aws_type)
        returns = entry.ref_returns if entry is not None else "a name"
        return f"which returns {returns}; {_NEEDED}", fix_text
    if resource is not None:
        return f"which is not an ARN of a DB cluster or instance; {_NEEDED}", fix_text
    if arn.text is not None:
        pattern = display_pattern(rulebook.integrations.source_arn_pattern.value)
        return f"which does not match the RDS ARN pattern {pattern}; {_NEEDED}", generic_fix
    return f"which is not an ARN ({arn.explanation}); {_NEEDED}", generic_fix
