"""ZE108 source-read-replica."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Related, Severity, Violation
from zeroetl_lint.model.deployment import Source
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE108", name="source-read-replica", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),))
def source_read_replica(project: Project) -> Iterator[Violation]:
    """Checks for integration sources that are read replicas zero-ETL does not accept.

    ## What it does
    Reports a DB instance that an integration uses as its source when it is a read replica
    (`SourceDBInstanceIdentifier`) of RDS for PostgreSQL or RDS for Oracle, and an RDS for MySQL
    read replica whose primary is the source of an integration too. A replica that sets no
    `Engine` runs its primary's engine and version: the primary is found among the inputs through
    `SourceDBInstanceIdentifier` (a `Ref`, its identifier or its ARN); when it is not there, ZE902
    says the replica's source checks were skipped.

    ## Why is this bad?
    RDS cannot create an integration from an RDS for PostgreSQL or Oracle read replica, and does
    not support integrations on both an RDS for MySQL primary and its read replica in the same
    Region: the stack fails at the integration.

    ## Example
    ```yaml
    OrdersReplica:
      Type: AWS::RDS::DBInstance
      Properties:
        SourceDBInstanceIdentifier: !Ref OrdersPrimary   # an RDS for PostgreSQL primary
        DBInstanceClass: db.r6g.large
    OrdersIntegration:
      Type: AWS::RDS::Integration
      Properties:
        SourceArn: !GetAtt OrdersReplica.DBInstanceArn
    ```

    Terraform:
    ```hcl
    resource "aws_db_instance" "orders_replica" {
      replicate_source_db = aws_db_instance.orders_primary.identifier
    }
    resource "aws_rds_integration" "orders" {
      source_arn = aws_db_instance.orders_replica.arn
    }
    ```

    ## How to fix
    Use the primary instance as the source (`SourceArn: !GetAtt OrdersPrimary.DBInstanceArn`,
    Terraform `source_arn = aws_db_instance.primary.arn`); for
    RDS for MySQL, keep one integration on either the primary or the replica.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/zero-etl.html
    """
    facts = project.rulebook.sources.read_replicas
    deployment = project.deployment
    for source in deployment.sources_in_use:
        if source.replica_of is None or not source.is_replica or source.engine_name is None:
            continue  # not a replica, or its engine is unknown (ZE902)
        primary = source.primary
        primary_name = primary.resource.logical_id if primary is not None else "its primary"
        related = (Related(primary.resource.location, f"the primary {primary.label}"),) if primary is not None else ()
        if source.engine_name in facts.unsupported:
            label = source.facts.label if source.facts is not None else source.engine_name
            yield Violation(
                message=(f"{source.label} is a read replica of {_primary(source)} ({label}); zero-ETL cannot use "
                         f"{label} read replicas as sources"),
                fix=(f"Use the primary instance {primary_name} as the integration's source "
                     f"(its {source.resource.vocabulary.name('instance_arn')})."),
                location=source.replica_of.location,
                object=source.replica_of.object,
                related=related,
            )
        elif source.engine_name in facts.not_with_primary and primary is not None:
            others = deployment.integrations_using(primary)
            if not others:
                continue
            yield Violation(
                message=(f"{source.label} is a read replica of {primary.label}, which is also the source of "
                         f"{others[0].label}; zero-ETL does not support integrations on both an RDS for MySQL "
                         "primary and its read replica in the same Region"),
                fix=f"Keep one integration, from either {primary_name} or {source.resource.logical_id}.",
                location=source.replica_of.location,
                object=source.replica_of.object,
                related=(*related, Related(others[0].resource.location, f"{others[0].label} replicates the primary")),
            )


def _primary(source: Source) -> str:
    """The primary as the inputs name it: its label, or the value of the replica's link to it."""
    if source.primary is not None:
        return source.primary.label
    found = source.replica_of.branches if source.replica_of is not None else ()
    return found[0].written if len(found) == 1 else "a primary outside the inputs"
