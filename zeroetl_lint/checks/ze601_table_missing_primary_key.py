"""ZE601 table-missing-primary-key."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._schema import qualified, replicated
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, rule


@rule(code="ZE601", name="table-missing-primary-key", severity=Severity.ERROR, needs=Need.SCHEMA)
def table_missing_primary_key(project: Project) -> Iterator[Violation]:
    """Checks for replicated tables without a primary key.

    ## What it does
    Applies every statement of the schema input in order (so a key added by `ALTER TABLE ONLY ...
    ADD CONSTRAINT ... PRIMARY KEY` at the end of a dump counts, and partitions inherit their
    parent's key while `INHERITS` children do not), then reports each table the filter
    replicates that has no `PRIMARY KEY`. A unique constraint or index does not count.

    From a live database (`--schema DB=postgresql://...`) the key comes from `pg_constraint`
    (`contype = 'p'`); a partition's copy of its parent's key counts, and the unique key the
    message mentions may be a unique index.

    ## Why is this bad?
    "Primary keys are required on all tables present in the data filter. Any tables without a
    primary key will be put into the failed state." The table never reaches Redshift.

    ## Example
    ```sql
    CREATE TABLE public.audit_log (logged_at timestamptz, body jsonb);
    ```

    ## How to fix
    ```sql
    ALTER TABLE public.audit_log ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
    ```
    or exclude the table in the filter (`exclude: mydb.public.audit_log`).

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.html
    - https://aws.amazon.com/blogs/database/handle-tables-without-primary-keys-while-creating-amazon-aurora-postgresql-zero-etl-integrations-with-amazon-redshift/
    """
    for schema, entry in replicated(project):
        table = entry.table
        if table.primary_key is not None:
            continue
        unique = f" (it has a unique key on {', '.join(table.unique_keys[0])}, which does not count)" if table.unique_keys else ""
        yield Violation(
            message=f"Table {qualified(schema, table)} is replicated but has no primary key{unique}; "
            "zero-ETL puts it in the Failed state",
            fix=f"Add a primary key to {table.qualified_name} (promote a unique key or add an identity column), "
            "or exclude it in the DataFilter.",
            location=table.location,
            object=qualified(schema, table),
            related=entry.why,
        )
