"""Baselines through the CLI: written keyed by rule + path + object, read back, stale entries counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import edit, run, seed_copy

from zeroetl_lint.findings import Severity
from zeroetl_lint.registry import rule

VERSION_LINE = '      EngineVersion: "16.4"\n      StorageType'


@pytest.fixture
def seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    seed_copy(tmp_path / "infra")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "infra" / "aurora-postgresql.yaml"


def test_write_then_read_a_baseline(seed: Path) -> None:
    written = run("check", "infra", "--write-baseline", "zeroetl-baseline.json")
    assert written.exit_code == 0
    assert "1 baselined, 0 stale baseline entries" in written.stdout
    document = json.loads(Path("zeroetl-baseline.json").read_text())
    assert document == {"version": 1, "entries": [{
        "rule": "ZE202", "path": "infra/aurora-postgresql.yaml",
        "object": "Resources/RDSDBClusterParameterGroup01/Properties/Parameters/aurora.enhanced_logical_replication"}]}
    assert "line" not in json.dumps(document)

    # Lines move and a new problem appears: only the new one is reported.
    seed.write_text("# moved\n\n" + seed.read_text())
    edit(seed, VERSION_LINE, VERSION_LINE.replace("16.4", "15.4"))
    result = run("check", "infra", "--baseline", "zeroetl-baseline.json", "--format", "json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)["summary"]
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["ZE203", "ZE101"]
    assert (summary["baselined"], summary["stale_baseline_entries"]) == (1, 0)


def test_fixed_findings_leave_stale_entries_and_baseline_from_config(seed: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    run("check", "infra", "--write-baseline", "zeroetl-baseline.json")
    edit(seed, "enhanced_logical_replication: 0", "enhanced_logical_replication: 1")
    (tmp_path / ".zeroetl-lint.toml").write_text('paths = ["infra"]\nbaseline = "zeroetl-baseline.json"\n')
    (tmp_path / "infra" / "deeper").mkdir()
    monkeypatch.chdir(tmp_path / "infra" / "deeper")  # the baseline's paths do not depend on where we run
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "All clear: 3 files checked, no findings; 0 baselined, 1 stale baseline entries."


def test_bad_baseline_is_a_usage_error(seed: Path) -> None:
    Path("b.json").write_text('{"version": 1, "entries": [{"rule": "ZE202"}]}')
    result = run("check", "infra", "--baseline", "b.json")
    assert result.exit_code == 2 and "b.json is not a zeroetl-lint baseline" in result.stderr
    assert run("check", "infra", "--baseline", "missing.json").exit_code == 2


def test_a_crash_is_never_baselined(seed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zeroetl_lint.checks as checks

    @rule(code="ZE899", name="always-crashes", severity=Severity.ERROR)
    def always_crashes(project: object) -> list[object]:
        """Checks for nothing; raises to exercise crash isolation."""
        raise KeyError("Statement")

    monkeypatch.setattr(checks, "CATALOG", (*checks.CATALOG, always_crashes))
    written = run("check", "infra", "--write-baseline", "zeroetl-baseline.json", "--format", "json")
    assert written.exit_code == 2  # the crash still fails the run
    assert [f["rule"] for f in json.loads(written.stdout)["findings"]] == ["ZE900"]
    entries = json.loads(Path("zeroetl-baseline.json").read_text())["entries"]
    assert [entry["rule"] for entry in entries] == ["ZE202"]
    # A baseline that lists the crash anyway (written by hand) does not absorb it either.
    Path("zeroetl-baseline.json").write_text(json.dumps({"version": 1, "entries": [
        *entries, {"rule": "ZE900", "path": "", "object": "ZE899"}]}))
    again = run("check", "infra", "--baseline", "zeroetl-baseline.json", "--format", "json")
    assert again.exit_code == 2
    assert [f["rule"] for f in json.loads(again.stdout)["findings"]] == ["ZE900"]
