"""ZE509 filter-matches-nothing."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._filters import sites, violation
from zeroetl_lint.checks._reads import rds_integration
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.data_filter.evaluate import clause_matches, part_matches
from zeroetl_lint.model.data_filter.syntax import ClauseType, FilterProblem
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE509", name="filter-matches-nothing", severity=Severity.WARNING, needs=Need.SCHEMA,
      reads=(Read("integration", "data_filter", rds_integration),))
def filter_matches_nothing(project: Project) -> Iterator[Violation]:
    """Checks for include clauses that match no table of a database whose schema is known.

    ## What it does
    When schema SQL is given for a database, reports each `include:` clause whose database part
    names that database but whose pattern matches no table in it, using the same evaluator as
    the `filter` command. Databases without schema input, or whose schema file could not be read
    (a binary file or `pg_dump -Fc` archive, reported as ZE901), are not judged.

    ## Why is this bad?
    A typo in a schema or table name (`pubic`, `order` for `orders`) silently replicates nothing;
    the mistake surfaces only when someone queries Redshift.

    ## Example
    ```yaml
    DataFilter: "include: shop.pubic.orders"
    ```

    Terraform:
    ```hcl
    data_filter = "include: shop.pubic.orders"
    ```

    ## How to fix
    Correct the name so that the pattern matches the intended tables (`zeroetl-lint filter
    "include: ..." --schema shop=schema.sql` lists what a filter selects).

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.filtering.html
    """
    if not project.schemas:
        return
    for site, parsed in sites(project):
        if site.engine not in ("postgresql", None):
            continue
        for clause in parsed.clauses:
            if clause.type is not ClauseType.INCLUDE or len(clause.parts) != 3:
                continue
            databases = [s for name, s in project.schemas.items() if part_matches(clause.parts[0], name)]
            if not databases or any(s.unreadable for s in databases):
                continue  # an unreadable schema's tables are unknown, not absent
            if any(clause_matches(clause, (s.database, t.schema, t.name)) for s in databases for t in s.catalog.tables):
                continue
            written = parsed.text[clause.start:clause.end].strip()
            names = ", ".join(s.database for s in databases)
            yield violation(site, FilterProblem(
                clause.pattern_start, clause.pattern_end,
                f"clause {clause.index} `{written}` matches no table of database {names} in the given schema",
                "Correct the schema or table name; `zeroetl-lint filter` with --schema lists what a filter selects."))
