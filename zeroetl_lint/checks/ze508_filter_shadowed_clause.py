"""ZE508 filter-shadowed-clause."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._filters import sites, violation
from zeroetl_lint.checks._reads import filtered_rds_integration, rds_integration
from zeroetl_lint.findings import Related, Severity, Violation
from zeroetl_lint.model.data_filter.evaluate import ShadowReason, shadowed_clauses
from zeroetl_lint.model.data_filter.syntax import FilterProblem
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Read, rule


@rule(code="ZE508", name="filter-shadowed-clause", severity=Severity.WARNING,
      reads=(Read("integration", "sources", filtered_rds_integration),
      Read("integration", "data_filter", rds_integration),))
def filter_shadowed_clause(project: Project) -> Iterator[Violation]:
    """Checks for filter clauses that can never change what replicates.

    ## What it does
    Clauses apply in order and the last matching clause decides. A clause is reported when a
    later clause matches everything it matches (`include: db.s.t, exclude: db.*.*`: the include
    never wins), or when it repeats an earlier clause. The note points at the clause that
    overrides it. The evaluation is the one the `filter` command and the schema rules use.

    ## Why is this bad?
    The filter does not do what it reads like: usually an `exclude:` written after a broader
    `include:` was meant the other way round, and tables the author wanted are left out.

    ## Example
    ```yaml
    DataFilter: "include: shop.public.orders, exclude: shop.*.*"
    ```

    Terraform:
    ```hcl
    data_filter = "include: shop.public.orders, exclude: shop.*.*"
    ```

    ## How to fix
    Put broad clauses first and exceptions after them:
    ```yaml
    DataFilter: "exclude: shop.*.*, include: shop.public.orders"
    ```
    ```hcl
    data_filter = "exclude: shop.*.*, include: shop.public.orders"
    ```
    or simply `include: shop.public.orders`.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.filtering.html
    """
    for site, parsed in sites(project):
        if site.engine is None:
            continue
        clauses = {clause.index: clause for clause in parsed.clauses}
        for shadowed in shadowed_clauses(parsed, site.engine, project.rulebook.data_filters):
            clause, by = clauses[shadowed.clause], clauses[shadowed.by]
            written = parsed.text[clause.start:clause.end].strip()
            other = parsed.text[by.start:by.end].strip()
            if shadowed.reason is ShadowReason.REPEATED:
                message = f"clause {clause.index} `{written}` repeats clause {by.index}"
                fix = f"Delete clause {clause.index}."
            else:
                message = (f"clause {clause.index} `{written}` can never change the outcome: "
                           f"clause {by.index} `{other}` comes later and matches everything it matches")
                fix = (f"Move clause {clause.index} after clause {by.index}, or delete it if "
                       f"clause {by.index} says what you mean.")
            start = clause.start + (len(parsed.text[clause.start:clause.end]) - len(parsed.text[clause.start:clause.end].lstrip()))
            yield violation(
                site,
                FilterProblem(start, clause.end, message, fix),
                (Related(site.location_at(by.start, by.end), f"clause {by.index} `{other}`"),),
            )
