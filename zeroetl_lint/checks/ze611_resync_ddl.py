"""ZE611 resync-ddl."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, rule


@rule(code="ZE611", name="resync-ddl", severity=Severity.WARNING, needs=Need.SCHEMA)
def resync_ddl(project: Project) -> Iterator[Violation]:
    """Checks for migrations that make Redshift resync or drop a replicated table.

    ## What it does
    In ordered migrations (a directory given with `--schema DB=DIR`), reports a statement on a
    table created by an earlier migration that triggers a resync or a drop in Redshift:
    `ADD PRIMARY KEY`, `SET SCHEMA`, dropping a primary-key column, `ALTER COLUMN ... TYPE`,
    `SET LOGGED`, and `SET UNLOGGED` (which drops the table in Redshift); and
    `ALTER SCHEMA ... RENAME` of a schema that holds tables created by earlier migrations (Redshift
    drops the schema and resyncs every table of it). Not raised for a single schema dump, where
    every table is new.

    `ALTER COLUMN ... TYPE` is not in AWS's table of DDL operations (unverified): Redshift may
    resync the table or fail it; the other statements are documented there.

    A live database (`--schema DB=postgresql://...`) has no statement history, so this rule does
    not apply to it.

    ## Why is this bad?
    A resync makes the table unavailable in Redshift while it reloads (20 minutes or more for a
    large table); `SET UNLOGGED` removes it from Redshift.

    ## Example
    ```sql
    -- V7__orders_key.sql, on a table created in V1
    ALTER TABLE public.orders ADD PRIMARY KEY (id);
    ```

    ## How to fix
    Schedule the migration for a quiet period and expect the resync, or create tables in their
    final shape before the integration exists.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.querying.html
    """
    for schema in project.schemas.values():
        if not schema.migrations:
            continue
        for event in schema.resync_events:
            if not event.created_in_earlier_file:
                continue
            if event.kind.value == "ALTER SCHEMA ... RENAME":
                shown = ", ".join(event.tables[:3]) + (f" and {len(event.tables) - 3} more" if len(event.tables) > 3 else "")
                yield Violation(
                    message=f"{event.statement}: renames schema {event.object}: Redshift drops it and resyncs every "
                    f"table of it ({shown}, created by {'an earlier migration' if len(event.tables) == 1 else 'earlier migrations'})",
                    fix="Expect every table of the schema to be unavailable in Redshift while it resyncs, or rename "
                    "the schema before the integration exists.",
                    location=event.location,
                    object=f"{schema.database}.{event.object}",
                )
                continue
            effect = "drops the table in Redshift" if event.kind.value == "SET UNLOGGED" else "makes Redshift resync the table"
            yield Violation(
                message=f"{event.statement}: {event.kind.value} on {schema.database}.{event.object}, created by an "
                f"earlier migration, {effect}",
                fix="Expect the table to be unavailable in Redshift while it resyncs, or reshape it before the "
                "integration exists.",
                location=event.location,
                object=f"{schema.database}.{event.object}",
            )
