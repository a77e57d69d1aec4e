"""`zeroetl-lint filter`: normal form, databases, findings, and per-table verdicts with --schema."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from zeroetl_lint.cli import app

runner = CliRunner()
SCHEMA = """\
CREATE TABLE public.orders (id bigint PRIMARY KEY);
CREATE TABLE mystery.stephen_king (id int PRIMARY KEY);
CREATE TABLE public.mystery (id int PRIMARY KEY);
"""


def test_filter_prints_normal_form_and_databases() -> None:
    result = runner.invoke(app, ["filter", "INCLUDE:books.*.*,  exclude : books.*.mystery"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:4] == [
        "filter: include: books.*.*, exclude: books.*.mystery",
        "  1. include: books.*.*",
        "  2. exclude: books.*.mystery",
        "databases included: books",
    ]


def test_filter_with_findings_exits_one() -> None:
    result = runner.invoke(app, ["filter", "include: books.mystery"])
    assert result.exit_code == 1
    assert "ZE504 [error]" in result.stdout


def test_schema_listing_says_which_clause_decided(tmp_path: Path) -> None:
    schema = tmp_path / "books.sql"
    schema.write_text(SCHEMA)
    result = runner.invoke(app, ["filter", "include: books.*.*, exclude: books.*.mystery",
                                 "--schema", f"books={schema}", "--format", "json"])
    assert result.exit_code == 0
    tables = json.loads(result.stdout)["tables"]
    assert tables == [
        {"table": "books.mystery.stephen_king", "replicated": True, "clause": 1},
        {"table": "books.public.mystery", "replicated": False, "clause": 2},
        {"table": "books.public.orders", "replicated": True, "clause": 1},
    ]


def test_no_matching_clause_is_null(tmp_path: Path) -> None:
    schema = tmp_path / "shop.sql"
    schema.write_text(SCHEMA)
    result = runner.invoke(app, ["filter", "include: books.*.*", "--schema", f"shop={schema}", "--format", "json"])
    assert {t["clause"] for t in json.loads(result.stdout)["tables"]} == {None}


def test_missing_schema_path_is_a_usage_error() -> None:
    result = runner.invoke(app, ["filter", "include: a.*.*", "--schema", "a=/no/such.sql"])
    assert result.exit_code == 2
