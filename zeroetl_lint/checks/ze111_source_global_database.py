"""ZE111 source-global-database."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE111", name="source-global-database", severity=Severity.WARNING, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),))
def source_global_database(project: Project) -> Iterator[Violation]:
    """Checks for source clusters that are members of an Aurora global database.

    ## What it does
    Reports an Aurora cluster that an integration uses as its source when it belongs to a global
    database: it sets `GlobalClusterIdentifier`, or an `AWS::RDS::GlobalCluster` among the inputs
    names it as its `SourceDBClusterIdentifier`.

    ## Why is this bad?
    If the source is the primary cluster of a global database and the global database fails over
    to a secondary cluster, the integration becomes inactive and must be deleted and recreated.
    The deployment works until then, which is why this is a warning.

    ## Example
    ```yaml
    OrdersCluster:
      Type: AWS::RDS::DBCluster
      Properties:
        Engine: aurora-postgresql
        GlobalClusterIdentifier: !Ref OrdersGlobal
    ```

    Terraform:
    ```hcl
    resource "aws_rds_global_cluster" "orders" {
      source_db_cluster_identifier = aws_rds_cluster.orders.arn
    }
    ```

    ## How to fix
    Plan for the failover: after a global database switchover or failover, delete the integration
    and create one from the new primary (or keep the source out of the global database).

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.html
    """
    for source in project.deployment.sources_in_use:
        prop = source.global_cluster
        if prop is None or source.kind != "cluster":
            continue
        yield Violation(
            message=(f"{source.label} is a member of an Aurora global database; if the global database fails over "
                     "to a secondary cluster, the integration becomes inactive and must be recreated"),
            fix=(f"Plan to delete and recreate the integration after a failover of {source.resource.logical_id}'s "
                 "global database, or use a cluster outside the global database as the source."),
            location=prop.location,
            object=prop.object,
        )
