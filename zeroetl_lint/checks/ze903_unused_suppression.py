"""ZE903 unused-suppression."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.problems import ProblemKind
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import rule


@rule(code="ZE903", name="unused-suppression", severity=Severity.WARNING, reports=ProblemKind.UNUSED_SUPPRESSION)
def unused_suppression(project: Project) -> Iterator[Violation]:
    """Checks for suppressions that suppress nothing.

    ## What it does
    Reports a suppression comment (`# zeroetl-lint: ignore[ZE202]` in YAML and HCL, where `//` and
    `/* */` work too, `-- zeroetl-lint: ignore[ZE601]` in SQL, or an `ignore-file[...]` form) or a
    `Metadata` `zeroetl-lint: {ignore: [...]}` entry that names a rule which ran and reported
    nothing in the place the suppression covers. A suppression naming a rule that did not run (not
    selected, or crashed) is not reported, since nobody can tell whether it is still needed. The
    engine works this out after every other rule has run and the suppressions were applied, and
    reports the idle ones under this rule.

    ## Why is this bad?
    A suppression outlives the problem it silenced: the parameter was fixed, the table got a
    primary key. Left in place it hides the same problem when it comes back, and readers believe
    a known exception is still there.

    ## Example
    ```yaml
    ClusterParams:
      Type: AWS::RDS::DBClusterParameterGroup
      Properties:
        Parameters:
          aurora.enhanced_logical_replication: 1   # zeroetl-lint: ignore[ZE202] fixed long ago
    ```

    Terraform (`#`, `//` and `/* */` comments):
    ```hcl
    parameter {
      name  = "aurora.enhanced_logical_replication"
      value = "1"   # zeroetl-lint: ignore[ZE202] fixed long ago
    }
    ```

    ## How to fix
    Delete the suppression, or the codes in it that no longer match anything. To keep ZE903 quiet
    for a whole project, `--ignore ZE903` (or `ignore = ["ZE903"]` in the config).

    ## References
    - https://github.com/zeroetl-lint/zeroetl-lint/blob/main/docs/rules.md#ze903-unused-suppression
    """
    # Its findings are the run's recorded problems of this kind, which the engine reports; the model
    # holds nothing more for it to find.
    return iter(())
