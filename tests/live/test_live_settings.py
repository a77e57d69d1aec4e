"""A live source's reported version and replication settings against ZE101/ZE202's facts; ZE902 for the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import run, seed_copy
from pg_server import Server
from zeroetl_lint.artifacts.postgres.url import public_url

# PostgreSQL accepts any dotted name as a setting, so a plain server can answer like Aurora for a test;
# aurora_version() is what tells Aurora apart.
AURORA_LIKE = """
CREATE TABLE public.orders (id integer PRIMARY KEY);
CREATE FUNCTION public.aurora_version() RETURNS text LANGUAGE sql AS $$ SELECT '16.4.2' $$;
ALTER DATABASE aurora_like SET rds.logical_replication = '0';
ALTER DATABASE aurora_like SET aurora.enhanced_logical_replication = '1';
"""


def _findings(*args: str) -> list[dict[str, object]]:
    result = run("check", "--format", "json", "--select", "ZE1,ZE2,ZE9", *args)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def _brief(findings: list[dict[str, object]]) -> list[tuple[object, object, object]]:
    return sorted((f["rule"], f["severity"], f["object"]) for f in findings)


def test_settings_the_server_reports(pg: Server) -> None:
    pg.psql("postgres", "CREATE DATABASE aurora_like")
    pg.psql("aurora_like", AURORA_LIKE)
    url = pg.url("aurora_like")
    findings = _findings("--schema", f"shop={url}")
    assert _brief(findings) == [("ZE101", "error", "shop/server_version"),
                                ("ZE202", "error", "shop/rds.logical_replication"),
                                ("ZE902", "info", "shop/settings")]
    by_rule = {f["rule"]: f for f in findings}
    assert {f["path"] for f in findings} == {public_url(url)} and {f["line"] for f in findings} == {None}
    assert "zero-ETL requires Aurora PostgreSQL 16.4" in by_rule["ZE101"]["message"]
    assert "aurora_version() 16.4.2, so it is Aurora PostgreSQL" in by_rule["ZE101"]["message"]
    assert by_rule["ZE202"]["message"].startswith("rds.logical_replication is 0 on the live database shop")
    # Reported as 1, so not a finding; never reported, so ZE902 names them and claims no value.
    assert "aurora.enhanced_logical_replication" not in by_rule["ZE902"]["message"]
    assert ("does not report aurora.logical_replication_backup, aurora.logical_replication_globaldb"
            in by_rule["ZE902"]["message"])


def test_a_plain_server_without_integration_is_not_compared(pg: Server) -> None:
    findings = _findings("--schema", f"shop={pg.url('postgres')}")
    assert _brief(findings) == [("ZE902", "info", "shop/settings")]
    assert "its engine is unknown" in str(findings[0]["message"])


def test_the_integrations_engine_decides(pg: Server, tmp_path: Path) -> None:
    """The seed's integration replicates mydb from Aurora PostgreSQL 16.4: the live mydb is held to that."""
    seed = seed_copy(tmp_path / "seed", broken=False)
    pg.psql("postgres", "CREATE DATABASE mydb")
    pg.psql("mydb", "CREATE SCHEMA myschema; CREATE TABLE myschema.mytable (id integer PRIMARY KEY)")
    findings = _findings(str(seed), "--schema", f"mydb={pg.url('mydb')}")
    live = [f for f in findings if f["path"] == public_url(pg.url("mydb"))]
    assert _brief(live) == [("ZE101", "error", "mydb/server_version"), ("ZE902", "info", "mydb/settings")]
    assert all("the integration's source" in str(f["message"]) for f in live)
    assert "rds.logical_replication, aurora.enhanced_logical_replication" in str(live[1]["message"])
    assert not [f for f in findings if f not in live and f["rule"] != "ZE902"]


@pytest.mark.parametrize("url", ["postgresql://app@db.example.com/shop", "postgres:///shop?host=/run/pg"])
def test_a_url_in_the_config_file_is_not_a_path(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(f'[tool.zeroetl-lint.schemas]\nshop = "{url}"\n')
    monkeypatch.chdir(tmp_path)
    shown = run("check", "--show-settings").stdout
    assert f'"shop": ["{url}"]' in shown


def test_per_object_ignores_with_an_unknown_code_is_ze904(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "schema.sql").write_text("CREATE TABLE public.audit_log (at timestamptz);\n"
                                         "CREATE TABLE public.events (at timestamptz);\n")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.zeroetl-lint.per-object-ignores]\n"shop.public.audit_*" = ["ZE601", "ZE999"]\n')
    monkeypatch.chdir(tmp_path)
    report = json.loads(run("check", "--format", "json", "--schema", "shop=schema.sql").stdout)
    assert sorted((f["rule"], f["object"]) for f in report["findings"]) == [
        ("ZE601", "shop.public.events"), ("ZE904", "pyproject.toml [tool.zeroetl-lint] per-object-ignores")]


def test_the_language_server_lints_a_configured_live_database(pg: Server, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The server's folder lint runs the same engine: the live findings land on the config file naming it."""
    pytest.importorskip("pygls")
    from pygls.workspace import PositionCodec

    from zeroetl_lint.server.folder import lint_folder

    pg.psql("postgres", "CREATE DATABASE editor_db")
    pg.psql("editor_db", "CREATE TABLE public.events (at timestamptz)")
    config = tmp_path / "pyproject.toml"
    config.write_text(f'[tool.zeroetl-lint]\npaths = ["."]\n[tool.zeroetl-lint.schemas]\nshop = "{pg.url("editor_db")}"\n')
    monkeypatch.chdir(tmp_path)
    result = lint_folder(tmp_path, {}, PositionCodec())
    shown = [entry for entries in result.by_uri.values() for entry in entries]
    assert list(result.by_uri) == [config.as_uri()]
    assert {(entry.finding.rule, entry.finding.object) for entry in shown if entry.finding} == {
        ("ZE601", "shop.public.events"), ("ZE902", "shop/settings")}
