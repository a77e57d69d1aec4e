"""ZE109 source-multi-az-db-cluster."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE109", name="source-multi-az-db-cluster", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),))
def source_multi_az_db_cluster(project: Project) -> Iterator[Violation]:
    """Checks for integration sources that are RDS for PostgreSQL Multi-AZ DB clusters.

    ## What it does
    Reports a DB cluster of an RDS engine (`AWS::RDS::DBCluster` with `Engine: postgres`, a
    Multi-AZ DB cluster) that an integration uses as its source. RDS for MySQL Multi-AZ DB
    clusters are supported sources (ZE105 does not ask them for DB instances, ZE202 checks their
    `binlog_transaction_compression`).

    ## Why is this bad?
    RDS for PostgreSQL zero-ETL integrations do not support Multi-AZ DB clusters as source
    databases: RDS rejects the integration.

    ## Example
    ```yaml
    OrdersCluster:
      Type: AWS::RDS::DBCluster
      Properties:
        Engine: postgres
        EngineVersion: "16.4"
        DBClusterInstanceClass: db.m6gd.large
    ```

    Terraform:
    ```hcl
    resource "aws_rds_cluster" "orders" {
      engine                    = "postgres"
      engine_version            = "16.4"
      db_cluster_instance_class = "db.m6gd.large"
    }
    ```

    ## How to fix
    Use an RDS for PostgreSQL DB instance (Single-AZ or Multi-AZ, `AWS::RDS::DBInstance`, in
    Terraform `aws_db_instance`) or an Aurora PostgreSQL cluster as the source.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/zero-etl.html
    """
    unsupported = project.rulebook.sources.multi_az_db_clusters.unsupported
    for source in project.deployment.sources_in_use:
        if not source.multi_az_db_cluster or source.engine_name not in unsupported or source.facts is None:
            continue
        prop = source.engine
        yield Violation(
            message=(f"{source.label} is an {source.facts.label} Multi-AZ DB cluster; {source.facts.label} zero-ETL "
                     "integrations do not support Multi-AZ DB clusters as sources"),
            fix=(f"Use an {source.facts.label} DB instance (Multi-AZ if you need the standby) or an Aurora "
                 f"PostgreSQL cluster as the source instead of {source.resource.logical_id}."),
            location=prop.location,
            object=prop.object,
        )
