"""ZE407 integration-cross-region."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._phrasing import qualified
from zeroetl_lint.findings import Related, Severity, Violation
from zeroetl_lint.model.deployment import ArnRef
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE407", name="integration-cross-region", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),
      Read("integration", "targets"),))
def integration_cross_region(project: Project) -> Iterator[Violation]:
    """Checks for integrations whose source and target ARNs name different Regions.

    ## What it does
    Compares the Region of `SourceArn` with the Region of `TargetArn` when both are known: written
    literally in the ARN, or the Region of the stack the resource belongs to when a CDK cloud
    assembly records it. `${AWS::Region}` and other symbolic Regions are not guessed. When both
    properties have `Fn::If` branches, it fires only if no branch of one can share a Region with a
    branch of the other.

    ## Why is this bad?
    Zero-ETL replicates within one Region: the Redshift target must be in the Region of the source
    cluster or instance, otherwise `CreateIntegration` fails.

    ## Example
    ```yaml
    SourceArn: arn:aws:rds:us-east-1:123456789012:cluster:orders
    TargetArn: arn:aws:redshift-serverless:eu-west-1:123456789012:namespace/0f1e2d3c-aaaa-bbbb-cccc-123456789012
    ```

    Terraform:
    ```hcl
    source_arn = "arn:aws:rds:us-east-1:123456789012:cluster:orders"
    target_arn = "arn:aws:redshift-serverless:eu-west-1:123456789012:namespace/0f1e2d3c-aaaa-bbbb-cccc-123456789012"
    ```

    ## How to fix
    Create the target in the source's Region (or a replica of the source in the target's Region)
    and point the integration at the pair in one Region.

    ## References
    - https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl.reqs-lims.html
    """
    for integration in project.deployment.integrations:
        sources = [arn for arn in integration.sources if arn.kind in ("cluster", "instance")]
        targets = [arn for arn in integration.targets if arn.kind == "namespace"]
        pair = _cross(sources, targets, len(integration.sources) == 1 or len(integration.targets) == 1)
        if pair is None or integration.target_prop is None or integration.source_prop is None:
            continue
        source, target = pair
        yield Violation(
            message=(f"{integration.label} connects a source in {source.region} "
                     f"({qualified(source, integration.sources)}) to a target in {target.region} "
                     f"({qualified(target, integration.targets)}); zero-ETL source and target must be in the same "
                     "Region"),
            fix=(f"Point {integration.source_prop.name} and {integration.target_prop.name} at a source and a "
                 "target in the same Region."),
            location=integration.target_prop.location,
            object=integration.target_prop.object,
            related=(Related(integration.source_prop.location, f"the source is in {source.region}"),),
        )


def _cross(sources: list[ArnRef], targets: list[ArnRef], one_sided: bool) -> tuple[ArnRef, ArnRef] | None:
    """A source/target pair in different Regions that a deployment can really produce."""
    if one_sided:
        # One property has a single value, so it meets every branch of the other.
        for source in sources:
            for target in targets:
                if source.region and target.region and source.region != target.region:
                    return source, target
        return None
    # Branches of both may be tied to the same condition: fire only when no pairing is same-Region.
    if not sources or not targets or any(arn.region is None for arn in (*sources, *targets)):
        return None
    if {arn.region for arn in sources} & {arn.region for arn in targets}:
        return None
    return sources[0], targets[0]
