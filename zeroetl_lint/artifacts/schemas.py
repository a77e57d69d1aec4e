"""Attach SQL schema inputs to their source databases and decide which of their tables replicate."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from zeroetl_lint.artifacts.files.discover import display_path
from zeroetl_lint.artifacts.postgres.url import is_database_url
from zeroetl_lint.errors import UsageError
from zeroetl_lint.findings import Location, Related
from zeroetl_lint.model.problems import Problem, ProblemKind

if TYPE_CHECKING:
    from zeroetl_lint.artifacts.postgres.limits import Limits
    from zeroetl_lint.rulebook import Rulebook
    from zeroetl_lint.model.catalog import Column, Table
    from zeroetl_lint.model.data_filter.syntax import ParsedFilter
    from zeroetl_lint.artifacts.sql.schema import SchemaResult
    from zeroetl_lint.model.column_types import TypeStatus, TypeVerdict
    from zeroetl_lint.model.data_filter.site import FilterSite
    from zeroetl_lint.model.project import Project


@dataclass(frozen=True, slots=True)
class SchemaInput:
    """The schema of one source database, read from a SQL file, several, or ordered migrations."""

    database: str
    result: SchemaResult
    paths: tuple[str, ...]
    migrations: bool  # a directory of ordered migrations (ZE611 applies only then)

    @property
    def unreadable(self) -> bool:
        """Whether a file of this schema could not be read (ZE901): its tables are unknown, not absent."""
        return bool(self.result.unread)


@dataclass(frozen=True, slots=True)
class Replicated:
    """A table the run's filters replicate, and the filter clause that decided (None: no filter applies)."""

    table: Table
    site: FilterSite | None
    clause: int | None
    why: tuple[Related, ...] = ()  # a note pointing at that clause, for the findings about the table


@dataclass(slots=True)
class SchemaAnalysis:
    """Answers every schema rule needs, kept on the Project: on a 5,000-table dump, recomputing them per
    rule costs more than reading the dump."""

    replicated: dict[str, list[Replicated]] = field(default_factory=dict)  # by database, filled per database
    # Columns of replicated tables whose type verdict is not SUPPORTED, by status (checks/_columns.py).
    problem_columns: dict[TypeStatus, list[tuple[SchemaInput, Replicated, Column, TypeVerdict]]] | None = None


def analysis(project: Project) -> SchemaAnalysis:
    if project.schema_analysis is None:
        project.schema_analysis = SchemaAnalysis()
    return project.schema_analysis


def postgres_sites(project: Project) -> list[FilterSite]:
    """The filters that can select tables of a PostgreSQL schema (the source engine may be unknown)."""
    return [site for site in project.filters if site.engine in ("postgresql", None)]


def named_databases(sites: list[FilterSite]) -> list[str]:
    """The databases these filters include by name, sorted."""
    return sorted({database for site in sites for database in site.databases()})


def databases_without_schema(project: Project) -> list[str]:
    """Databases that the run's PostgreSQL filters include by name but no schema input describes."""
    named = named_databases([site for site in project.filters if site.engine == "postgresql"])
    return [database for database in named if database not in project.schemas]


def load_schemas(project: Project, explicit: dict[str, tuple[str, ...]], walked: list[Path],
                 limits: Limits | None = None) -> None:
    """Read every SQL input and live database into project.schemas, reporting what cannot be attributed."""
    if not explicit and not walked:
        return
    from zeroetl_lint.artifacts.sql.schema import connect_hint, migration_files, read_schema

    named = named_databases(postgres_sites(project))
    for database, raw_paths in explicit.items():
        if any(is_database_url(path) for path in raw_paths):
            _load_live(project, database, raw_paths, limits)
            continue
        files: list[Path] = []
        migrations = False
        for path in map(Path, raw_paths):
            if path.is_dir():
                files.extend(migration_files(path))
                migrations = True
            else:
                files.append(path)
        shown = tuple(display_path(f) for f in files)
        project.inputs.extend(str(f) for f in files)
        # Read through the displayed path, so that findings and suppressions name the file alike.
        result = read_schema([Path(s) for s in shown], database)
        _count(project, result, database, len(files))
        _attach(project, database, result, shown, migrations)
    given = {Path(path).resolve() for paths in explicit.values() for path in paths if not is_database_url(path)}
    groups: dict[str, list[str]] = {}
    for path in walked:
        resolved = path.resolve()
        if resolved in given or not given.isdisjoint(resolved.parents):
            continue  # already read as the schema of the database --schema names
        shown = display_path(path)
        database = connect_hint(path) or (named[0] if len(named) == 1 else None)
        if database is not None:
            # Several files of one database (tables.sql, views.sql, ...) form one schema, read in order.
            groups.setdefault(database, []).append(shown)
            continue
        _count(project, read_schema([Path(shown)], None), shown, 1)  # its parse problems still count
        reason = "the filters name several databases" if named else "no filter names a database"
        project.problems.append(Problem(
            ProblemKind.UNRESOLVED,
            message=f"{shown} is SQL, but which source database it describes is unknown ({reason}); "
            "its tables were not checked",
            fix=f"Say which database it is: --schema DB={shown}, a `\\connect DB` line, or "
            "[tool.zeroetl-lint.schemas] in pyproject.toml.",
            location=Location(shown), object=shown))
    for database, shown_paths in groups.items():
        result = read_schema([Path(shown) for shown in sorted(shown_paths)], None)
        _count(project, result, database, len(shown_paths))
        for name, part in _by_database(result, database):
            _attach(project, name, part, tuple(sorted(shown_paths)), False)


def _load_live(project: Project, database: str, sources: tuple[str, ...], limits: Limits | None) -> None:
    """Read a live database's catalog (--schema DB=postgresql://...): one URL, and nothing else, per database."""
    from zeroetl_lint.artifacts.postgres.limits import Limits
    from zeroetl_lint.artifacts.postgres.reader import read_database
    from zeroetl_lint.artifacts.postgres.url import public_url
    from zeroetl_lint.artifacts.sql.schema import SchemaResult

    if len(sources) > 1:
        shown = ", ".join(public_url(s, keep_user=True) if is_database_url(s) else s for s in sources)
        raise UsageError(f"database {database} has several schema sources ({shown}); a database URL must be its only one")
    url = sources[0]
    live = read_database(url, database, limits or Limits(), live_settings(project.rulebook))
    project.files += 1
    location = Location(public_url(url))
    for what in live.skipped:
        project.problems.append(Problem(
            ProblemKind.UNRESOLVED,
            message=f"{location.path}: could not read {what}, so the checks that need it were skipped",
            fix="Connect as a user who may read the pg_catalog tables (every role can unless it was revoked).",
            location=location, object=database))
    result = SchemaResult(live.catalog, (), (), None)
    _attach(project, database, result, (location.path or url,), False)


def live_settings(rulebook: Rulebook) -> tuple[str, ...]:
    """The server settings a live read asks for: every PostgreSQL engine's required parameters."""
    names = [fact.name for engine in rulebook.sources.engines.values() if engine.family == "postgresql"
             for fact in engine.parameters]
    return tuple(dict.fromkeys(names))


def _by_database(result: SchemaResult, default: str) -> list[tuple[str, SchemaResult]]:
    """Split a file that switches databases with `\\connect` (pg_dumpall output): each database gets the
    tables created after its line; tables before any `\\connect` belong to ``default``."""
    names = sorted({table.database or default for table in result.catalog.tables})
    if len(names) <= 1:
        return [(names[0] if names else default, result)]
    return [(name, replace(result, catalog=replace(result.catalog, tables=tuple(
        table for table in result.catalog.tables if (table.database or default) == name)))) for name in names]


def _count(project: Project, result: SchemaResult, owner: str, files: int) -> None:
    """Count the files and turn the reader's problems into findings, once per read."""
    project.files += files
    project.sql_directives.extend(result.directives)
    for problem in result.problems:
        kind = ProblemKind.NOT_ANALYSED if problem.code == "ZE905" else ProblemKind.UNREADABLE
        project.problems.append(Problem(kind, problem.message, problem.fix or _FIXES.get(problem.code, "Fix the statement."),
                                        problem.location, problem.statement or (problem.location.path or owner)))


def _attach(project: Project, database: str, result: SchemaResult, paths: tuple[str, ...], migrations: bool) -> None:
    if database in project.schemas:
        previous = project.schemas[database]
        project.problems.append(Problem(
            ProblemKind.UNRESOLVED,
            f"database {database} is described by both {', '.join(previous.paths)} and {', '.join(paths)}; "
            "only the first was checked", "Give each database one schema input (a file or a migrations directory).",
            Location(paths[0]), database))
        return
    project.schemas[database] = SchemaInput(database, result, paths, migrations)


_FIXES = {
    "ZE901": "Fix the statement; the rest of the file was still read.",
    "ZE905": "Check this statement by hand, or rewrite it in a form the schema reader understands.",
}


def replicated_tables(project: Project, schema: SchemaInput) -> list[Replicated]:
    """The tables of a database that the run's filters replicate, decided once per run.

    With filters (from integrations, --filter or .filter files), a table replicates when any of
    them replicates it; with no filter and no integration, every table of a given schema counts
    (cli.md). An integration whose filter cannot be read (computed, or on a MySQL source) selects
    nothing here: its tables are unknown, and guessing "all" would report tables it may exclude.
    """
    found = analysis(project).replicated
    if schema.database not in found:
        found[schema.database] = _replicated(project, schema)
    return found[schema.database]


def _replicated(project: Project, schema: SchemaInput) -> list[Replicated]:
    from zeroetl_lint.model.data_filter.evaluate import evaluate

    sites = postgres_sites(project)
    tables = schema.result.catalog.tables
    if not sites:
        if project.filters or project.deployment.integrations:
            return []
        return [Replicated(table, None, None) for table in tables]
    # A PostgreSQL integration without a filter replicates nothing (ZE506), so only filters with text count.
    judged = [(site, parsed) for site in sites if (parsed := site.parsed) is not None]
    # Thousands of tables share a few deciding clauses; locating a clause in a template is not cheap.
    notes: dict[tuple[int, int | None], tuple[Related, ...]] = {}
    out = []
    for table in tables:
        name = (schema.database, table.schema, table.name)
        for number, (site, parsed_filter) in enumerate(judged):
            decision = evaluate(parsed_filter, name, "postgresql")
            if decision.replicated:
                key = (number, decision.clause_index)
                if key not in notes:
                    notes[key] = _clause_note(site, parsed_filter, decision.clause_index)
                out.append(Replicated(table, site, decision.clause_index, notes[key]))
                break
    return out


def _clause_note(site: FilterSite, parsed_filter: ParsedFilter, index: int | None) -> tuple[Related, ...]:
    """A note pointing at the filter clause that makes a table replicate."""
    clause = next((c for c in parsed_filter.clauses if c.index == index), None)
    if clause is None:
        return ()
    written = parsed_filter.text[clause.start:clause.end].strip()
    return (Related(site.location_at(clause.start, clause.end), f"replicated by clause {clause.index} `{written}`"),)
