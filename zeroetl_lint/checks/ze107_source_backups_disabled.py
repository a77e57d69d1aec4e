"""ZE107 source-backups-disabled."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.rulebook.sources import number
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE107", name="source-backups-disabled", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),
      Read("source", "engine"),
      Read("source", "backup_retention", lambda source, book: source.engine_name in book.sources.backups.engines),))
def source_backups_disabled(project: Project) -> Iterator[Violation]:
    """Checks for RDS instance sources with automated backups turned off.

    ## What it does
    Reports `BackupRetentionPeriod: 0` on an RDS for PostgreSQL or RDS for MySQL DB instance that
    an integration uses as its source. Each `Fn::If` branch is checked; a missing
    `BackupRetentionPeriod` keeps the default of one day and is fine.

    ## Why is this bad?
    Automated backups must be enabled on an RDS source: zero-ETL relies on the binary log or the
    write-ahead log that backups keep, and RDS rejects the integration without them.

    ## Example
    ```yaml
    SourceDatabase:
      Type: AWS::RDS::DBInstance
      Properties:
        Engine: postgres
        BackupRetentionPeriod: 0
    ```

    Terraform:
    ```hcl
    resource "aws_db_instance" "source" {
      engine                  = "postgres"
      backup_retention_period = 0
    }
    ```

    ## How to fix
    Set `BackupRetentionPeriod` to 1 or more days.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/zero-etl.setting-up.html
    """
    engines = project.rulebook.sources.backups.engines
    for source in project.deployment.sources_in_use:
        prop = source.backup_retention
        if not prop.present or source.engine_name not in engines:
            continue
        for branch in prop.branches:
            if number(branch.value) != 0:
                continue
            yield Violation(
                message=(f"{prop.name} of {source.label} is {branch.written}{branch.when}, which turns "
                         "automated backups off; a zero-ETL source needs them on"),
                fix=f"Set {prop.name} of {source.resource.logical_id} to 1 or more days.",
                location=branch.location,
                object=prop.object,
            )
