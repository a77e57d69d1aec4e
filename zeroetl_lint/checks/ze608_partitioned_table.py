"""ZE608 partitioned-table."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._schema import qualified, replicated
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, rule


@rule(code="ZE608", name="partitioned-table", severity=Severity.WARNING, needs=Need.SCHEMA)
def partitioned_table(project: Project) -> Iterator[Violation]:
    """Checks for replicated tables that are declarative partitions or partition parents.

    ## What it does
    Reports a replicated table created with `PARTITION BY` (a parent) or as a partition
    (`PARTITION OF`, `ATTACH PARTITION`).

    ## Why is this bad?
    AWS pages disagree: the Aurora limitations say partitions replicate but the parent does not;
    the DDL table says partitioning can make table creation fail; RDS says partitioning
    transactions put tables in the Failed state. Each partition is a separate table that must
    match the filter and have a primary key.

    ## Example
    ```sql
    CREATE TABLE public.events (id bigint, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
    ```

    ## How to fix
    Replicate the partitions explicitly (`include: db.public./events_.*/`) and test the
    integration, or keep the data in an unpartitioned table.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.querying.html
    """
    for schema, entry in replicated(project):
        table = entry.table
        if table.is_partitioned:
            what = f"a partitioned table (PARTITION BY {table.partitioned_by})"
        elif table.is_partition:
            what = f"a partition of {table.partition_of}"
        else:
            continue
        yield Violation(
            message=f"Table {qualified(schema, table)} is {what}; zero-ETL support for declarative partitioning is "
            "limited (the parent is not replicated, partition changes can fail the table)",
            fix="Replicate the partitions explicitly and verify them, or use an unpartitioned table.",
            location=table.location,
            object=qualified(schema, table),
            related=entry.why,
        )
