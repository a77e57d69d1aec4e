"""A plain parser for the common `zeroetl-lint check ...` command line, so that it runs without Typer.

It takes exactly what Typer's own parse of `check` accepts without complaint and gives the same
values (a test runs both over a corpus of command lines); anything else (--help, an unknown
option, a missing value, another command) returns None, and Typer handles it, errors included.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# option -> (parameter of cli.run_check, how it takes values): "flag", "one" (last wins), "many",
# or "number" (one, as a float).
CHECK_OPTIONS: dict[str, tuple[str, str]] = {
    "--format": ("output_format", "many"),
    "--output-file": ("output_file", "one"),
    "--select": ("select", "many"),
    "--ignore": ("ignore", "many"),
    "--fail-on": ("fail_on", "one"),
    "--exit-zero": ("exit_zero", "flag"),
    "--filter": ("filter_expression", "one"),
    "--schema": ("schema", "many"),
    "--connect-timeout": ("connect_timeout", "number"),
    "--statement-timeout": ("statement_timeout", "number"),
    "--baseline": ("baseline", "one"),
    "--var-file": ("var_file", "many"),
    "--write-baseline": ("write_baseline", "one"),
    "--config": ("config", "one"),
    "--isolated": ("isolated", "flag"),
    "--no-cache": ("no_cache", "flag"),
    "--show-settings": ("show_settings", "flag"),
    "--debug": ("debug", "flag"),
    "--fix": ("fix", "flag"),
    "--unsafe-fixes": ("unsafe_fixes", "flag"),
    "--diff": ("diff", "flag"),
    "--add-suppressions": ("add_suppressions", "one"),
}


def parse_check(argv: list[str]) -> dict[str, Any] | None:
    """cli.run_check's keyword arguments for `check ARGS...`, or None when Typer must parse argv."""
    if not argv or argv[0] != "check":
        return None
    values: dict[str, Any] = {name: False if kind == "flag" else None for name, kind in CHECK_OPTIONS.values()}
    paths: list[str] = []
    rest = iter(argv[1:])
    for token in rest:
        if token == "--":
            paths.extend(rest)
            break
        if not token.startswith("-") or token == "-":
            paths.append(token)
            continue
        option, equals, value = token.partition("=")
        if option not in CHECK_OPTIONS:
            return None
        name, kind = CHECK_OPTIONS[option]
        if kind == "flag":
            if equals:
                return None
            values[name] = True
            continue
        if not equals:
            value = next(rest, None)
            # A value that looks like an option is Typer's call (it may be a flag value or an error).
            if value is None or value.startswith("-"):
                return None
        if kind == "many":
            values[name] = [*(values[name] or ()), value]
        elif kind == "number":
            try:
                values[name] = float(value)
            except ValueError:
                return None  # Typer words the error
        else:
            values[name] = value
    values["paths"] = paths or None
    if values["config"] is not None:
        values["config"] = Path(values["config"])
    return values
