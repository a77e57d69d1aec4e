"""ZE410 integration-filter-provisioned-patch."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._reads import filtered_rds_integration
from zeroetl_lint.findings import Related, Severity, Violation
from zeroetl_lint.model.deployment import Target
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE410", name="integration-filter-provisioned-patch", severity=Severity.INFO, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "targets", filtered_rds_integration),))
def integration_filter_provisioned_patch(project: Project) -> Iterator[Violation]:
    """Checks for data filters on integrations into a provisioned cluster, which need a recent patch.

    ## What it does
    Reports an integration with a `DataFilter` whose target is a provisioned Redshift cluster:
    the cluster must be on patch 180 or higher to use data filtering, which a template cannot
    show. It is a `warning` when the cluster follows the `trailing` maintenance track
    (`MaintenanceTrackName: trailing`), which receives releases later. Serverless targets are
    not reported.

    ## Why is this bad?
    On an older patch, the integration with a data filter cannot be created (or replicates
    without the filter taking effect) until the cluster is upgraded.

    ## Example
    ```yaml
    Warehouse:
      Type: AWS::Redshift::Cluster
      Properties: {NodeType: ra3.xlplus, MaintenanceTrackName: trailing}
    OrdersIntegration:
      Type: AWS::RDS::Integration
      Properties:
        DataFilter: "include: orders.*"
        TargetArn: !GetAtt Warehouse.ClusterNamespaceArn
    ```

    Terraform:
    ```hcl
    resource "aws_redshift_cluster" "warehouse" {
      node_type              = "ra3.xlplus"
      maintenance_track_name = "trailing"
    }
    resource "aws_rds_integration" "orders" {
      data_filter = "include: orders.*"
      target_arn  = aws_redshift_cluster.warehouse.cluster_namespace_arn
    }
    ```

    ## How to fix
    Check the cluster's version (`aws redshift describe-clusters`, `ClusterRevisionNumber` and
    the patch in the console) and upgrade it to patch 180 or later before adding the filter; use
    the `current` maintenance track.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.filtering.html
    - https://docs.aws.amazon.com/redshift/latest/mgmt/cluster-versions.html
    """
    patch = project.rulebook.integrations.data_filter_patch
    deployment = project.deployment
    for integration in deployment.integrations:
        prop = integration.data_filter
        if prop is None or integration.resource_type != "rds":
            continue
        for target in deployment.integration_targets(integration):
            if target.kind != "provisioned":
                continue
            late = _late_track(target, patch.late_tracks)
            track = f", and it follows the {late} maintenance track, which gets releases later" if late else ""
            yield Violation(
                message=(f"{integration.label} has a {prop.name} and its target {target.label} is a provisioned cluster"
                         f"{track}; data filtering needs the cluster on patch {patch.minimum_patch} or higher"),
                fix=(f"Make sure {target.name} runs patch {patch.minimum_patch} or later before the integration is "
                     "created" + (" (or move it to the current track)." if late else ".")),
                location=prop.location,
                object=prop.object,
                severity=Severity.WARNING if late else None,
                related=(Related(target.resource.location, f"the provisioned target {target.label}"),),
            )


def _late_track(target: Target, late_tracks: tuple[str, ...]) -> str | None:
    """The maintenance track the target follows when it is one that gets releases late."""
    if target.maintenance_track is None:
        return None
    for branch in target.maintenance_track.branches:
        if isinstance(branch.value, str) and branch.value.lower() in late_tracks:
            return branch.value
    return None
