"""ZE900 internal-error."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.problems import ProblemKind
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import rule


@rule(code="ZE900", name="internal-error", severity=Severity.ERROR, reports=ProblemKind.CRASH)
def internal_error(project: Project) -> Iterator[Violation]:
    """Checks for crashes inside zeroetl-lint itself.

    ## What it does
    Reports a rule or an input reader that raised an unexpected exception. The engine turns a
    crash of any rule into this finding and runs the other rules anyway; the run then exits
    with status 2, because its result is incomplete.

    ## Why is this bad?
    A crashed rule checked nothing, so a clean report would be a lie. The finding names the rule
    so that it can be skipped until the bug is fixed.

    ## Example
    ```text
    ZE900 [error] rule ZE305 target-authorized-source crashed: KeyError: 'Statement'
    ```

    ## How to fix
    Report the input that triggers it (with `--debug` for the traceback) and skip the rule with
    `--ignore CODE` until a fix is released.

    ## References
    - https://github.com/zeroetl-lint/zeroetl-lint/issues
    """
    # Its findings are the run's recorded problems of this kind, which the engine reports; the model
    # holds nothing more for it to find.
    return iter(())
