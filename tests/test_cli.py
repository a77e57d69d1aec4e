"""The command line contract of cli.md: exit statuses, formats, rule docs, crash isolation."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zeroetl_lint import __version__
from zeroetl_lint.cli import app
from zeroetl_lint.findings import Severity
from zeroetl_lint.registry import rule

ROOT = Path(__file__).resolve().parents[1]
SEED = str(ROOT / "examples" / "seed")
runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"zeroetl-lint {__version__}"


def test_python_dash_m_works() -> None:
    result = subprocess.run([sys.executable, "-m", "zeroetl_lint", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and __version__ in result.stdout


def test_clean_seed_exits_zero_with_summary() -> None:
    result = runner.invoke(app, ["check", SEED])
    assert result.exit_code == 0
    assert result.stdout.startswith("All clear: 3 files checked")


def test_json_report_shape() -> None:
    result = runner.invoke(app, ["check", SEED, "--format", "json"])
    document = json.loads(result.stdout)
    assert document["version"] == 1
    assert set(document["summary"]) >= {"files", "findings", "error", "warning", "info"}


def test_missing_path_is_a_one_line_usage_error() -> None:
    result = runner.invoke(app, ["check", "no/such/path"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "zeroetl-lint: error: path does not exist: no/such/path"


def test_unknown_option_exits_two() -> None:
    assert runner.invoke(app, ["check", "--no-such-option"]).exit_code == 2


def test_bad_format_and_fail_on_exit_two() -> None:
    assert runner.invoke(app, ["check", SEED, "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["check", SEED, "--fail-on", "sometimes"]).exit_code == 2


def test_parse_error_exits_one_and_fail_on_never_or_exit_zero_exit_zero(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("Resources:\n  A:\n    Type: x\n    Type: y\n")
    assert runner.invoke(app, ["check", str(bad)]).exit_code == 1
    assert runner.invoke(app, ["check", str(bad), "--fail-on", "never"]).exit_code == 0
    assert runner.invoke(app, ["check", str(bad), "--exit-zero"]).exit_code == 0


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["check", SEED, "--format", "json", "--output-file", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text())["summary"]["files"] == 3


def test_rules_lists_the_catalog_as_json() -> None:
    result = runner.invoke(app, ["rules", "--format", "json"])
    codes = [r["code"] for r in json.loads(result.stdout)["rules"]]
    assert "ZE901" in codes and codes == sorted(codes)


def test_rule_prints_its_documentation() -> None:
    result = runner.invoke(app, ["rule", "ZE901"])
    assert result.exit_code == 0
    assert "# ZE901 parse-error" in result.stdout and "## How to fix" in result.stdout
    assert runner.invoke(app, ["rule", "parse-error"]).exit_code == 0
    assert runner.invoke(app, ["rule", "ZE999"]).exit_code == 2


def test_a_crashing_rule_becomes_ze900_and_exit_two(monkeypatch: pytest.MonkeyPatch) -> None:
    import zeroetl_lint.checks as checks

    @rule(code="ZE899", name="always-crashes", severity=Severity.ERROR)
    def always_crashes(project: object) -> list[object]:
        """Checks for nothing; raises to exercise crash isolation."""
        raise KeyError("Statement")

    monkeypatch.setattr(checks, "CATALOG", (*checks.CATALOG, always_crashes))
    result = runner.invoke(app, ["check", SEED, "--format", "json"])
    assert result.exit_code == 2
    findings = json.loads(result.stdout)["findings"]
    assert [f["rule"] for f in findings] == ["ZE900"]
    assert "ZE899 always-crashes crashed: KeyError" in findings[0]["message"]


def test_summary_says_which_tables_were_not_checked(tmp_path: Path) -> None:
    text = runner.invoke(app, ["check", SEED]).stdout.splitlines()
    assert text[-1] == "Not checked: the tables of mydb (no schema SQL was given; add --schema DB=PATH)."
    document = json.loads(runner.invoke(app, ["check", SEED, "--format", "json"]).stdout)
    assert document["summary"]["not_checked"] == [
        "the tables of mydb (no schema SQL was given; add --schema DB=PATH)"]
    schema = tmp_path / "mydb.sql"
    schema.write_text("CREATE TABLE myschema.mytable (id int PRIMARY KEY);\n")
    with_schema = runner.invoke(app, ["check", SEED, "--schema", f"mydb={schema}"]).stdout
    assert "Not checked" not in with_schema and with_schema.startswith("All clear")


def test_a_select_that_names_nothing_is_reported_not_silent() -> None:
    result = runner.invoke(app, ["check", SEED, "--select", "ZE1O1", "--format", "json"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "'ZE1O1'" in result.stderr and "no rule is left to run" in result.stderr


def test_a_select_with_one_unknown_code_still_reports_it() -> None:
    result = runner.invoke(app, ["check", SEED, "--select", "ZE202,ZE1O1", "--format", "json"])
    findings = json.loads(result.stdout)["findings"]
    assert [f["rule"] for f in findings] == ["ZE904"] and "'ZE1O1'" in findings[0]["message"]


def test_public_api() -> None:
    import zeroetl_lint

    report = zeroetl_lint.lint(zeroetl_lint.LintOptions(paths=(SEED,)))
    assert isinstance(report, zeroetl_lint.Report) and report.files == 3
    assert zeroetl_lint.Severity("error") is zeroetl_lint.Severity.ERROR


def test_named_files_in_a_git_repository_are_linted_in_its_context(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Named files (pre-commit's call) meet the rest of the repository; --isolated lints them alone."""
    from cli_helpers import run, seed_copy

    project = seed_copy(tmp_path / "project", broken=True)
    (project / ".git").mkdir()  # what marks a git work tree
    monkeypatch.chdir(project)
    in_context = run("check", "redshift-serverless.yaml")
    assert "3 files checked" in in_context.stdout, in_context.stdout
    # Only findings in (or about) the named file are reported: the broken source stack's ZE202 is not.
    assert "ZE202" not in in_context.stdout
    alone = run("check", "--isolated", "redshift-serverless.yaml")
    assert "1 file checked" in alone.stdout, alone.stdout
    directory = run("check", ".")
    assert "ZE202" in directory.stdout


def test_no_cache_neither_reads_nor_writes_the_cache_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zeroetl_lint.artifacts.terraform import cache, grammar

    project = tmp_path / "infra"
    shutil.copytree(ROOT / "examples" / "terraform", project)
    (project / "integration.tf").write_text((project / "integration.tf").read_text().replace(
        "aws_redshiftserverless_namespace.this.arn", "aws_redshiftserverless_namespace.this.id"))
    store = tmp_path / "cache"
    monkeypatch.setattr(cache, "cache_directory", lambda: store)
    monkeypatch.setattr(grammar, "cache_directory", lambda: store)
    cached = runner.invoke(app, ["check", str(project), "--format", "json"])
    assert cached.exit_code == 1 and '"ZE402"' in cached.stdout  # the run did read the project
    assert list((store / "parsed").iterdir())

    def untouchable() -> Path:
        raise AssertionError("the cache directory was used")

    monkeypatch.setattr(cache, "cache_directory", untouchable)
    monkeypatch.setattr(grammar, "cache_directory", untouchable)
    monkeypatch.setattr(grammar, "_made", [])  # the parser too is made without the directory
    uncached = runner.invoke(app, ["check", str(project), "--format", "json", "--no-cache"])
    assert uncached.exit_code == 1 and uncached.stdout == cached.stdout
    # `cache = false` in a config file is the same setting.
    (project / ".zeroetl-lint.toml").write_text("cache = false\n")
    configured = runner.invoke(app, ["check", str(project), "--format", "json", "--config",
                                     str(project / ".zeroetl-lint.toml")])
    findings = json.loads(cached.stdout)["findings"]
    assert configured.exit_code == 1 and json.loads(configured.stdout)["findings"] == findings
    shown = runner.invoke(app, ["check", "--show-settings", "--no-cache", "--isolated"]).stdout
    assert "cache = false  # --no-cache" in shown.splitlines()
