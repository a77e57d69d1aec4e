"""ZE104 source-limitless."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE104", name="source-limitless", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),
      Read("source", "scalability_type"),))
def source_limitless(project: Project) -> Iterator[Violation]:
    """Checks for source clusters that use Aurora PostgreSQL Limitless Database.

    ## What it does
    Reports `ClusterScalabilityType: limitless` on an Aurora cluster that an integration uses as
    its source. Each `Fn::If` branch is checked.

    ## Why is this bad?
    A zero-ETL source cluster cannot use Aurora Limitless Database; RDS rejects the integration.

    ## Example
    ```yaml
    SourceCluster:
      Type: AWS::RDS::DBCluster
      Properties:
        Engine: aurora-postgresql
        ClusterScalabilityType: limitless
    ```

    Terraform:
    ```hcl
    resource "aws_rds_cluster" "source" {
      engine                   = "aurora-postgresql"
      cluster_scalability_type = "limitless"
    }
    ```

    ## How to fix
    Use a standard cluster (`ClusterScalabilityType: standard`, or leave it out; Terraform:
    `cluster_scalability_type = "standard"`) as the source.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.html
    """
    unsupported = project.rulebook.sources.unsupported_scalability_types.values
    for source in project.deployment.sources_in_use:
        prop = source.scalability_type
        if not prop.present:
            continue
        for branch in prop.branches:
            if not isinstance(branch.value, str) or branch.value.lower() not in unsupported:
                continue
            yield Violation(
                message=(f"{prop.name} of {source.label} is {branch.written}{branch.when}; a zero-ETL "
                         "source cannot use Aurora Limitless Database"),
                fix=f"Remove {prop.name} from {source.resource.logical_id} (or set it to standard), or "
                    "use a standard cluster as the source.",
                location=branch.location,
                object=prop.object,
            )
