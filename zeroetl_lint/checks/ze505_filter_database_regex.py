"""ZE505 filter-database-regex."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._filters import engine_violations
from zeroetl_lint.checks._reads import filtered_rds_integration, rds_integration
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.data_filter.validate import check_database_regex
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Read, rule


@rule(code="ZE505", name="filter-database-regex", severity=Severity.ERROR,
      reads=(Read("integration", "sources", filtered_rds_integration),
      Read("integration", "data_filter", rds_integration),))
def filter_database_regex(project: Project) -> Iterator[Violation]:
    """Checks for regular expressions in the database part of a PostgreSQL filter.

    ## What it does
    Aurora PostgreSQL accepts regular expressions only in the schema and table parts of a
    pattern; this rule reports a `/regex/` in the database part of a PostgreSQL-source filter.

    ## Why is this bad?
    The integration is rejected, and each PostgreSQL database needs its own destination
    database in Redshift anyway, so databases must be named.

    ## Example
    ```yaml
    DataFilter: "include: /shop_.*/.public.*"
    ```

    Terraform:
    ```hcl
    data_filter = "include: /shop_.*/.public.*"
    ```

    ## How to fix
    ```yaml
    DataFilter: "include: shop_eu.public.*, include: shop_us.public.*"
    ```
    ```hcl
    data_filter = "include: shop_eu.public.*, include: shop_us.public.*"
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.filtering.html
    """
    yield from engine_violations(project, check_database_regex)
