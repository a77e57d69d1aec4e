"""Effective settings: merge the config file under the command line, show the result, and make LintOptions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zeroetl_lint.artifacts.files.root import Root
from zeroetl_lint.artifacts.postgres.limits import Limits
from zeroetl_lint.artifacts.postgres.url import is_database_url, public_url
from zeroetl_lint.config import ConfigFile, shown
from zeroetl_lint.findings import Severity


@dataclass(frozen=True)
class Settings:
    """The effective settings of a run: the command line over the config file over the defaults."""

    config: ConfigFile | None = None
    paths: tuple[str, ...] = ()
    # Files named on the command line when config paths give the context (pre-commit): only
    # their findings are reported.
    report_only: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    fail_on: str = "error"
    exit_zero: bool = False
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    per_object_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    schemas: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    baseline: str | None = None
    formats: tuple[str, ...] = ("text",)
    output_file: str | None = None
    # Seconds a live database read may take (--schema DB=postgresql://...).
    connect_timeout: float = 5.0
    statement_timeout: float = 10.0
    sources: tuple[str, ...] = ()  # intended zero-ETL sources and targets the config names
    targets: tuple[str, ...] = ()
    cache: bool = True  # the Terraform parse cache in the user cache directory (--no-cache, `cache = false`)
    # Where each setting came from: "--select", "pyproject.toml [tool.zeroetl-lint]", "default".
    origins: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _NoConfig:
    """What merge reads when there is no config file: every key unset."""

    paths: list[str] | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    severity: Mapping[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    exit_zero: bool | None = None
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: Mapping[str, list[str]] = field(default_factory=dict)
    per_object_ignores: Mapping[str, list[str]] = field(default_factory=dict)
    schemas: Mapping[str, list[str]] = field(default_factory=dict)
    baseline: str | None = None
    format: list[str] | None = None
    output_file: str | None = None
    connect_timeout: float | None = None
    statement_timeout: float | None = None
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    cache: bool | None = None


_NO_CONFIG = _NoConfig()


@dataclass(frozen=True)
class LintOptions:
    """What to lint and how; the CLI and the config file both end up here."""

    paths: tuple[str, ...] = (".",)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severities: dict[str, Severity] = field(default_factory=dict)  # per-rule overrides
    filter: str | None = None
    schemas: dict[str, tuple[str, ...]] = field(default_factory=dict)  # database -> SQL paths
    exclude: tuple[str, ...] = ()
    debug: bool = False
    # Where settings came from, for ZE904 findings about unknown codes in them.
    settings_origin: str = "--select/--ignore"
    # Per setting ("select", "ignore", "severity", "per-file-ignores"): "--select" or the config file.
    origins: Mapping[str, str] = field(default_factory=dict)
    # (glob, selectors): findings in matching files are dropped; globs are relative to per_file_root.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    per_file_root: str = "."
    # (glob, selectors): findings whose object matches (fnmatch, case-sensitive) are dropped, e.g.
    # ("shop.public.audit_*", ("ZE601",)); the way to ignore findings of a live database, which has no file.
    per_object_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # When set, only findings in (or related to) these files and directories are reported: the
    # other paths are context, e.g. the configured project around the files pre-commit passes.
    report_only: tuple[str, ...] = ()
    baseline: str | None = None  # report only findings that this baseline file does not list
    # Absolute path -> text read instead of that file (an editor's unsaved buffers, for `zeroetl-lint server`).
    overlay: Mapping[str, str] = field(default_factory=dict)
    var_files: tuple[str, ...] = ()  # Terraform variable files (--var-file), applied after tfvars
    # Bounds of a live database read (--schema DB=postgresql://...): connect and statement timeouts.
    database_limits: Limits = Limits()
    # Resources meant as zero-ETL sources and targets although no integration among the inputs
    # names them (config `sources`, `targets`): logical ids, CDK construct paths or identifiers.
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    # The directory the relative paths of these options (and of the findings) mean; None: the
    # current directory. A language server linting several folders gives each its own.
    root: str | None = None
    # Read and write parsed Terraform files and the HCL parser in the user cache directory; False
    # (--no-cache) reads and writes nothing there.
    parse_cache: bool = True


def repository_of(paths: Sequence[str], root: Root) -> Path | None:
    """The one git work tree (a folder holding `.git`) that every named file (relative ones below root)
    lies in, or None.

    Only named files qualify (pre-commit's way of calling): a named directory is its own scope.
    """
    work_trees = set()
    for entry in paths:
        path = root.path(entry)
        if not path.is_file():
            return None
        folder = path.resolve().parent
        work_tree = next((d for d in (folder, *folder.parents) if (d / ".git").exists()), None)
        if work_tree is None:
            return None
        work_trees.add(work_tree)
    return work_trees.pop() if len(work_trees) == 1 else None


def merge(cli: Mapping[str, Any], config: ConfigFile | None, root: Root) -> Settings:
    """Settings from command-line values (None when not given) over the config file's values, for a run
    whose relative paths are below root.

    Every option given on the command line replaces the config value as a whole, except
    `--schema`, which replaces only the databases it names.
    """
    values: Any = config.values if config is not None else _NO_CONFIG
    origins: dict[str, str] = {}

    def pick(name: str, given: Any, configured: Any, default: Any) -> Any:
        if given is not None:
            origins[name] = f"--{name}"
            return given
        if configured is not None and configured != [] and configured != {}:
            origins[name] = config.label if config is not None else "default"
            return configured
        origins[name] = "default"
        return default

    resolve = config.resolve if config is not None else (lambda value: value)
    configured_paths = [resolve(p) for p in values.paths] if values.paths is not None else None
    cli_paths = cli.get("paths")
    paths: tuple[str, ...]
    report_only: tuple[str, ...] = ()
    if cli_paths:
        paths = tuple(cli_paths)
        origins["paths"] = "command line"
        if configured_paths:
            # Files named on the command line (as pre-commit does) are linted in the context of
            # the configured project, so a changed SQL file meets the templates that replicate it.
            report_only = paths
            paths = (*configured_paths, *paths)
            origins["paths"] = f"command line, in the context of {config.label if config else ''} paths"
        elif not cli.get("isolated") and (repository := repository_of(paths, root)) is not None:
            # Without configured paths, the rest of the deployment is the rest of the repository:
            # a commit that changes only the source stack is still checked against the others.
            report_only = paths
            paths = (str(repository), *paths)
            origins["paths"] = f"command line, in the context of the git repository {shown(repository, root)}"
    elif cli.get("schema_or_filter"):
        paths, origins["paths"] = (), "none (--schema/--filter without paths)"
    else:
        paths = tuple(pick("paths", None, configured_paths, ["."]))

    # A database URL is not a path: it stays as written, whatever directory the config file is in.
    schemas = {database: tuple(p if is_database_url(p) else resolve(p) for p in ps)
               for database, ps in values.schemas.items()}
    schemas.update(cli.get("schema") or {})
    per_file = tuple((pattern, tuple(codes)) for pattern, codes in values.per_file_ignores.items())
    per_object = tuple((pattern, tuple(codes)) for pattern, codes in values.per_object_ignores.items())
    formats = pick("format", cli.get("format"), values.format, ["text"])
    output_file = pick("output-file", cli.get("output_file"),
                       resolve(values.output_file) if values.output_file else None, None)
    baseline = pick("baseline", cli.get("baseline"), resolve(values.baseline) if values.baseline else None, None)
    cache = pick("cache", False if cli.get("no_cache") else None, values.cache, True)
    if cli.get("no_cache"):
        origins["cache"] = "--no-cache"
    if config is not None:
        for name in ("severity", "per-file-ignores", "per-object-ignores", "schemas", "exclude", "sources", "targets"):
            origins[name] = config.label
    return Settings(
        config=config,
        paths=paths,
        report_only=report_only,
        select=tuple(pick("select", cli.get("select"), values.select, [])),
        ignore=tuple(pick("ignore", cli.get("ignore"), values.ignore, [])),
        severity={**values.severity, **(cli.get("severity") or {})},
        fail_on=pick("fail-on", cli.get("fail_on"), values.fail_on, "error"),
        exit_zero=bool(pick("exit-zero", cli.get("exit_zero"), values.exit_zero, False)),
        exclude=tuple(values.exclude),
        per_file_ignores=per_file,
        per_object_ignores=per_object,
        schemas=schemas,
        baseline=baseline,
        formats=tuple(formats),
        output_file=output_file,
        connect_timeout=pick("connect-timeout", cli.get("connect_timeout"), values.connect_timeout, 5.0),
        statement_timeout=pick("statement-timeout", cli.get("statement_timeout"), values.statement_timeout, 10.0),
        sources=tuple(values.sources),
        targets=tuple(values.targets),
        cache=bool(cache),
        origins=origins,
    )


def lint_options(settings: Settings, *, filter_expression: str | None = None, debug: bool = False,
                 use_baseline: bool = True, var_files: tuple[str, ...] = ()) -> LintOptions:
    """The engine's options for these settings: what `check` runs, and what the language server runs per folder."""
    return LintOptions(
        paths=settings.paths,
        select=settings.select,
        ignore=settings.ignore,
        severities={code: Severity(value) for code, value in settings.severity.items()},
        filter=filter_expression,
        schemas=dict(settings.schemas),
        exclude=settings.exclude,
        debug=debug,
        origins=settings.origins,
        per_file_ignores=settings.per_file_ignores,
        per_object_ignores=settings.per_object_ignores,
        per_file_root=str(settings.config.path.parent) if settings.config is not None else ".",
        report_only=settings.report_only,
        baseline=settings.baseline if use_baseline else None,
        var_files=var_files,
        database_limits=Limits(settings.connect_timeout, settings.statement_timeout),
        sources=settings.sources,
        targets=settings.targets,
        parse_cache=settings.cache,
    )


def show(settings: Settings) -> str:
    """The effective settings as TOML-like lines, each with where it came from."""
    import json

    lines = [f"# config file: {settings.config.label if settings.config else 'none'}"]
    rows: list[tuple[str, Any]] = [
        ("paths", list(settings.paths)),
        ("report-only", list(settings.report_only)),
        ("select", list(settings.select)),
        ("ignore", list(settings.ignore)),
        ("severity", dict(settings.severity)),
        ("fail-on", settings.fail_on),
        ("exit-zero", settings.exit_zero),
        ("exclude", list(settings.exclude)),
        ("per-file-ignores", {pattern: list(codes) for pattern, codes in settings.per_file_ignores}),
        ("per-object-ignores", {pattern: list(codes) for pattern, codes in settings.per_object_ignores}),
        ("schemas", {database: [public_url(p, keep_user=True) if is_database_url(p) else p for p in paths]
                     for database, paths in settings.schemas.items()}),
        ("baseline", settings.baseline),
        ("format", list(settings.formats)),
        ("output-file", settings.output_file),
        ("connect-timeout", settings.connect_timeout),
        ("statement-timeout", settings.statement_timeout),
        ("sources", list(settings.sources)),
        ("targets", list(settings.targets)),
        ("cache", settings.cache),
    ]
    for name, value in rows:
        origin = settings.origins.get(name, "default")
        lines.append(f"{name} = {json.dumps(value)}  # {origin}")
    return "\n".join(lines) + "\n"
