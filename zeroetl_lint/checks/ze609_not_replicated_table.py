"""ZE609 not-replicated-table."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._schema import qualified, replicated
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, rule


@rule(code="ZE609", name="not-replicated-table", severity=Severity.INFO, needs=Need.SCHEMA)
def not_replicated_table(project: Project) -> Iterator[Violation]:
    """Checks for filters that select objects zero-ETL never replicates.

    ## What it does
    Reports a view, materialized view, foreign table, `UNLOGGED` or `TEMP` table that a data
    filter clause selects. Without any filter nothing is reported: only an explicit selection
    suggests the author expects the object in Redshift. AWS documents temporary tables, views,
    unlogged tables and materialized views as never replicated; foreign tables are not in AWS's
    lists (unverified): they hold no rows in the source database for logical replication to send.

    ## Why is this bad?
    Zero-ETL replicates neither views nor unlogged or temporary tables; the object silently never
    arrives.

    ## Example
    ```sql
    CREATE UNLOGGED TABLE public.rate_limits (key text PRIMARY KEY, hits int);
    ```

    ## How to fix
    Make the table logged (`ALTER TABLE ... SET LOGGED`), replicate the base tables of a view and
    recreate the view in Redshift, or exclude the object in the filter.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/zero-etl.html
    """
    if not project.schemas:
        return
    from zeroetl_lint.model.catalog import Persistence, TableKind

    for schema, entry in replicated(project, only_real_tables=False):
        table = entry.table
        if entry.site is None:
            continue
        if table.kind is not TableKind.TABLE:
            what = f"a {table.kind.value}"
        elif table.persistence is not Persistence.PERMANENT:
            what = f"an {table.persistence.value} table" if table.persistence.value[0] in "aeiou" else f"a {table.persistence.value} table"
        else:
            continue
        yield Violation(
            message=f"{qualified(schema, table)} is {what}, which zero-ETL never replicates, but the filter selects it",
            fix="Exclude it in the DataFilter, or make it a permanent table if it must reach Redshift.",
            location=table.location,
            object=qualified(schema, table),
            related=entry.why,
        )
