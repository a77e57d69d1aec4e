"""Read the run's schema SQL and live databases into the Project's schema inputs, one per source database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from zeroetl_lint.artifacts.files.root import Root
from zeroetl_lint.artifacts.postgres.url import is_database_url
from zeroetl_lint.errors import UsageError
from zeroetl_lint.findings import Location
from zeroetl_lint.model.problems import Problem, ProblemKind

if TYPE_CHECKING:
    from zeroetl_lint.artifacts.postgres.limits import Limits
    from zeroetl_lint.artifacts.sql.schema import SchemaResult
    from zeroetl_lint.model.project import Project
    from zeroetl_lint.model.schemas import SchemaAnalysis, SchemaInput
    from zeroetl_lint.rulebook import Rulebook


def load_schemas(project: Project, explicit: Mapping[str, tuple[str, ...]], walked: list[Path], root: Root,
                 limits: Limits | None = None) -> None:
    """Read every SQL input and live database into project.schemas, reporting what cannot be attributed.

    Relative paths in ``explicit`` are below root; every file is named as root shows it.
    """
    if not explicit and not walked:
        return
    from zeroetl_lint.artifacts.sql.schema import connect_hint, migration_files, read_schema
    from zeroetl_lint.model.named_databases import named_databases, postgres_sites

    named = named_databases(postgres_sites(project.filters))
    for database, raw_paths in explicit.items():
        if any(is_database_url(path) for path in raw_paths):
            _load_live(project, database, raw_paths, limits)
            continue
        files: list[Path] = []
        migrations = False
        for path in map(root.path, raw_paths):
            if path.is_dir():
                files.extend(migration_files(path))
                migrations = True
            else:
                files.append(path)
        project.inputs.extend(str(f) for f in files)
        # Every file is named as root shows it, so that findings and suppressions name the file alike.
        result = read_schema(files, database, root.shown)
        _count(project, result, database, len(files))
        _attach(project, _schema_input(database, result, tuple(root.shown(f) for f in files), migrations))
    given = {root.path(path).resolve() for paths in explicit.values() for path in paths if not is_database_url(path)}
    groups: dict[str, list[tuple[str, Path]]] = {}
    for path in walked:
        resolved = path.resolve()
        if resolved in given or not given.isdisjoint(resolved.parents):
            continue  # already read as the schema of the database --schema names
        shown = root.shown(path)
        database = connect_hint(path) or (named[0] if len(named) == 1 else None)
        if database is not None:
            # Several files of one database (tables.sql, views.sql, ...) form one schema, read in order.
            groups.setdefault(database, []).append((shown, path))
            continue
        _count(project, read_schema([path], None, root.shown), shown, 1)  # its parse problems still count
        reason = "the filters name several databases" if named else "no filter names a database"
        project.problems.append(Problem(
            ProblemKind.UNRESOLVED,
            message=f"{shown} is SQL, but which source database it describes is unknown ({reason}); "
            "its tables were not checked",
            fix=f"Say which database it is: --schema DB={shown}, a `\\connect DB` line, or "
            "[tool.zeroetl-lint.schemas] in pyproject.toml.",
            location=Location(shown), object=shown))
    for database, members in groups.items():
        members.sort()  # in the order of the names shown
        result = read_schema([path for _, path in members], None, root.shown)
        _count(project, result, database, len(members))
        for name, part in _by_database(result, database):
            _attach(project, _schema_input(name, part, tuple(shown for shown, _ in members), False))


def _load_live(project: Project, database: str, sources: tuple[str, ...], limits: Limits | None) -> None:
    """Read a live database's catalog (--schema DB=postgresql://...): one URL, and nothing else, per database."""
    from zeroetl_lint.artifacts.postgres.limits import Limits
    from zeroetl_lint.artifacts.postgres.reader import read_database
    from zeroetl_lint.artifacts.postgres.url import public_url
    from zeroetl_lint.model.schemas import SchemaInput

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
    _attach(project, SchemaInput(database, live.catalog, (location.path or url,), False))


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
        project.problems.append(Problem(problem.kind, problem.message, problem.fix or _FIXES[problem.kind],
                                        problem.location, problem.statement or (problem.location.path or owner)))


def _schema_input(database: str, result: SchemaResult, paths: tuple[str, ...], migrations: bool) -> SchemaInput:
    from zeroetl_lint.model.schemas import SchemaInput

    return SchemaInput(database, result.catalog, paths, migrations, result.resync_events, result.unread)


def _attach(project: Project, schema: SchemaInput) -> None:
    """Give the database its schema input; a second input for one database is reported, not read."""
    database, paths = schema.database, schema.paths
    if database in project.schemas:
        previous = project.schemas[database]
        project.problems.append(Problem(
            ProblemKind.UNRESOLVED,
            f"database {database} is described by both {', '.join(previous.paths)} and {', '.join(paths)}; "
            "only the first was checked", "Give each database one schema input (a file or a migrations directory).",
            Location(paths[0]), database))
        return
    project.schemas[database] = schema


_FIXES = {
    ProblemKind.UNREADABLE: "Fix the statement; the rest of the file was still read.",
    ProblemKind.NOT_ANALYSED: "Check this statement by hand, or rewrite it in a form the schema reader understands.",
}


def schema_analysis(project: Project) -> SchemaAnalysis | None:
    """What the schema rules share, over the run's schema inputs and filters (None without a schema input)."""
    if not project.schemas:
        return None
    from zeroetl_lint.model.schemas import SchemaAnalysis

    return SchemaAnalysis(tuple(project.schemas.values()), tuple(project.filters),
                          bool(project.deployment.integrations), project.rulebook.pg_types)
