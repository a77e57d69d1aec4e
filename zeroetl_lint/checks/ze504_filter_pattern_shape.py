"""ZE504 filter-pattern-shape."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._filters import engine_violations
from zeroetl_lint.checks._reads import filtered_rds_integration, rds_integration
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.data_filter.validate import check_parts
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Read, rule


@rule(code="ZE504", name="filter-pattern-shape", severity=Severity.ERROR,
      reads=(Read("integration", "sources", filtered_rds_integration),
      Read("integration", "data_filter", rds_integration),))
def filter_pattern_shape(project: Project) -> Iterator[Violation]:
    """Checks for filter patterns with the wrong number of parts for the source engine.

    ## What it does
    PostgreSQL sources (Aurora PostgreSQL, RDS for PostgreSQL) need `database.schema.table`;
    MySQL sources need `database.table`. The engine comes from the integration's resolved
    source; filters given with `--filter` or in `.filter` files are PostgreSQL filters. When the
    source cannot be resolved the rule stays silent (ZE902 says so).

    ## Why is this bad?
    A `db.table` pattern on a PostgreSQL source matches nothing (or is rejected), so the tables
    the author meant never replicate.

    ## Example
    ```yaml
    DataFilter: "include: shop.orders"     # PostgreSQL source
    ```

    Terraform:
    ```hcl
    data_filter = "include: shop.orders"     # PostgreSQL source
    ```

    ## How to fix
    ```yaml
    DataFilter: "include: shop.public.orders"
    ```
    ```hcl
    data_filter = "include: shop.public.orders"
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.filtering.html
    """
    yield from engine_violations(project, check_parts)
