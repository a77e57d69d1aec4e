"""ZE904 unknown-rule."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.problems import ProblemKind
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import rule


@rule(code="ZE904", name="unknown-rule", severity=Severity.WARNING, reports=ProblemKind.UNKNOWN_SELECTOR)
def unknown_rule(project: Project) -> Iterator[Violation]:
    """Checks for rule codes and names that do not exist.

    ## What it does
    Reports a `--select`/`--ignore` value, a config file entry or a suppression comment that names
    a rule code, code prefix or rule name that is not in the catalog.

    ## Why is this bad?
    A misspelt code silently selects or suppresses nothing: a team believes a check is off (or
    on) when it is not.

    ## Example
    ```text
    zeroetl-lint check --ignore ZE2O2      # letter O instead of zero
    ```

    ## How to fix
    Use a code from `zeroetl-lint rules`, a prefix such as `ZE2`, or a rule name such as
    `source-replication-parameter`.

    ## References
    - https://github.com/zeroetl-lint/zeroetl-lint/blob/main/docs/rules.md
    """
    # Its findings are the run's recorded problems of this kind, which the engine reports; the model
    # holds nothing more for it to find.
    return iter(())
