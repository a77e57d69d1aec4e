"""ZE503 filter-limits."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._filters import sites, violations
from zeroetl_lint.checks._reads import rds_integration
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.data_filter.validate import check_limits
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Read, rule


@rule(code="ZE503", name="filter-limits", severity=Severity.ERROR,
      reads=(Read("integration", "data_filter", rds_integration),))
def filter_limits(project: Project) -> Iterator[Violation]:
    """Checks for data filters beyond the service limits.

    ## What it does
    Reports a filter longer than 25,600 characters, with more than 99 patterns, or with a pattern
    longer than 256 characters (limits from the rulebook, `rules/data_filters.yaml`).

    ## Why is this bad?
    The RDS API rejects the integration at deploy time.

    ## Example
    ```text
    include: shop.public.t1, include: shop.public.t2, ... (120 clauses)
    ```

    Terraform, with 120 tables in `terraform.tfvars`:
    ```hcl
    resource "aws_rds_integration" "shop" {
      data_filter = join(", ", [for table in var.tables : "include: shop.public.${table}"])
    }
    ```

    ## How to fix
    Merge patterns with `*` or a regular expression: `include: shop.public./t\\d+/`.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.filtering.html
    """
    for site, parsed in sites(project):
        yield from violations(site, check_limits(parsed, project.rulebook.data_filters))
