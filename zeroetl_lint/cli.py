"""The zeroetl-lint command line; the only module that imports Typer or writes to the terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from zeroetl_lint import __version__
from zeroetl_lint.errors import UsageError
from zeroetl_lint.findings import Severity

app = typer.Typer(
    name="zeroetl-lint",
    help="Lint AWS zero-ETL integrations (Aurora/RDS to Amazon Redshift) before they are deployed.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

FAIL_ON = ("error", "warning", "info", "never")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zeroetl-lint {__version__}")
        raise typer.Exit(0)


@app.callback()
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


def _fail_on(value: str) -> Severity | None:
    if value not in FAIL_ON:
        raise UsageError(f"--fail-on takes one of {', '.join(FAIL_ON)}, got {value!r}")
    return None if value == "never" else Severity(value)


def _emit(text: str, output_file: Path | None) -> None:
    if output_file is None:
        sys.stdout.write(text)
        return
    try:
        output_file.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {output_file}: {error.strerror}") from None


def _fail(message: str) -> typer.Exit:
    typer.echo(f"zeroetl-lint: error: {message}", err=True)
    return typer.Exit(2)


@app.command()
def check(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or directories (default: .).")] = None,
    output_format: Annotated[str, typer.Option("--format", help="text, json")] = "text",
    output_file: Annotated[Optional[Path], typer.Option("--output-file", help="Write the report here.")] = None,
    select: Annotated[Optional[list[str]], typer.Option(help="Codes, prefixes (ZE2) or names, comma-separated.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(help="Codes, prefixes or names to skip.")] = None,
    fail_on: Annotated[str, typer.Option("--fail-on", help="error, warning, info or never.")] = "error",
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 unless the linter itself failed.")] = False,
    filter_expression: Annotated[
        Optional[str], typer.Option("--filter", help="Lint this DataFilter as a PostgreSQL-source filter.")
    ] = None,
    schema: Annotated[Optional[list[str]], typer.Option("--schema", help="DB=PATH: SQL schema of a source database.")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Lint CloudFormation templates, CDK assemblies, data filters and schema SQL together."""
    from zeroetl_lint.engine import LintOptions, lint
    from zeroetl_lint.reporters import OutputFormat, renderer

    try:
        try:
            chosen_format = OutputFormat(output_format)
        except ValueError:
            raise UsageError(f"--format takes one of {', '.join(f.value for f in OutputFormat)}, got {output_format!r}") from None
        threshold = _fail_on(fail_on)
        default_paths: tuple[str, ...] = () if (filter_expression is not None or schema) and not paths else (".",)
        options = LintOptions(
            paths=tuple(paths) if paths else default_paths,
            select=_split(select),
            ignore=_split(ignore),
            filter=filter_expression,
            schemas=_schemas(schema),
            debug=debug,
        )
        report = lint(options)
        _emit(renderer(chosen_format)(report), output_file)
    except UsageError as error:
        raise _fail(str(error)) from None
    if report.internal_error:
        raise typer.Exit(2)
    raise typer.Exit(0 if exit_zero or not report.fails(threshold) else 1)


@app.command("rules")
def list_rules(
    output_format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """List every rule: code, name, default severity and summary."""
    from zeroetl_lint.engine import all_rules

    rules = all_rules()
    if output_format == "json":
        import json

        document = {
            "version": 1,
            "rules": [
                {"code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary, "url": r.url}
                for r in rules
            ],
        }
        typer.echo(json.dumps(document, indent=2))
    elif output_format == "text":
        for r in rules:
            typer.echo(f"{r.code}  {r.name:<34} {r.severity.value:<8} {r.summary}")
    else:
        raise _fail(f"--format takes text or json, got {output_format!r}")


@app.command("rule")
def show_rule(code: Annotated[str, typer.Argument(help="A rule code (ZE601) or name.")]) -> None:
    """Print a rule's documentation."""
    from zeroetl_lint.engine import all_rules

    for r in all_rules():
        if code.upper() == r.code or code.lower() == r.name:
            typer.echo(f"# {r.code} {r.name}\n\nDefault severity: {r.severity.value}\n\n{r.explanation}")
            return
    raise _fail(f"no rule {code!r}; `zeroetl-lint rules` lists them")


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except UsageError as error:  # raised outside a command body, e.g. while parsing options
        typer.echo(f"zeroetl-lint: error: {error}", err=True)
        sys.exit(2)


@app.command("filter")
def filter_command(
    expression: Annotated[str, typer.Argument(help='The DataFilter, e.g. "include: shop.*.*".')],
    schema: Annotated[Optional[list[str]], typer.Option("--schema", help="DB=PATH: list what replicates.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Show what a filter replicates: normal form, databases, findings, and per table with --schema."""
    from zeroetl_lint.filter_explain import explain, render_json, render_text

    try:
        if output_format not in ("text", "json"):
            raise UsageError(f"--format takes text or json, got {output_format!r}")
        schemas = _schemas(schema)
        for database, paths in schemas.items():
            missing = [path for path in paths if not Path(path).exists()]
            if missing:
                raise UsageError(f"schema path does not exist: {database}={missing[0]}")
        explanation = explain(expression, schemas)
    except UsageError as error:
        raise _fail(str(error)) from None
    sys.stdout.write(render_json(explanation) if output_format == "json" else render_text(explanation))
    raise typer.Exit(1 if explanation.report.fails(Severity.ERROR) else 0)
