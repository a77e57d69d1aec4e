"""The schema inputs of a run and what the schema rules share about them: which tables replicate, which columns do not."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from zeroetl_lint.findings import Related
from zeroetl_lint.model.catalog import Catalog, Column, ColumnType, Persistence, ResyncEvent, Table, TableKind
from zeroetl_lint.model.column_types import TypeStatus, TypeVerdict, classify
from zeroetl_lint.model.data_filter.evaluate import evaluate
from zeroetl_lint.model.data_filter.site import FilterSite
from zeroetl_lint.model.data_filter.syntax import ParsedFilter
from zeroetl_lint.model.named_databases import postgres_sites
from zeroetl_lint.rulebook.pg_types import PgTypeFacts


@dataclass(frozen=True, slots=True)
class SchemaInput:
    """The schema of one source database, read from a SQL file, several, ordered migrations or a live catalog."""

    database: str
    catalog: Catalog
    paths: tuple[str, ...]
    migrations: bool  # a directory of ordered migrations, applied file by file
    # The statements of the migrations that make Redshift resync a table, in the order applied.
    resync_events: tuple[ResyncEvent, ...] = ()
    # Files of this schema that could not be read at all.
    unread: tuple[str, ...] = ()

    @property
    def unreadable(self) -> bool:
        """Whether a file of this schema could not be read: its tables are unknown, not absent."""
        return bool(self.unread)


@dataclass(frozen=True, slots=True)
class Replicated:
    """A table the run's filters replicate, and the filter clause that decided (None: no filter applies)."""

    table: Table
    site: FilterSite | None
    clause: int | None
    why: tuple[Related, ...] = ()  # a note pointing at that clause, for the findings about the table


class ProblemColumn(NamedTuple):
    """A column of a replicated table whose type does not plainly replicate, and the verdict on it."""

    schema: SchemaInput
    entry: Replicated
    column: Column
    verdict: TypeVerdict


@dataclass(frozen=True, eq=False)
class SchemaAnalysis:
    """What every schema rule asks of the run's schemas, built once by the loader and answered once on first use:
    on a 5,000-table dump, answering it per rule costs more than reading the dump."""

    schemas: tuple[SchemaInput, ...]
    filters: tuple[FilterSite, ...]
    has_integrations: bool
    type_facts: PgTypeFacts

    def tables(self, *, only_real_tables: bool = True) -> Iterator[tuple[SchemaInput, Replicated]]:
        """(schema, replicated table) pairs; by default only permanent tables, which zero-ETL replicates."""
        for schema, entries in self._replicated:
            for entry in entries:
                if not only_real_tables or (entry.table.kind is TableKind.TABLE
                                            and entry.table.persistence is Persistence.PERMANENT):
                    yield schema, entry

    def columns_with(self, status: TypeStatus) -> tuple[ProblemColumn, ...]:
        """The columns of replicated permanent tables whose type verdict has this status."""
        return self._problem_columns.get(status, ())

    @cached_property
    def _replicated(self) -> tuple[tuple[SchemaInput, tuple[Replicated, ...]], ...]:
        """The tables of each database that the run's filters replicate.

        With filters (from integrations, --filter or .filter files), a table replicates when any of
        them replicates it; with no filter and no integration, every table of a given schema counts
        (cli.md). An integration whose filter cannot be read (computed, or on a MySQL source) selects
        nothing here: its tables are unknown, and guessing "all" would report tables it may exclude.
        """
        sites = postgres_sites(self.filters)
        return tuple((schema, tuple(self._replicated_of(schema, sites))) for schema in self.schemas)

    def _replicated_of(self, schema: SchemaInput, sites: list[FilterSite]) -> Iterator[Replicated]:
        tables = schema.catalog.tables
        if not sites:
            if not self.filters and not self.has_integrations:
                yield from (Replicated(table, None, None) for table in tables)
            return
        # A PostgreSQL integration without a filter replicates nothing, so only filters with text count.
        judged = [(site, site.parsed) for site in sites if site.parsed is not None]
        # Thousands of tables share a few deciding clauses; locating a clause in a template is not cheap.
        notes: dict[tuple[int, int | None], tuple[Related, ...]] = {}
        for table in tables:
            name = (schema.database, table.schema, table.name)
            for number, (site, parsed_filter) in enumerate(judged):
                decision = evaluate(parsed_filter, name, "postgresql")
                if decision.replicated:
                    key = (number, decision.clause_index)
                    if key not in notes:
                        notes[key] = _clause_note(site, parsed_filter, decision.clause_index)
                    yield Replicated(table, site, decision.clause_index, notes[key])
                    break

    @cached_property
    def _problem_columns(self) -> Mapping[TypeStatus, tuple[ProblemColumn, ...]]:
        """Every column whose type is not plainly supported, by status; four rules ask, one pass answers."""
        found: dict[TypeStatus, list[ProblemColumn]] = {}
        # A verdict depends only on the type and the database's own types and domains, and a dump
        # spells the same few types thousands of times.
        verdicts: dict[tuple[str, ColumnType], TypeVerdict] = {}
        for schema, entry in self.tables():
            for column in entry.table.columns:
                key = (schema.database, column.type)
                verdict = verdicts.get(key)
                if verdict is None:
                    verdict = verdicts[key] = classify(column.type, schema.catalog, self.type_facts)
                if verdict.status is not TypeStatus.SUPPORTED:
                    found.setdefault(verdict.status, []).append(ProblemColumn(schema, entry, column, verdict))
        return {status: tuple(columns) for status, columns in found.items()}


def _clause_note(site: FilterSite, parsed_filter: ParsedFilter, index: int | None) -> tuple[Related, ...]:
    """A note pointing at the filter clause that makes a table replicate."""
    clause = next((c for c in parsed_filter.clauses if c.index == index), None)
    if clause is None:
        return ()
    written = parsed_filter.text[clause.start:clause.end].strip()
    return (Related(site.location_at(clause.start, clause.end), f"replicated by clause {clause.index} `{written}`"),)
