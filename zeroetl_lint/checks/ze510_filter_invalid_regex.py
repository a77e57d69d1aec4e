"""ZE510 filter-invalid-regex."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._filters import sites, violations
from zeroetl_lint.checks._reads import rds_integration
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.data_filter.regex import check_regexes
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Read, rule


@rule(code="ZE510", name="filter-invalid-regex", severity=Severity.ERROR,
      reads=(Read("integration", "data_filter", rds_integration),))
def filter_invalid_regex(project: Project) -> Iterator[Violation]:
    """Checks for regular expressions in a data filter that do not compile.

    ## What it does
    Compiles every `/regex/` part as the service reads it (Java semantics, matching the whole
    name) and reports one that does not compile, or that uses a construct Java and Python read
    differently (possessive quantifiers, `\\p{...}`, `\\Q...\\E`, `\\z`, inline flags): those are
    reported, never silently translated.

    ## Why is this bad?
    An invalid regex makes the integration fail or match nothing, so tables silently stop
    replicating.

    ## Example
    ```yaml
    DataFilter: "include: shop.public./orders_\\d+*/"
    ```

    Terraform:
    ```hcl
    data_filter = "include: shop.public./orders_\\\\d+*/"
    ```

    ## How to fix
    ```yaml
    DataFilter: "include: shop.public./orders_\\d+/"
    ```
    ```hcl
    data_filter = "include: shop.public./orders_\\\\d+/"
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.filtering.html
    - https://docs.oracle.com/javase/8/docs/api/java/util/regex/Pattern.html
    """
    for site, parsed in sites(project):
        yield from violations(site, check_regexes(parsed))
