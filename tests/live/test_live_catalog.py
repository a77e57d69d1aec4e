"""A live catalog gives the schema rules the same tables as the SQL that built it, and exact findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import run
from pg_server import PASSWORD, PASSWORD_ROLE, Server
from zeroetl_lint.artifacts.postgres.url import public_url
from zeroetl_lint.engine import LintOptions, lint
from zeroetl_lint.findings import Report, Severity

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "sql" / "schemas"
DATA = Path(__file__).parent / "data"

# The corpus schemas PostgreSQL 15 loads as they are, stopping at the first error (the others need data
# files, roles or functions it lacks). Chinook creates its own database and connects to it.
ACCEPTED = {
    "danbooru__structure.sql": None,
    "pagila__pagila-schema-jsonb.sql": None,
    "sakila__postgres-sakila-schema.sql": None,
    "synapse__main_full_schema_72.sql.postgres": None,
    "chinook-database__Chinook_PostgreSql.sql": "chinook",
}


def _objects(report: Report, rule: str) -> set[str]:
    return {finding.object for finding in report.findings if finding.rule == rule}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_corpus_tables_without_key_match_the_sql(pg: Server, name: str) -> None:
    path = CORPUS / name
    own_database = ACCEPTED[name]
    database = own_database or "corpus_" + "".join(c if c.isalnum() else "_" for c in name.lower())[:40]
    if own_database is None:
        pg.load(database, path)
    else:
        pg.client("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "postgres", "-f", str(path))
    live = lint(LintOptions(paths=(), schemas={"db": (pg.url(database),)}, select=("ZE601",)))
    written = lint(LintOptions(paths=(), schemas={"db": (str(path),)}, select=("ZE601",)))
    assert not [f for f in live.findings if f.rule != "ZE601"]
    assert _objects(live, "ZE601") == _objects(written, "ZE601")
    assert {f.location.path for f in live.findings} <= {public_url(pg.url(database))}


# 1,599 columns: above ZE607's warning threshold (1,598), within PostgreSQL's 1,600.
WIDE = "CREATE TABLE public.wide (id integer PRIMARY KEY, {});\n".format(
    ", ".join(f"c{i} integer" for i in range(1, 1599)))
FILTER = "include: shop.*.*, include: legacy.*.*, include: shop.archive.*"

EXPECTED = [
    ("ZE509", "warning", "--filter[3]"),
    ("ZE601", "error", "shop.audit.trail"),
    ("ZE601", "error", "shop.public.derived"),
    ("ZE601", "error", "shop.public.events"),
    ("ZE602", "error", "shop.public.orders.email"),
    ("ZE602", "error", "shop.public.orders.quantity"),
    ("ZE602", "error", "shop.public.orders.status"),
    ("ZE603", "error", "shop.public.orders.huge"),
    ("ZE603", "error", "shop.public.orders.total"),
    ("ZE604", "warning", "shop.public.orders.slot"),
    ("ZE604", "warning", "shop.public.orders.waited"),
    ("ZE605", "warning", "shop.public.orders.memo"),
    ("ZE607", "warning", "shop.public.wide"),
    ("ZE608", "warning", "shop.public.measurements"),
    ("ZE608", "warning", "shop.public.measurements_2024"),
    ("ZE609", "info", "shop.public.daily"),
    ("ZE609", "info", "shop.public.order_totals"),
    ("ZE609", "info", "shop.public.rate_limits"),
    ("ZE610", "error", "legacy"),
    ("ZE612", "warning", "shop.public.orders.price_with_tax"),
    # A plain PostgreSQL server with no integration: its version and settings are not compared.
    ("ZE902", "info", "legacy/settings"),
    ("ZE902", "info", "shop/settings"),
]


@pytest.fixture(scope="module")
def every_rule(pg: Server, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The hand-written schema (plus the wide table) as a file and as two live databases."""
    sql = tmp_path_factory.mktemp("every") / "shop.sql"
    sql.write_text((DATA / "every_ze6xx.sql").read_text() + WIDE)
    pg.load("shop", sql)
    pg.psql("postgres", "CREATE DATABASE legacy ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
    pg.psql("legacy", "CREATE TABLE public.accounts (id integer PRIMARY KEY, name text)")
    return sql, pg.url("shop"), pg.url("legacy")


def _rows(report: Report) -> list[tuple[str, str, str]]:
    return sorted((f.rule, f.severity.value, f.object) for f in report.findings)


def test_every_schema_rule_from_a_live_catalog(every_rule: tuple[Path, str, str]) -> None:
    _, shop, legacy = every_rule
    report = lint(LintOptions(paths=(), filter=FILTER, schemas={"shop": (shop,), "legacy": (legacy,)},
                              select=("ZE5", "ZE6", "ZE9")))
    assert _rows(report) == EXPECTED
    by_object = {f.object: f for f in report.findings}
    total = by_object["shop.public.orders.total"]
    assert total.location.path == public_url(shop) and total.location.line is None
    assert "numeric without explicit precision and scale" in total.message
    assert "extension type `citext`" in by_object["shop.public.orders.email"].message
    assert "enum `mood`" in by_object["shop.public.orders.status"].message
    assert "domain `positive_int` (over integer)" in by_object["shop.public.orders.quantity"].message
    assert "interval hour" in by_object["shop.public.orders.slot"].message
    assert "character(5000)" in by_object["shop.public.orders.memo"].message
    assert "unique key on id" in by_object["shop.public.events"].message
    assert "LATIN1" in by_object["legacy"].message
    assert by_object["legacy"].location.path == public_url(legacy)


def test_live_findings_equal_the_sql_files_but_for_numeric_p(every_rule: tuple[Path, str, str]) -> None:
    """The one difference is documented in ZE603: the catalog stores numeric(5) as numeric(5,0)."""
    sql, shop, _ = every_rule
    live = lint(LintOptions(paths=(), schemas={"shop": (shop,)}, select=("ZE6",)))
    written = lint(LintOptions(paths=(), schemas={"shop": (str(sql),)}, select=("ZE6",)))
    assert set(_rows(written)) - set(_rows(live)) == {("ZE603", "warning", "shop.public.orders.tax")}
    assert set(_rows(live)) - set(_rows(written)) == set()
    assert all(f.severity is not Severity.INFO or f.rule == "ZE609" for f in live.findings)


def test_baselines_and_per_object_ignores(every_rule: tuple[Path, str, str], pg: Server, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Live findings key on the URL without credentials and the object, so both work as for files."""
    monkeypatch.chdir(tmp_path)
    with_password = pg.url("shop", PASSWORD_ROLE, PASSWORD)
    baseline = tmp_path / "baseline.json"
    assert run("check", "--schema", f"shop={with_password}", "--write-baseline", str(baseline)).exit_code == 0
    assert PASSWORD not in baseline.read_text() and public_url(with_password) in baseline.read_text()
    # Another user (no password) names the same database: the baseline still matches every finding.
    again = run("check", "--format", "json", "--schema", f"shop={every_rule[1]}", "--baseline", str(baseline))
    assert again.exit_code == 0 and json.loads(again.stdout)["findings"] == []
    (tmp_path / "pyproject.toml").write_text(
        '[tool.zeroetl-lint.per-object-ignores]\n"shop.public.orders.*" = ["ZE602", "ZE603"]\n'
        '"shop.audit.*" = ["ZE601"]\n')
    report = json.loads(run("check", "--format", "json", "--select", "ZE6", "--schema", f"shop={every_rule[1]}").stdout)
    found = {(f["rule"], f["object"]) for f in report["findings"]}
    assert not {(rule, obj) for rule, obj in found if rule in ("ZE602", "ZE603")}
    assert ("ZE601", "shop.audit.trail") not in found and ("ZE601", "shop.public.events") in found
    assert ("ZE604", "shop.public.orders.slot") in found
