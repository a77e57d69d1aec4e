"""ZE103 source-engine-mode."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE103", name="source-engine-mode", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),
      Read("source", "engine_mode", lambda source, _: source.kind == "cluster"),))
def source_engine_mode(project: Project) -> Iterator[Violation]:
    """Checks for source clusters in an engine mode that zero-ETL does not support.

    ## What it does
    Reports the `EngineMode` of an Aurora cluster that an integration uses as its source when it
    is anything but `provisioned`: Aurora Serverless v1 (`serverless`), `parallelquery`, `global`
    or `multimaster`. Each `Fn::If` branch is checked. Aurora Serverless v2 is `provisioned` with a
    `ServerlessV2ScalingConfiguration` and is fine; so is a cluster without `EngineMode`.

    ## Why is this bad?
    Zero-ETL sources must be provisioned clusters (with provisioned or Serverless v2 instances).
    RDS rejects the integration for any other mode, and Serverless v1 has reached end of life.

    ## Example
    ```yaml
    SourceCluster:
      Type: AWS::RDS::DBCluster
      Properties:
        Engine: aurora-postgresql
        EngineMode: serverless
    ```

    Terraform:
    ```hcl
    resource "aws_rds_cluster" "source" {
      engine      = "aurora-postgresql"
      engine_mode = "serverless"
    }
    ```

    ## How to fix
    Set `EngineMode: provisioned` (or remove it); for serverless capacity use Serverless v2:
    `ServerlessV2ScalingConfiguration` on the cluster and `DBInstanceClass: db.serverless` on its
    instances (Terraform: `engine_mode = "provisioned"`, a `serverlessv2_scaling_configuration`
    block, and `instance_class = "db.serverless"` on each `aws_rds_cluster_instance`).

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.html
    """
    allowed = project.rulebook.sources.engine_modes.allowed
    for source in project.deployment.sources_in_use:
        prop = source.engine_mode
        if source.kind != "cluster" or not prop.present:
            continue
        for branch in prop.branches:
            if not isinstance(branch.value, str) or branch.value.lower() in allowed:
                continue
            yield Violation(
                message=(f"{prop.name} of {source.label} is {branch.written}{branch.when}; zero-ETL requires "
                         f"{' or '.join(allowed)}"),
                fix=(f"Set {prop.name} to {allowed[0]} on {source.resource.logical_id}; for serverless capacity "
                     f"use {source.resource.vocabulary.name('serverless_v2')} with db.serverless instances."),
                location=branch.location,
                object=prop.object,
            )
