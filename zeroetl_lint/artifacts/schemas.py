"""Attach SQL schema inputs to their source databases and decide which of their tables replicate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from zeroetl_lint.artifacts.inputs import display_path
from zeroetl_lint.findings import Location, Violation

if TYPE_CHECKING:
    from zeroetl_lint.artifacts.catalog import Table
    from zeroetl_lint.artifacts.ddl import SchemaResult
    from zeroetl_lint.project import FilterSite, Project


@dataclass(frozen=True, slots=True)
class SchemaInput:
    """The schema of one source database, read from a SQL file, several, or ordered migrations."""

    database: str
    result: SchemaResult
    paths: tuple[str, ...]
    migrations: bool  # a directory of ordered migrations (ZE611 applies only then)


@dataclass(frozen=True, slots=True)
class Replicated:
    """A table the run's filters replicate, and the filter clause that decided (None: no filter applies)."""

    table: Table
    site: FilterSite | None
    clause: int | None


def load_schemas(project: Project, explicit: dict[str, tuple[str, ...]], walked: list[Path]) -> None:
    """Read every SQL input into project.schemas, reporting what cannot be attributed to a database."""
    if not explicit and not walked:
        return
    from zeroetl_lint.artifacts.data_filter_checks import included_databases
    from zeroetl_lint.artifacts.ddl import migration_files, read_schema
    from zeroetl_lint.checks._filters import parsed

    named = sorted({db for site in project.filters if site.text for db in included_databases(parsed(site.text))})
    for database, raw_paths in explicit.items():
        files: list[Path] = []
        migrations = False
        for path in map(Path, raw_paths):
            if path.is_dir():
                files.extend(migration_files(path))
                migrations = True
            else:
                files.append(path)
        _add(project, database, files, migrations)
    given = {Path(path).resolve() for paths in explicit.values() for path in paths}
    for path in walked:
        if path.resolve() in given or any(parent in given for parent in path.resolve().parents):
            continue  # already read as the schema of the database --schema names
        result = read_schema([path], None)
        database = result.database_hint or (named[0] if len(named) == 1 else None)
        if database is None:
            shown = display_path(path)
            reason = ("the filters name several databases" if named else "no filter names a database")
            project.unresolved.append(Violation(
                message=f"{shown} is SQL, but which source database it describes is unknown ({reason}); "
                "its tables were not checked",
                fix=f"Say which database it is: --schema DB={shown}, a `\\connect DB` line, or "
                "[tool.zeroetl-lint.schemas] in pyproject.toml.",
                location=Location(shown), object=shown))
            continue
        _record(project, database, result, (display_path(path),), False)


def _add(project: Project, database: str, files: list[Path], migrations: bool) -> None:
    from zeroetl_lint.artifacts.ddl import read_schema

    _record(project, database, read_schema(files, database), tuple(display_path(f) for f in files), migrations)


def _record(project: Project, database: str, result: SchemaResult, paths: tuple[str, ...], migrations: bool) -> None:
    project.files += len(paths)
    for problem in result.problems:
        violation = Violation(problem.message, _FIXES.get(problem.code, "Fix the statement."), problem.location,
                              problem.statement or (problem.location.path or database))
        (project.not_analysed if problem.code == "ZE905" else project.parse_problems).append(violation)
    if database in project.schemas:
        previous = project.schemas[database]
        project.unresolved.append(Violation(
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
    """The tables of a database that the run's filters replicate.

    With filters (from integrations, --filter or .filter files), a table replicates when any of
    them replicates it; with none, every table of a given schema counts (cli.md).
    """
    from zeroetl_lint.artifacts.data_filter_eval import evaluate
    from zeroetl_lint.checks._filters import parsed

    sites = [site for site in project.filters if site.engine in ("postgresql", None)]
    tables = schema.result.catalog.tables
    if not sites:
        return [Replicated(table, None, None) for table in tables]
    out = []
    for table in tables:
        for site in sites:
            if site.text is None:
                continue  # a PostgreSQL integration without a filter replicates nothing (ZE506)
            decision = evaluate(parsed(site.text), (schema.database, table.schema, table.name), "postgresql")
            if decision.replicated:
                out.append(Replicated(table, site, decision.clause_index))
                break
    return out
