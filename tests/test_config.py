"""Configuration through the CLI: discovery, validation, precedence, unknown codes and --show-settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import run, seed_copy

CONFIG = """
[project]
name = "infra"

[tool.zeroetl-lint]
paths = ["infra"]
fail-on = "warning"
ignore = ["ZE203"]

[tool.zeroetl-lint.severity]
ZE202 = "warning"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose pyproject.toml configures the linter, with the broken seed under infra/."""
    seed_copy(tmp_path / "infra")
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings(*args: str) -> tuple[int, list[dict]]:
    result = run("check", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def test_config_found_walking_up_gives_paths_severity_fail_on_and_ignore(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "sub" / "dir").mkdir(parents=True)
    monkeypatch.chdir(project / "sub" / "dir")
    code, found = findings()
    assert [(f["rule"], f["severity"]) for f in found] == [("ZE202", "warning")]
    assert found[0]["path"] == (project / "infra" / "aurora-postgresql.yaml").resolve().as_posix()
    assert code == 1  # fail-on = "warning" from the config


def test_command_line_beats_config(project: Path) -> None:
    code, found = findings("--fail-on", "error", "--ignore", "ZE101")
    # --ignore replaces the config's ignore list, so ZE203 is back; its severity stays from config.
    assert sorted(f["rule"] for f in found) == ["ZE202"]
    assert code == 0  # ZE202 is a warning (config) and --fail-on error (command line) wins


def test_isolated_and_explicit_config(project: Path, tmp_path: Path) -> None:
    code, found = findings("--isolated", "infra")
    assert [(f["rule"], f["severity"]) for f in found] == [("ZE202", "error")]
    other = tmp_path / "strict.toml"
    other.write_text('select = ["ZE2"]\n[severity]\nsource-replication-parameter = "info"\n')
    code, found = findings("--config", str(other), "infra")
    assert [(f["rule"], f["severity"]) for f in found] == [("ZE202", "info")]
    assert run("check", "--config", str(other), "--isolated").exit_code == 2


def test_zeroetl_lint_toml_wins_over_pyproject_in_the_same_directory(project: Path) -> None:
    (project / ".zeroetl-lint.toml").write_text('paths = "infra"\nselect = "ZE101"\n')
    _, found = findings()
    assert found == []


def test_typo_is_a_one_line_error_naming_key_and_file(project: Path) -> None:
    (project / "pyproject.toml").write_text(CONFIG.replace("fail-on", "fail_on"))
    result = run("check")
    assert result.exit_code == 2
    assert result.stderr == "zeroetl-lint: error: pyproject.toml: [tool.zeroetl-lint] unknown key 'fail_on'\n"
    (project / "pyproject.toml").write_text(CONFIG.replace('"warning"\n', '"warn"\n', 1))
    result = run("check")
    assert result.exit_code == 2 and "fail-on: Input should be" in result.stderr and "\n" not in result.stderr[:-1]
    (project / "pyproject.toml").write_text(CONFIG + "[tool.zeroetl-lint\n")
    assert "invalid TOML" in run("check").stderr


def test_unknown_codes_in_config_are_ze904(project: Path) -> None:
    (project / "pyproject.toml").write_text(CONFIG.replace('ignore = ["ZE203"]', 'ignore = ["ZE203", "ZE2O3"]')
                                            + 'ZE9999 = "error"\n')
    _, found = findings()
    messages = [f["message"] for f in found if f["rule"] == "ZE904"]
    assert messages == [
        "pyproject.toml [tool.zeroetl-lint] ignore names 'ZE2O3', which is neither a rule code, a code prefix nor a rule name",
        "pyproject.toml [tool.zeroetl-lint] severity names 'ZE9999', which is neither a rule code, a code prefix nor a rule name",
    ]


def test_per_file_ignores_and_schemas_relative_to_the_config(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "db").mkdir()
    (project / "db" / "schema.sql").write_text("CREATE SCHEMA myschema;\nCREATE TABLE myschema.mytable (id int PRIMARY KEY);\n")
    (project / "pyproject.toml").write_text(CONFIG + '[tool.zeroetl-lint.per-file-ignores]\n"infra/aurora-*.yaml" = ["ZE2"]\n'
                                            '[tool.zeroetl-lint.schemas]\nmydb = ["db/schema.sql"]\n')
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    _, found = findings()
    assert found == []
    shown = run("check", "--show-settings").stdout
    # Outside the current directory, paths are shown absolute (as findings' paths are).
    assert f'schemas = {{"mydb": ["{(project / "db" / "schema.sql").resolve().as_posix()}"]}}' in shown
    assert f"# config file: {(project / 'pyproject.toml').resolve().as_posix()} [tool.zeroetl-lint]" in shown


def test_show_settings_names_where_each_value_came_from(project: Path) -> None:
    result = run("check", "--show-settings", "--select", "ZE2")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert 'select = ["ZE2"]  # --select' in lines
    assert 'ignore = ["ZE203"]  # pyproject.toml [tool.zeroetl-lint]' in lines
    assert 'fail-on = "warning"  # pyproject.toml [tool.zeroetl-lint]' in lines
    assert 'severity = {"ZE202": "warning"}  # pyproject.toml [tool.zeroetl-lint]' in lines


def test_files_given_with_configured_paths_are_linted_in_the_project_context(project: Path) -> None:
    """pre-commit passes only changed files; the configured paths supply the rest of the deployment."""
    (project / "infra" / "notes.yaml").write_text("key: value\n")
    _, found = findings("infra/notes.yaml")
    assert found == []  # nothing in the changed file, and the integration still resolves its imports
    _, found = findings("infra/zero-etl-integration.yaml")
    assert found == []  # no ZE902: the exports come from the context
    _, found = findings("infra/aurora-postgresql.yaml")
    assert [f["rule"] for f in found] == ["ZE202"]
    _, found = findings("--isolated", "infra/zero-etl-integration.yaml")
    assert [f["rule"] for f in found] == ["ZE902"]
