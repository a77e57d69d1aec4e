"""ZE502 filter-characters."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.artifacts.data_filter.validate import check_characters
from zeroetl_lint.checks._filters import sites, violations
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import rule


@rule(code="ZE502", name="filter-characters", severity=Severity.ERROR)
def filter_characters(project: Project) -> Iterator[Violation]:
    """Checks for data filters with characters the API does not accept.

    ## What it does
    Reports every character outside the `DataFilter` character set of the RDS API
    (`A-Z a-z 0-9 _ space " \\ - $ , * . : ? + /`), including shell quotes copied from a CLI
    example into a template (`'include: ...'`), and regex syntax such as `[`, `(`, `|`, `^`, `{`
    that the set excludes.

    ## Why is this bad?
    `CreateIntegration` validates the filter against this set and fails the deployment.

    ## Example
    ```yaml
    DataFilter: "'include: mydb.*.*'"
    ```

    ## How to fix
    Remove the shell quotes; express regexes with the allowed characters (`\\d`, `.`, `*`, `+`, `?`).
    ```yaml
    DataFilter: "include: mydb.*.*"
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateIntegration.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.filtering.html
    """
    for site, parsed in sites(project):
        yield from violations(site, check_characters(parsed.text))
