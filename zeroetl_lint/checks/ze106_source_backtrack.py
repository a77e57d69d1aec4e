"""ZE106 source-backtrack."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.rulebook.sources import number
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE106", name="source-backtrack", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),
      Read("source", "engine"),
      Read("source", "backtrack_window", lambda source, book: source.engine_name in book.sources.backtrack.engines),))
def source_backtrack(project: Project) -> Iterator[Violation]:
    """Checks for Aurora MySQL source clusters with Backtrack enabled.

    ## What it does
    Reports a `BacktrackWindow` greater than 0 on an Aurora MySQL cluster that an integration uses
    as its source. Each `Fn::If` branch is checked.

    ## Why is this bad?
    Zero-ETL from Aurora MySQL needs enhanced binlog (`aurora_enhanced_binlog=1`), and enhanced
    binlog is unavailable on a cluster that has (or ever had) Backtrack enabled, or that was
    restored from one. The integration cannot be created.

    ## Example
    ```yaml
    SourceCluster:
      Type: AWS::RDS::DBCluster
      Properties:
        Engine: aurora-mysql
        BacktrackWindow: 86400
    ```

    Terraform:
    ```hcl
    resource "aws_rds_cluster" "source" {
      engine           = "aurora-mysql"
      backtrack_window = 86400
    }
    ```

    ## How to fix
    Remove `BacktrackWindow` (or set it to 0). A cluster that already had Backtrack on must be
    replaced by a new cluster (for example a restore from a snapshot into a cluster without
    Backtrack).

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Enhanced.binlog.html
    """
    engines = project.rulebook.sources.backtrack.engines
    for source in project.deployment.sources_in_use:
        prop = source.backtrack_window
        if not prop.present or source.engine_name not in engines:
            continue
        for branch in prop.branches:
            window = number(branch.value)
            if window is None or window <= 0:
                continue
            yield Violation(
                message=(f"{prop.name} of {source.label} is {branch.written}{branch.when}; a zero-ETL source needs "
                         "enhanced binlog, which Backtrack disables, so the window must be 0"),
                fix=f"Remove {prop.name} from {source.resource.logical_id} (a cluster that already had "
                    "Backtrack on must be recreated without it).",
                location=branch.location,
                object=prop.object,
            )
