"""ZE102 source-engine-unsupported."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.rulebook.sources import either
from zeroetl_lint.findings import Related, Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE102", name="source-engine-unsupported", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),
      Read("source", "engine"),))
def source_engine_unsupported(project: Project) -> Iterator[Violation]:
    """Checks for integrations whose source runs an engine that zero-ETL does not replicate from.

    ## What it does
    Reports the `Engine` of a DB cluster or instance that an `AWS::RDS::Integration` names as its
    source when it is not one of the zero-ETL source engines: `aurora-postgresql`, `aurora-mysql`,
    `postgres` or `mysql`. Each `Fn::If` branch is checked. RDS for Oracle, also a zero-ETL
    source, is outside what zeroetl-lint models: it is not reported here, and ZE902 says that its
    checks were skipped.

    ## Why is this bad?
    RDS rejects the integration: only these engines can feed a zero-ETL integration into Amazon
    Redshift. Aurora MySQL 2 written as `aurora`, SQL Server, MariaDB and the rest cannot.

    ## Example
    ```yaml
    SourceCluster:
      Type: AWS::RDS::DBCluster
      Properties:
        Engine: aurora          # Aurora MySQL 1/2 is not a zero-ETL source
    ```

    Terraform:
    ```hcl
    resource "aws_rds_cluster" "source" {
      engine = "aurora"   # Aurora MySQL 1/2 is not a zero-ETL source
    }
    ```

    ## How to fix
    Use a supported engine (for example `aurora-postgresql` 16.4 or higher), or replicate this
    database another way.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/zero-etl.html
    """
    deployment = project.deployment
    engines = project.rulebook.sources.engines
    supported = either(sorted(engines))
    for source in deployment.sources_in_use:
        if not source.engine.present:
            continue  # an instance restored from a snapshot takes its engine from there
        users = tuple(
            Related(integration.resource.location, f"{integration.label} uses {source.label} as its source")
            for integration in deployment.integrations_using(source)
        )
        for branch in source.engine.branches:
            if not isinstance(branch.value, str) or project.rulebook.engine(branch.value) is not None:
                continue
            if branch.value.lower() in project.rulebook.sources.out_of_scope_engines.values:
                continue  # a real zero-ETL source this linter does not model; ZE902 says so
            yield Violation(
                message=(f"{source.engine.name} of {source.label} is {branch.written}{branch.when}, which is not a zero-ETL source "
                         f"engine; integrations take {supported}"),
                fix=f"Use {supported} as the engine of {source.resource.logical_id}, or remove the integration.",
                location=branch.location,
                object=source.engine.object,
                related=users,
            )
