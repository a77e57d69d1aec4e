"""ZE610 non-utf8-database."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, rule


@rule(code="ZE610", name="non-utf8-database", severity=Severity.ERROR, needs=Need.SCHEMA)
def non_utf8_database(project: Project) -> Iterator[Violation]:
    """Checks for replicated source databases created with an encoding other than UTF-8.

    ## What it does
    Reports a `CREATE DATABASE ... ENCODING` for a database the integration replicates when the
    encoding is not UTF-8.

    For a live database (`--schema DB=postgresql://...`) the encoding is the one `pg_database`
    reports for it (its collation and ctype are read too).

    ## Why is this bad?
    All databases of an Aurora PostgreSQL zero-ETL source must use UTF-8; Redshift is UTF-8 only.

    ## Example
    ```sql
    CREATE DATABASE shop ENCODING 'LATIN1' TEMPLATE template0;
    ```

    ## How to fix
    Create the database with `ENCODING 'UTF8'` and migrate the data into it.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.html
    """
    for schema in project.schemas.values():
        for database in schema.catalog.databases:
            if database.name != schema.database or database.encoding is None:
                continue
            if database.encoding.upper().replace("-", "").replace("_", "") in ("UTF8", "UNICODE"):
                continue
            yield Violation(
                message=f"Database {database.name} is created with encoding {database.encoding}; "
                "zero-ETL requires UTF-8 for every source database",
                fix=f"Create {database.name} with ENCODING 'UTF8' and move the data into it.",
                location=database.location,
                object=database.name,
            )
