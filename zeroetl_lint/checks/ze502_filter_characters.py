"""ZE502 filter-characters."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from zeroetl_lint.checks._filters import sites, violation
from zeroetl_lint.checks._reads import rds_integration
from zeroetl_lint.findings import Applicability, Edit, Fix, Severity, Violation
from zeroetl_lint.model.data_filter.site import FilterSite
from zeroetl_lint.model.data_filter.validate import check_characters
from zeroetl_lint.model.edits import offer
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Read, rule


@rule(code="ZE502", name="filter-characters", severity=Severity.ERROR, fixes=(Applicability.SAFE,),
      reads=(Read("integration", "data_filter", rds_integration),))
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

    Terraform:
    ```hcl
    data_filter = "'include: mydb.*.*'"
    ```

    ## How to fix
    Remove the shell quotes; express regexes with the allowed characters (`\\d`, `.`, `*`, `+`, `?`).
    ```yaml
    DataFilter: "include: mydb.*.*"
    ```
    ```hcl
    data_filter = "include: mydb.*.*"
    ```

    ## Fix safety
    Safe (`--fix`) for shell quotes: they are removed from the value (in a template, the value is
    rewritten in its own quoting; in a `.filter` file, the two quote characters are cut). Other
    characters have no fix: what the filter should say instead is not mechanical.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateIntegration.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.filtering.html
    """
    for site, parsed in sites(project):
        shell = parsed.shell_quotes
        fixes = _unquote(site, parsed.text, shell) if shell else ()
        for problem in check_characters(parsed, project.rulebook.data_filters):
            found = violation(site, problem)
            yield replace(found, fixes=fixes) if problem.start in shell else found


def _unquote(site: FilterSite, text: str, shell: tuple[int, ...]) -> tuple[Fix, ...]:
    """The filter without its shell quotes: the template's value rewritten, or the quotes of a .filter file cut."""
    unquoted = "".join(char for offset, char in enumerate(text) if offset not in shell)
    title = "Remove the shell quotes around the filter"
    if site.integration is not None:
        return offer(title, site.integration.resource.editor().replace(site.location, unquoted))
    if site.position_of is None or site.location.path is None:
        return ()
    edits = []
    for offset in shell:
        where = site.position_of(offset)
        if where is None:
            return ()
        edits.append(Edit(site.location.path, where[0], where[1], where[0], where[1] + 1, ""))
    return offer(title, tuple(edits))
