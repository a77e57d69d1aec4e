"""The plain `check` parser gives exactly Typer's values, and leaves everything else to Typer."""

from __future__ import annotations

from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from zeroetl_lint import cli
from zeroetl_lint.argv import CHECK_OPTIONS, parse_check

ACCEPTED = [
    ["check"],
    ["check", "examples/seed"],
    ["check", "a.yaml", "b.yaml", "--format", "json"],
    ["check", "--format", "json", "a.yaml", "--format=sarif:out.sarif", "b"],
    ["check", "-", "--select", "ZE1,ZE2", "--select", "ZE6", "--ignore=ZE601"],
    ["check", "--fail-on", "warning", "--fail-on", "never", "--exit-zero", "x"],
    ["check", "--filter", "include: db.*.*", "--schema", "db=a.sql", "--schema=db=b.sql"],
    ["check", "--schema", "db=postgresql://app@db/shop", "--connect-timeout", "3", "--statement-timeout=2.5"],
    ["check", "--baseline", "b.json", "--write-baseline", "c.json", "--output-file", "o.txt"],
    ["check", "infra", "--var-file", "prod.tfvars", "--var-file=extra.tfvars"],
    ["check", "--config", "cfg/.zeroetl-lint.toml", "--debug", "--show-settings"],
    ["check", "--isolated", "--", "--not-an-option", "path"],
    ["check", "--no-cache", "infra", "--no-cache"],
    ["check", "--select=", "--format=text", "."],
    ["check", "--select=-x", "--", "--"],
    ["check", "--connect-timeout", "2.5", "--statement-timeout=7", "x"],
    ["check", "--fix", "--unsafe-fixes", "--diff", "--add-suppressions", "legacy stack", "infra"],
]

FALLS_THROUGH = [
    [],
    ["--help"],
    ["--version", "check"],
    ["rules"],
    ["filter", "include: a.*.*"],
    ["check", "--help"],
    ["check", "-h"],
    ["check", "--no-such-option"],
    ["check", "--format"],
    ["check", "--format", "--select", "ZE1"],
    ["check", "--exit-zero=yes"],
    ["check", "--sel", "ZE1"],
    ["check", "-x"],
    ["check", "--connect-timeout", "soon"],
]


def typer_values(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def record(**values: Any) -> int:
        seen.update(values)
        return 0

    monkeypatch.setattr(cli, "run_check", record)
    result = CliRunner().invoke(cli.app, argv, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return seen


@pytest.mark.parametrize("argv", ACCEPTED, ids=" ".join)
def test_plain_parse_equals_typers(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_check(argv) == typer_values(argv, monkeypatch)


@pytest.mark.parametrize("argv", FALLS_THROUGH, ids=lambda argv: " ".join(argv) or "(none)")
def test_anything_else_is_left_to_typer(argv: list[str]) -> None:
    assert parse_check(argv) is None


def test_the_option_table_is_typers_option_table() -> None:
    command = typer.main.get_command(cli.app).commands["check"]  # type: ignore[attr-defined]
    options = {opt: param.name for param in command.params for opt in param.opts if opt.startswith("--")}
    options.pop("--help", None)
    assert options == {option: name for option, (name, _) in CHECK_OPTIONS.items()}
    flags = {opt for param in command.params if getattr(param, "is_flag", False) for opt in param.opts}
    assert flags - {"--help"} == {option for option, (_, kind) in CHECK_OPTIONS.items() if kind == "flag"}
    many = {opt for param in command.params if getattr(param, "multiple", False) for opt in param.opts}
    assert many == {option for option, (_, kind) in CHECK_OPTIONS.items() if kind == "many"}
