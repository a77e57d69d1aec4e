"""check --fix and --diff on fixtures/fixes/<case>/: before/ is fixed into exactly after/, and stays fixed.

Each case.yaml names the rule (select), extra arguments (--unsafe-fixes) and how many of the rule's
findings the fix leaves (remaining, default 0; none of them fixable). `pytest --update-snapshots`
rewrites after/ and diff.txt: review them byte by byte.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from zeroetl_lint.cli import app

CASES_ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "fixes"
CASES = sorted(path for path in CASES_ROOT.iterdir() if (path / "before").is_dir())


def files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def run(directory: Path, *args: str) -> Result:
    previous = os.getcwd()
    os.chdir(directory)
    try:
        return CliRunner().invoke(app, ["check", ".", *args], catch_exceptions=False)
    finally:
        os.chdir(previous)


def settings(case: Path) -> dict[str, object]:
    return yaml.safe_load((case / "case.yaml").read_text())


@pytest.fixture(params=CASES, ids=[case.name for case in CASES])
def case(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, Path, list[str]]]:
    """(the case, a copy of its before/ to work in, the check arguments)."""
    work = tmp_path / "work"
    shutil.copytree(request.param / "before", work)
    found = settings(request.param)
    yield request.param, work, ["--select", str(found["select"]), *map(str, found.get("args") or [])]


def test_fix_gives_exactly_the_expected_files(case: tuple[Path, Path, list[str]], update_snapshots: bool) -> None:
    case_dir, work, args = case
    result = run(work, *args, "--fix")
    assert result.exit_code in (0, 1), result.output
    assert "Fixed " in result.stdout, result.stdout
    if update_snapshots:
        shutil.rmtree(case_dir / "after", ignore_errors=True)
        shutil.copytree(work, case_dir / "after")
    assert files(work) == files(case_dir / "after")


def test_fixed_files_no_longer_have_the_finding(case: tuple[Path, Path, list[str]]) -> None:
    case_dir, work, args = case
    shutil.rmtree(work)
    shutil.copytree(case_dir / "after", work)
    code = str(settings(case_dir)["select"])
    report = run(work, *args, "--format", "json").stdout
    import json

    findings = [finding for finding in json.loads(report)["findings"] if finding["rule"] == code]
    assert len(findings) == settings(case_dir).get("remaining", 0), report
    assert not any(finding["fixes"] for finding in findings), report


def test_fix_twice_changes_nothing_the_second_time(case: tuple[Path, Path, list[str]]) -> None:
    _, work, args = case
    run(work, *args, "--fix")
    once = files(work)
    second = run(work, *args, "--fix")
    assert files(work) == once
    assert "Fixed " not in second.stdout
    assert run(work, *args, "--diff").stdout == ""


def test_diff_shows_the_fix_and_writes_nothing(case: tuple[Path, Path, list[str]], update_snapshots: bool) -> None:
    case_dir, work, args = case
    before = files(work)
    result = run(work, *args, "--diff")
    assert result.exit_code == 1
    assert files(work) == before
    snapshot = case_dir / "diff.txt"
    if update_snapshots:
        snapshot.write_text(result.stdout)
    assert result.stdout == snapshot.read_text()
