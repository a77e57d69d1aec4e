"""ZE602 unsupported-column-type."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._columns import column_violation, columns_with
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, rule


@rule(code="ZE602", name="unsupported-column-type", severity=Severity.ERROR, needs=Need.SCHEMA)
def unsupported_column_type(project: Project) -> Iterator[Violation]:
    """Checks for replicated columns whose type has no zero-ETL mapping.

    ## What it does
    Looks up every column type of every replicated table in the PostgreSQL-to-Redshift mapping
    (`rules/pg_types.yaml`) and reports one that is not in it: enums, domains, composite and
    range types, extension types (`citext`, `hstore`, `geometry`, `vector`, ...), geometric types,
    arrays of those.

    ## Why is this bad?
    "Zero-ETL integrations for Aurora PostgreSQL don't support custom data types or data types
    created by extensions." The whole table goes to the Failed state, not just the column.

    ## Example
    ```sql
    CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
    CREATE TABLE public.person (id int PRIMARY KEY, current_mood mood);
    ```

    ## How to fix
    Use a supported type (`text` with a `CHECK` constraint instead of an enum, the domain's base
    type instead of the domain), or exclude the table in the filter.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.querying.html
    """
    for schema, entry, column, verdict in columns_with(project, "UNSUPPORTED"):
        yield column_violation(
            schema, entry, column, verdict,
            f"of {verdict.reason}, which zero-ETL cannot replicate; table {entry.table.qualified_name} would fail",
            "Change the column to a type in the zero-ETL mapping (e.g. text for an enum, the base type for a domain), "
            "or exclude the table in the DataFilter.",
        )
