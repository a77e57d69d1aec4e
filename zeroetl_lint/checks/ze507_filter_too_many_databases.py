"""ZE507 filter-too-many-databases."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._filters import engine_violations
from zeroetl_lint.checks._reads import filtered_rds_integration, rds_integration
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.data_filter.validate import check_database_count
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Read, rule


@rule(code="ZE507", name="filter-too-many-databases", severity=Severity.ERROR,
      reads=(Read("integration", "sources", filtered_rds_integration),
      Read("integration", "data_filter", rds_integration),))
def filter_too_many_databases(project: Project) -> Iterator[Violation]:
    """Checks for PostgreSQL filters that include more than 100 databases.

    ## What it does
    Counts the distinct databases named by `include:` clauses of a PostgreSQL-source filter and
    reports the first one beyond the limit (100, from the rulebook).

    ## Why is this bad?
    Redshift replicates at most 100 Aurora PostgreSQL databases per integration; the rest never
    arrive.

    ## Example
    ```text
    include: db001.*.*, include: db002.*.*, ..., include: db101.*.*
    ```

    Terraform, with 101 tenant databases in `terraform.tfvars`:
    ```hcl
    resource "aws_rds_integration" "tenants" {
      data_filter = join(", ", [for tenant in var.tenants : "include: ${tenant}.*.*"])
    }
    ```

    ## How to fix
    Split the databases over several integrations (at most five per source).

    ## References
    - https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl.reqs-lims.html
    """
    yield from engine_violations(project, check_database_count)
