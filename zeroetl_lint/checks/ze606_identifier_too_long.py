"""ZE606 identifier-too-long."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._columns import copy_note
from zeroetl_lint.checks._schema import qualified, replicated
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, rule


@rule(code="ZE606", name="identifier-too-long", severity=Severity.ERROR, needs=Need.SCHEMA)
def identifier_too_long(project: Project) -> Iterator[Violation]:
    """Checks for schema, table and column names longer than Redshift accepts.

    ## What it does
    Measures the UTF-8 length of the schema, table and column names of every replicated table
    and reports those above 127 bytes (from the rulebook).

    A live database holds names as the server stored them: PostgreSQL truncates identifiers to
    `NAMEDATALEN - 1` bytes (63 by default), so only a server built with a larger `NAMEDATALEN`
    can show a name this rule reports.

    ## Why is this bad?
    Redshift identifiers are at most 127 bytes; longer names cannot be created in the target,
    so the table fails. PostgreSQL's 63-byte default keeps most names short, but a server built
    with a larger `NAMEDATALEN`, or multi-byte names, can exceed it.

    ## Example
    ```sql
    CREATE TABLE public."Überschrift_..._130_bytes" (id int PRIMARY KEY);
    ```

    ## How to fix
    Rename the object to at most 127 bytes in UTF-8.

    ## References
    - https://docs.aws.amazon.com/redshift/latest/dg/r_names.html
    """
    if project.schema_analysis is None:
        return
    limit = project.rulebook.pg_types.limits.identifier_bytes.max
    fits = limit // 4  # UTF-8 takes at most 4 bytes a character: names this short need no encoding
    for schema, entry in replicated(project):
        table = entry.table
        names = [("schema", table.schema, table.location, None), ("table", table.name, table.location, None)]
        names += [("column", column.name, column.location, column) for column in table.columns]
        for kind, name, location, column in names:
            if len(name) <= fits:
                continue
            size = len(name.encode("utf-8"))
            if size > limit:
                yield Violation(
                    message=f"The {kind} name {name!r} of {qualified(schema, table)} is {size} bytes in UTF-8; "
                    f"Redshift accepts at most {limit}",
                    fix=f"Rename the {kind} to at most {limit} bytes.",
                    location=location,
                    object=qualified(schema, table) + (f".{name}" if kind == "column" else ""),
                    related=entry.why + (copy_note(column) if column is not None else ()),
                )
