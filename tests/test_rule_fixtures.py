"""Data-driven rule tests: every fixtures/<CODE>/<case>/ runs through the CLI with --select CODE."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from zeroetl_lint.cli import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CASES = sorted(p for p in FIXTURES.glob("ZE*/*") if p.is_dir())


def run_case(case: Path) -> tuple[int, str]:
    """Lint the case directory from inside it, so paths in the output are relative to it."""
    code = case.parent.name
    settings = yaml.safe_load((case / "case.yaml").read_text()) if (case / "case.yaml").exists() else {}
    args = ["check", ".", "--select", code, "--format", "text", *settings.get("args", [])]
    previous = os.getcwd()
    os.chdir(case)
    try:
        result = CliRunner().invoke(app, args, catch_exceptions=False)
    finally:
        os.chdir(previous)
    return result.exit_code, result.stdout


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_fixture(case: Path, update_snapshots: bool) -> None:
    code = case.parent.name
    exit_code, output = run_case(case)
    reported = [line for line in output.splitlines() if f": {code} [" in line]
    expected_file = case / "expected.txt"
    if case.name.startswith("ok_"):
        assert not reported, output
        assert not expected_file.exists(), "ok_ cases have no expected.txt"
        return
    assert case.name.startswith("bad_"), f"case names start with ok_ or bad_: {case.name}"
    assert reported, f"{code} did not fire:\n{output}"
    if update_snapshots:
        expected_file.write_text(output)
    assert expected_file.exists(), f"{expected_file} is missing; review the output and run pytest --update-snapshots"
    assert output == expected_file.read_text()
    assert exit_code in (0, 1)
