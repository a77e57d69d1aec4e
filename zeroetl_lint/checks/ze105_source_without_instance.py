"""ZE105 source-without-instance."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE105", name="source-without-instance", severity=Severity.WARNING, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),))
def source_without_instance(project: Project) -> Iterator[Violation]:
    """Checks for source clusters that have no DB instance among the inputs.

    ## What it does
    Reports an Aurora cluster that an integration uses as its source when no
    `AWS::RDS::DBInstance` among the templates of the run belongs to it (through
    `DBClusterIdentifier`: a `Ref` to the cluster, an import of it, or its literal identifier).
    It stays silent when some instance names its cluster in a way that cannot be resolved, and
    for an RDS for MySQL or PostgreSQL Multi-AZ DB cluster (`AWS::RDS::DBCluster` with `Engine:
    mysql` or `postgres` and a `DBClusterInstanceClass`), whose three instances RDS creates
    itself: no `AWS::RDS::DBInstance` belongs to it by design.

    ## Why is this bad?
    A zero-ETL source cluster must contain at least one DB instance: an Aurora cluster without a
    writer cannot replicate, and the integration cannot be created. The instance may live in a
    template that was not linted, which is why this is a warning.

    ## Example
    ```yaml
    SourceCluster:
      Type: AWS::RDS::DBCluster
      Properties:
        Engine: aurora-postgresql
        EngineVersion: "16.4"
    # ... and no AWS::RDS::DBInstance with DBClusterIdentifier: !Ref SourceCluster
    ```

    Terraform:
    ```hcl
    resource "aws_rds_cluster" "source" {
      engine         = "aurora-postgresql"
      engine_version = "16.4"
    }
    # ... and no aws_rds_cluster_instance with cluster_identifier = aws_rds_cluster.source.id
    ```

    ## How to fix
    Add an `AWS::RDS::DBInstance` with `DBClusterIdentifier: !Ref SourceCluster` (lint the stack
    that defines it together with this one), and make the integration depend on it. Terraform: an
    `aws_rds_cluster_instance` with `cluster_identifier = aws_rds_cluster.src.id`, named in the
    integration's `depends_on`.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/multi-az-db-clusters-concepts.html
    """
    deployment = project.deployment
    if deployment.unresolved_instance_links:
        return
    for source in deployment.sources_in_use:
        if source.kind != "cluster" or source.instances or source.multi_az_db_cluster:
            continue
        words = source.resource.vocabulary
        instance, link = words.types["cluster_instance"], words.name("cluster_link")
        yield Violation(
            message=(f"{source.label} has no DB instance among the inputs: no {instance} names it in "
                     f"{link}, and a zero-ETL source cluster needs at least one"),
            fix=(f"Add an {instance} with {words.assign(link, words.reference(source.resource.logical_id, 'id'))}, "
                 f"or lint the {words.name('stack')} that defines the cluster's instances in the same run."),
            location=source.resource.location,
            object=source.resource.object,
        )
