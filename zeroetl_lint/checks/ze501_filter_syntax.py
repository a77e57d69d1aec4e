"""ZE501 filter-syntax."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._filters import sites, violations
from zeroetl_lint.checks._reads import rds_integration
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Read, rule


@rule(code="ZE501", name="filter-syntax", severity=Severity.ERROR,
      reads=(Read("integration", "data_filter", rds_integration),))
def filter_syntax(project: Project) -> Iterator[Violation]:
    """Checks for data filters that cannot be parsed.

    ## What it does
    Parses every `DataFilter` (and `--filter`, and `.filter` files) with the zero-ETL filter
    grammar: comma-separated clauses, each `include:` or `exclude:` followed by a pattern of
    dot-separated parts (names, `"quoted names"`, `*`, `/regular expressions/`). Reports a clause
    without a prefix, an empty pattern or part, an unterminated regex or quote, a stray or trailing
    comma, and column filters, at the offending character inside the filter string.

    ## Why is this bad?
    The RDS API rejects the integration (or, worse, AWS's Maxwell-based parser reads something
    else than what was meant). For Aurora PostgreSQL the error surfaces only at deploy time as
    `Your data filter must contain at least one include statement`.

    ## Example
    ```yaml
    DataFilter: "mydb.public.orders, exclude: mydb.public.audit"
    ```

    Terraform:
    ```hcl
    data_filter = "mydb.public.orders, exclude: mydb.public.audit"
    ```

    ## How to fix
    Give every clause its own prefix:
    ```yaml
    DataFilter: "include: mydb.public.orders, exclude: mydb.public.audit"
    ```
    ```hcl
    data_filter = "include: mydb.public.orders, exclude: mydb.public.audit"
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.filtering.html
    """
    for site, parsed in sites(project):
        yield from violations(site, parsed.problems)
