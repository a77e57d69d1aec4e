"""The zeroetl-lint command line; the only module that imports Typer or writes to the terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

from zeroetl_lint import __version__
from zeroetl_lint.errors import UsageError

from zeroetl_lint.findings import Report, Severity

if TYPE_CHECKING:
    from collections.abc import Sequence

    import typer

    from zeroetl_lint.artifacts.files.root import Root
    from zeroetl_lint.artifacts.postgres.limits import Limits
    from zeroetl_lint.config import ConfigFile
    from zeroetl_lint.destinations import Named
    from zeroetl_lint.settings import Settings
    from zeroetl_lint.engine import LintOptions
    from zeroetl_lint.fixes.session import Outcome
    from zeroetl_lint.reporters import OutputFormat

# The Typer app is built on first use (`cli.app`, or any argv the plain `check` parser below
# does not take): importing Typer costs more than linting a few templates, because Typer
# coerces every parameter through pydantic.
_APP: typer.Typer | None = None

FAIL_ON = ("error", "warning", "info", "never")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zeroetl-lint {__version__}")
        raise typer.Exit(0)


def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Lint AWS zero-ETL integrations (Aurora/RDS to Amazon Redshift) before they are deployed."""


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(part.strip() for value in values or () for part in value.split(",") if part.strip())


def _schemas(values: list[str] | None) -> dict[str, tuple[str, ...]]:
    schemas: dict[str, list[str]] = {}
    for value in values or ():
        database, separator, path = value.partition("=")
        if not separator or not database or not path:
            raise UsageError(f"--schema takes DB=PATH, got {value!r}")
        schemas.setdefault(database, []).append(path)
    return {database: tuple(paths) for database, paths in schemas.items()}


def _seconds(option: str, value: float | None) -> float | None:
    if value is not None and not 0 < value <= 3600:
        raise UsageError(f"{option} takes seconds between 0 and 3600, got {value:g}")
    return value


def _fail_on(value: str) -> Severity | None:
    if value not in FAIL_ON:
        raise UsageError(f"--fail-on takes one of {', '.join(FAIL_ON)}, got {value!r}")
    return None if value == "never" else Severity(value)


def _emit(text: str, output_file: Path | None) -> None:
    if output_file is None:
        _write_stdout(text)
        return
    from zeroetl_lint.destinations import write_whole

    try:
        write_whole(output_file, text)
    except OSError as error:
        raise UsageError(f"cannot write {output_file}: {error.strerror}") from None


def _write_stdout(text: str) -> None:
    """Write to standard output now, so a closed pipe or a full disk is a one-line error, not a traceback."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as error:
        _silence_stdout()
        reason = "it was closed (broken pipe)" if isinstance(error, BrokenPipeError) else error.strerror
        raise UsageError(f"cannot write to standard output: {reason}") from None


def _silence_stdout() -> None:
    # The interpreter flushes stdout once more at exit; pointing it at /dev/null keeps that quiet.
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _fail(message: str) -> typer.Exit:
    typer.echo(f"zeroetl-lint: error: {message}", err=True)
    return typer.Exit(2)


def check(
    paths: Annotated[Optional[list[str]], typer.Argument(metavar="PATH", help="Files or directories (default: config paths, or .).")] = None,
    output_format: Annotated[Optional[list[str]], typer.Option(
        "--format", metavar="FORMAT[:FILE]", help="text, full (text with code frames), json, sarif, github or junit; FORMAT:FILE writes that format to FILE "
                         "(- is standard output). Repeat for several outputs.")] = None,
    output_file: Annotated[Optional[str], typer.Option(
        "--output-file", metavar="FILE", help="Where formats without their own :FILE go (default: standard output).")] = None,
    select: Annotated[Optional[list[str]], typer.Option(metavar="CODES", help="Codes, prefixes (ZE2) or names, comma-separated.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(metavar="CODES", help="Codes, prefixes or names to skip.")] = None,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", metavar="SEVERITY", help="error (default), warning, info or never.")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 unless the linter itself failed.")] = False,
    filter_expression: Annotated[
        Optional[str], typer.Option("--filter", metavar="EXPRESSION", help="Lint this DataFilter as a PostgreSQL-source filter.")
    ] = None,
    schema: Annotated[Optional[list[str]], typer.Option(
        "--schema", metavar="DB=PATH", help="DB=PATH: SQL schema of a source database, or DB=postgresql://... to read a live one.")] = None,
    connect_timeout: Annotated[Optional[float], typer.Option(
        "--connect-timeout", metavar="SECONDS", help="Seconds to wait for a live database to answer (default 5).")] = None,
    statement_timeout: Annotated[Optional[float], typer.Option(
        "--statement-timeout", metavar="SECONDS", help="Seconds each catalog query of a live database may take (default 10).")] = None,
    baseline: Annotated[Optional[str], typer.Option("--baseline", metavar="FILE", help="Report only findings this baseline lacks.")] = None,
    var_file: Annotated[Optional[list[str]], typer.Option(
        "--var-file", metavar="FILE", help="Terraform variable values (a .tfvars file), applied after terraform.tfvars. Repeatable.")] = None,
    write_baseline: Annotated[Optional[str], typer.Option(
        "--write-baseline", metavar="FILE", help="Write every current finding to this baseline file and exit 0.")] = None,
    config: Annotated[Optional[Path], typer.Option(
        "--config", metavar="FILE", help="Use this config file instead of searching for one.")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore every config file.")] = False,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Neither read nor write the Terraform parse cache in the user cache directory.")] = False,
    show_settings: Annotated[bool, typer.Option("--show-settings", help="Print the effective settings and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes in place, then report what is left.")] = False,
    unsafe_fixes: Annotated[bool, typer.Option(
        "--unsafe-fixes", help="Count unsafe fixes as applicable too (with --fix or --diff, apply them).")] = False,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Print the unified diff --fix would apply and write nothing; exit 1 when there is one.")] = False,
    add_suppressions: Annotated[Optional[str], typer.Option(
        "--add-suppressions", metavar="REASON", help="Write a suppression with this reason for every current finding.")] = None,
) -> None:
    """Lint CloudFormation templates, CDK assemblies, data filters and schema SQL together."""
    raise typer.Exit(run_check(
        paths=paths, output_format=output_format, output_file=output_file, select=select, ignore=ignore,
        fail_on=fail_on, exit_zero=exit_zero, filter_expression=filter_expression, schema=schema,
        connect_timeout=connect_timeout, statement_timeout=statement_timeout, baseline=baseline, write_baseline=write_baseline, config=config, isolated=isolated,
        no_cache=no_cache,
        show_settings=show_settings, debug=debug, var_file=var_file, fix=fix, unsafe_fixes=unsafe_fixes, diff=diff,
        add_suppressions=add_suppressions,
    ))


def run_check(*, paths: list[str] | None, output_format: list[str] | None, output_file: str | None,
              select: list[str] | None, ignore: list[str] | None, fail_on: str | None, exit_zero: bool,
              filter_expression: str | None, schema: list[str] | None,
              connect_timeout: float | None = None, statement_timeout: float | None = None,
              baseline: str | None,
              write_baseline: str | None, config: Path | None, isolated: bool, show_settings: bool,
              debug: bool, var_file: list[str] | None = None, fix: bool = False, unsafe_fixes: bool = False,
              diff: bool = False, add_suppressions: str | None = None, no_cache: bool = False) -> int:
    """The `check` command on parsed options; returns the exit status (usage errors: message, 2)."""
    from dataclasses import replace

    from zeroetl_lint.artifacts.files.root import Root
    from zeroetl_lint.settings import merge, show
    from zeroetl_lint.engine import lint_project

    try:
        given = {
            "paths": paths, "format": output_format, "output_file": output_file,
            "select": list(_split(select)) if select else None, "ignore": list(_split(ignore)) if ignore else None,
            "fail_on": fail_on, "exit_zero": True if exit_zero else None, "schema": _schemas(schema),
            "baseline": baseline, "schema_or_filter": filter_expression is not None or bool(schema),
            "isolated": isolated, "no_cache": no_cache,
            "connect_timeout": _seconds("--connect-timeout", connect_timeout),
            "statement_timeout": _seconds("--statement-timeout", statement_timeout),
        }
        # The command line's relative paths mean paths below the process's directory.
        here = Root.of(None)
        settings = merge(given, _config_file(config, isolated, paths, here), here)
        if show_settings:
            _write_stdout(show(settings))
            return 0
        outputs = _outputs(settings.formats, settings.output_file)
        threshold = _fail_on(settings.fail_on)
        options = _lint_options(settings, filter_expression, debug, write_baseline, var_file)
        written = _written(outputs, write_baseline)
        _check_destinations(written, settings, (), here)  # before reading anything
        if fix or diff or add_suppressions is not None:
            from zeroetl_lint.fixes.session import run
            from zeroetl_lint.rulebook import load_rulebook

            if add_suppressions is not None and not add_suppressions.strip():
                raise UsageError("--add-suppressions takes a reason, e.g. --add-suppressions \"accepted: see TICKET-1\"")
            # --fix rewrites inputs in place, so no report may be written over one: every walked file counts.
            _check_destinations(written, settings, _walked(options), here)
            rulebook = load_rulebook()  # read once for every round of the fix loop
            outcome = run(lambda overlay: lint_project(replace(options, overlay=overlay), rulebook),
                          root=Root.of(options.root), unsafe=unsafe_fixes, write=not diff, fix=fix or add_suppressions is None,
                          suppress=add_suppressions.strip() if add_suppressions is not None else None)
            report = outcome.report
            if diff:
                return _show_diff(outcome)
        else:
            report, project = lint_project(options)
            for warning in project.warnings:
                sys.stderr.write(f"zeroetl-lint: warning: {warning}\n")
            _check_destinations(written, settings, project.inputs, here)  # and every file the walk found
            if unsafe_fixes:
                report = replace(report, unsafe_fixes=True)
        if settings.config is not None:
            report = replace(report, config=settings.config.label)
        if write_baseline is not None:
            report = _write_baseline(report, write_baseline, here)
        for chosen_format, destination in outputs:
            _emit(_render(chosen_format, report, to_stdout=destination is None), destination)
    except UsageError as error:
        sys.stderr.write(f"zeroetl-lint: error: {error}\n")
        return 2
    if report.internal_error:
        return 2
    return 0 if settings.exit_zero or not report.fails(threshold) else 1


def _show_diff(outcome: Outcome) -> int:
    """Print the diff on standard output and a one-line summary on standard error; 1 when there is a diff."""
    from zeroetl_lint.fixes.unified_diff import render

    text = render((change.path, change.before, change.after) for change in outcome.changes)
    _write_stdout(text)
    report = outcome.report
    for note in report.fix_notes:
        sys.stderr.write(f"note: {note}\n")
    hidden = report.fixable_counts()[1]
    more = f"; {hidden} more with --unsafe-fixes" if hidden else ""
    files = f"{len(outcome.changes)} file{'s' if len(outcome.changes) != 1 else ''}"
    if report.fixed or not report.suppressions_added:
        sys.stderr.write(f"Would fix {report.fixed} finding{'s' if report.fixed != 1 else ''} in {files}{more}.\n")
    if report.suppressions_added:
        sys.stderr.write(f"Would suppress {report.suppressions_added} finding"
                         f"{'s' if report.suppressions_added != 1 else ''} in {files}.\n")
    return 1 if text else 0


def _written(outputs: list[tuple[OutputFormat, Path | None]], write_baseline: str | None) -> list[Named]:
    from zeroetl_lint.destinations import Named

    written = [Named(f"--format {chosen.value}:{destination}", str(destination))
               for chosen, destination in outputs if destination is not None]
    if write_baseline is not None:
        written.append(Named(f"--write-baseline {write_baseline}", write_baseline))
    return written


def _check_destinations(written: list[Named], settings: Settings, inputs: Sequence[str], root: Root) -> None:
    """No report or baseline may be written over an input of the run or over another output; inputs
    are named as shown below root."""
    from zeroetl_lint.destinations import Named, check_destinations
    from zeroetl_lint.config import shown

    if not written:
        return
    read: list[Named] = [Named(f"the input {path}", path) for path in settings.paths if Path(path).is_file()]
    read.extend(Named(f"the schema file {path}", path)
                for paths in settings.schemas.values() for path in paths if Path(path).is_file())
    if settings.baseline is not None:
        read.append(Named(f"the baseline {settings.baseline}", settings.baseline))
    if settings.config is not None:
        read.append(Named(f"the config file {settings.config.label}", str(settings.config.path)))
    read.extend(Named(f"the input {shown(Path(path), root)}", path) for path in inputs)
    check_destinations(written, read)


def _walked(options: LintOptions) -> list[str]:
    """Every file a walk of the run's paths finds (whether or not it turns out to be an input)."""
    from zeroetl_lint.artifacts.files.discover import collect
    from zeroetl_lint.artifacts.files.root import Root

    files = collect(options.paths, Root.of(options.root), options.exclude) if options.paths else None
    if files is None:
        return []
    return [str(path) for path in (*(t.path for t in files.templates), *files.sql, *files.filters,
                                   *files.terraform, *files.var_files, *files.manifests)]


def _config_file(path: Path | None, isolated: bool, paths: list[str] | None, root: Root) -> ConfigFile | None:
    """--config FILE, else the nearest config file above the given paths (or the current directory);
    none with --isolated. A config file applies only to inputs below its directory, so a run on an
    unrelated directory does not pick up the project around the current directory."""
    from zeroetl_lint.config import find_config, load_config, start_directory

    if isolated:
        if path is not None:
            raise UsageError("--config and --isolated exclude each other")
        return None
    if path is not None:
        if not path.is_file():
            raise UsageError(f"config file does not exist: {path}")
        found: Path | None = path
    else:
        found = find_config(start_directory(paths or (), root))
    # pydantic models are only built when there is a config file to validate (load_config imports them).
    return None if found is None else load_config(found, root)


def _lint_options(settings: Settings, filter_expression: str | None, debug: bool,
                  write_baseline: str | None, var_files: list[str] | None = None) -> LintOptions:
    from zeroetl_lint.settings import lint_options

    # A baseline is written from every finding, so an old one must not hide any.
    return lint_options(settings, filter_expression=filter_expression, debug=debug,
                        use_baseline=write_baseline is None, var_files=tuple(var_files or ()))


def _outputs(specs: tuple[str, ...], output_file: str | None) -> list[tuple[OutputFormat, Path | None]]:
    """Parse FORMAT or FORMAT:FILE values; None as the destination means standard output."""
    from zeroetl_lint.reporters import OutputFormat

    outputs: list[tuple[OutputFormat, Path | None]] = []
    for spec in specs:
        name, separator, destination = spec.partition(":")
        try:
            chosen = OutputFormat(name)
        except ValueError:
            raise UsageError(f"--format takes one of {', '.join(f.value for f in OutputFormat)} "
                             f"(optionally :FILE), got {spec!r}") from None
        target = destination if separator else output_file
        if separator and not destination:
            raise UsageError(f"--format {spec!r}: give a file after the colon, or - for standard output")
        outputs.append((chosen, None if target in (None, "-") else Path(target)))
    destinations = [str(destination) for _, destination in outputs]
    if destinations.count("None") > 1:
        raise UsageError("only one --format can write to standard output; give the others a file (--format sarif:FILE)")
    if len(set(destinations)) != len(destinations):
        raise UsageError("two --format values write to the same file")
    return outputs


def _render(chosen: OutputFormat, report: Report, *, to_stdout: bool) -> str:
    import os

    from zeroetl_lint.reporters import OutputFormat, renderer

    text = renderer(chosen)(report)
    # In a GitHub Actions log the human report also annotates the diff; machine formats stay clean.
    if chosen in (OutputFormat.TEXT, OutputFormat.FULL) and to_stdout and os.environ.get("GITHUB_ACTIONS") == "true":
        text = renderer(OutputFormat.GITHUB)(report) + text
    return text


def _write_baseline(report: Report, path: str, root: Root) -> Report:
    """Write the baseline of the report's findings (their relative paths below root) and count them as baselined."""
    from zeroetl_lint.baseline import accept_all, render
    from zeroetl_lint.destinations import write_whole

    try:
        write_whole(root.path(path), render(report, path, root))
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from None
    return accept_all(report)


def list_rules(
    output_format: Annotated[str, typer.Option("--format", metavar="FORMAT", help="text, json or markdown (docs/rules.md)")] = "text",
) -> None:
    """List every rule: code, name, default severity, fixable (safe, unsafe, -) and summary."""
    from zeroetl_lint.engine import all_rules

    rules = all_rules()
    if output_format == "json":
        import json

        document = {
            "version": 1,
            "rules": [
                {"code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary, "url": r.url,
                 "fixable": bool(r.fix_safety), "fix_safety": [a.value for a in r.fix_safety]}
                for r in rules
            ],
        }
        text = json.dumps(document, indent=2) + "\n"
    elif output_format == "text":
        text = "".join(f"{r.code}  {r.name:<34} {r.severity.value:<8} {r.fixable:<11} {r.summary}\n" for r in rules)
    elif output_format == "markdown":
        from zeroetl_lint.docs import render_rules

        text = render_rules(rules)
    else:
        raise _fail(f"--format takes text, json or markdown, got {output_format!r}")
    try:
        _write_stdout(text)
    except UsageError as error:
        raise _fail(str(error)) from None


def show_rule(code: Annotated[str, typer.Argument(metavar="RULE", help="A rule code (ZE601) or name.")]) -> None:
    """Print a rule's documentation."""
    from zeroetl_lint.engine import all_rules

    for r in all_rules():
        if code.upper() == r.code or code.lower() == r.name:
            from zeroetl_lint.docs import rule_text

            try:
                _write_stdout(rule_text(r))
            except UsageError as error:
                raise _fail(str(error)) from None
            return
    raise _fail(f"no rule {code!r}; `zeroetl-lint rules` lists them")


def server_command(
    debounce: Annotated[int, typer.Option("--debounce", help="Milliseconds of quiet after an edit before linting.")] = 50,
) -> None:
    """Run the language server on standard input/output, for editors (needs the `server` extra)."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        raise _fail("the language server needs pygls and lsprotocol: pip install 'zeroetl-lint[server]'") from None
    if debounce < 0:
        raise _fail(f"--debounce takes milliseconds (0 or more), got {debounce}")
    from zeroetl_lint.server import run

    run(debounce / 1000)


def filter_command(
    expression: Annotated[Optional[str], typer.Argument(
        metavar="[EXPRESSION]", help='The DataFilter, e.g. "include: shop.*.*" (or use --from).')] = None,
    from_paths: Annotated[Optional[list[str]], typer.Option(
        "--from", metavar="PATH", help="Explain the data filter of every integration in these templates, "
        ".tf files, plans or directories, as check reads them. Repeatable.")] = None,
    var_file: Annotated[Optional[list[str]], typer.Option(
        "--var-file", metavar="FILE", help="Terraform variable values for --from (a .tfvars file). Repeatable.")] = None,
    schema: Annotated[Optional[list[str]], typer.Option(
        "--schema", metavar="DB=PATH", help="DB=PATH or DB=postgresql://...: list what replicates.")] = None,
    output_format: Annotated[str, typer.Option("--format", metavar="FORMAT", help="text or json")] = "text",
    connect_timeout: Annotated[float, typer.Option(
        "--connect-timeout", metavar="SECONDS", help="Seconds to wait for a live database to answer.")] = 5.0,
    statement_timeout: Annotated[float, typer.Option(
        "--statement-timeout", metavar="SECONDS", help="Seconds each catalog query of a live database may take.")] = 10.0,
) -> None:
    """Show what a filter replicates: normal form, databases, findings, and per table with --schema."""
    from zeroetl_lint.explain import explain, render_json, render_text

    try:
        if output_format not in ("text", "json"):
            raise UsageError(f"--format takes text or json, got {output_format!r}")
        if (expression is None) == (not from_paths):
            raise UsageError("give either a filter EXPRESSION or --from PATH (the files whose integrations' filters to explain)")
        if var_file and not from_paths:
            raise UsageError("--var-file applies to the Terraform files of --from")
        from zeroetl_lint.artifacts.postgres.limits import Limits

        schemas = _schemas(schema)
        limits = Limits(_seconds("--connect-timeout", connect_timeout) or 5.0,
                        _seconds("--statement-timeout", statement_timeout) or 10.0)
        if from_paths:
            raise typer.Exit(_explain_inputs(tuple(from_paths), tuple(var_file or ()), schemas, limits, output_format))
        assert expression is not None
        explanation = explain(expression, schemas, limits)
        _write_stdout(render_json(explanation) if output_format == "json" else render_text(explanation))
    except UsageError as error:
        raise _fail(str(error)) from None
    raise typer.Exit(1 if explanation.report.fails(Severity.ERROR) else 0)


def _explain_inputs(paths: tuple[str, ...], var_files: tuple[str, ...], schemas: dict[str, tuple[str, ...]],
                    limits: Limits, output_format: str) -> int:
    """`filter --from`: every integration's filter explained; exit 1 on an error finding, 2 when there is none to explain."""
    from zeroetl_lint.checks import CATALOG
    from zeroetl_lint.explain import explain_inputs, render_inputs_json, render_inputs_text
    from zeroetl_lint.model.problems import ProblemKind
    from zeroetl_lint.registry import reporter_of
    from zeroetl_lint.reporters.text_report import render_finding
    from zeroetl_lint.settings import LintOptions

    found, report = explain_inputs(LintOptions(paths=paths, schemas=schemas, var_files=var_files,
                                               database_limits=limits))
    unreadable_rule = reporter_of(ProblemKind.UNREADABLE, CATALOG).code
    unreadable = [finding for finding in report.findings if finding.rule == unreadable_rule]
    if not found:
        details = "".join(f"\n{render_finding(finding)}" for finding in unreadable)
        raise UsageError(f"no integration with a data filter in {', '.join(paths)}{details}")
    _write_stdout(render_inputs_json(found) if output_format == "json" else render_inputs_text(found))
    # Each explanation's findings are some of the run's, so the run's verdict is theirs.
    return 1 if report.fails(Severity.ERROR) else 0


def _build_app() -> typer.Typer:
    """The Typer app: every command, --help, completion and error messages."""
    global typer  # the commands' annotations and bodies name it; they run only after this
    import typer

    app = typer.Typer(
        name="zeroetl-lint",
        cls=_group_class(),
        help="Lint AWS zero-ETL integrations (Aurora/RDS to Amazon Redshift) before they are deployed.",
        add_completion=False,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    app.callback()(main_options)
    app.command()(check)
    app.command("rules")(list_rules)
    app.command("rule")(show_rule)
    app.command("filter")(filter_command)
    app.command("server")(server_command)
    return app


def _group_class() -> type:
    """The command group class; it makes every command's help read like a person wrote it.

    typer 0.29 shows each value's Python type (`--schema <list[str]>`, `{expression} <str>`); here
    every argument and option without an explicit metavar shows its upper-cased name instead, as
    click did, so options added later read the same without anyone remembering to set a metavar.
    """
    import typer.core

    class PlainArgument(typer.core.TyperArgument):
        def display_type_rich(self, ctx: Any) -> str | None:
            return None

        def _usage_display_name(self) -> str:
            name = self.metavar or self.name or ""
            return (name if self.required else f"[{name}]") + ("..." if self.nargs != 1 else "")

        def _rich_display_name(self) -> str:
            return self.metavar or self.name or ""

    class Group(typer.core.TyperGroup):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for command in self.commands.values():
                for param in command.params:
                    if isinstance(param, typer.core.TyperArgument):
                        param.metavar = param.metavar or (param.name or "").upper()
                        param.__class__ = PlainArgument
                    elif isinstance(param, typer.core.TyperOption) and not param.is_flag and param.metavar is None:
                        param.metavar = (param.name or "").upper()

    return Group


def __getattr__(name: str) -> Any:
    if name != "app":
        raise AttributeError(f"module 'zeroetl_lint.cli' has no attribute {name!r}")
    global _APP
    if _APP is None:
        _APP = _build_app()
    return _APP


def main() -> None:
    """Console-script entry point."""
    from zeroetl_lint.argv import parse_check

    argv = sys.argv[1:]
    try:
        if argv == ["--version"]:
            _write_stdout(f"zeroetl-lint {__version__}\n")
            sys.exit(0)
        options = parse_check(argv)
        if options is not None:
            sys.exit(run_check(**options))
        __getattr__("app")()
    except UsageError as error:  # raised outside a command body, e.g. while parsing options
        sys.stderr.write(f"zeroetl-lint: error: {error}\n")
        sys.exit(2)
    except OSError as error:  # standard output failed where no command could catch it (--help)
        _silence_stdout()
        sys.stderr.write(f"zeroetl-lint: error: cannot write to standard output: {error.strerror}\n")
        sys.exit(2)
