"""Baselines through the CLI: written keyed by rule + path + object, read back, stale entries counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import edit, run, seed_copy

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
