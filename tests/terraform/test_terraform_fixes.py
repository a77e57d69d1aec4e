"""--fix on Terraform: literals replaced in place, missing parameter blocks added, dynamic blocks left alone."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from typer.testing import CliRunner

from zeroetl_lint.cli import app

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _run(directory: Path, *args: str) -> str:
    previous = os.getcwd()
    os.chdir(directory)
    try:
        return CliRunner().invoke(app, ["check", ".", *args], catch_exceptions=False).stdout
    finally:
        os.chdir(previous)


def _case(case: str, tmp_path: Path) -> Path:
    target = tmp_path / "case"
    shutil.copytree(FIXTURES / case, target, ignore=shutil.ignore_patterns("expected.txt"))
    return target


def test_a_literal_value_is_replaced(tmp_path: Path) -> None:
    case = _case("ZE304/bad_tf_workgroup_false", tmp_path)
    _run(case, "--fix", "--select", "ZE304")
    assert 'parameter_value = "true"' in (case / "target.tf").read_text()
    assert "ZE304" not in _run(case, "--select", "ZE304")


def test_missing_blocks_are_added_before_the_closing_brace(tmp_path: Path) -> None:
    case = _case("ZE304/bad_tf_workgroup_without_config_parameter", tmp_path)
    _run(case, "--fix", "--select", "ZE304")
    text = (case / "target.tf").read_text()
    assert ('  workgroup_name = "shop-wg"\n  config_parameter {\n'
            '    parameter_key   = "enable_case_sensitive_identifier"\n'
            '    parameter_value = "true"\n  }\n}\n') in text
    assert "ZE304" not in _run(case, "--select", "ZE304")

    case = _case("ZE202/bad_tf_dynamic_parameter", tmp_path / "other")
    source = case / "source.tf"
    source.write_text(source.read_text().replace('"aurora.logical_replication_globaldb" = "1" # must be 0\n', ""))
    # The parameter is missing from a dynamic block's collection: no mechanical edit, no fix.
    assert "ZE202" in _run(case, "--select", "ZE202")
    before = source.read_text()
    _run(case, "--fix", "--select", "ZE202")
    assert source.read_text() == before


def test_a_parameter_block_is_added_to_a_group_written_with_blocks(tmp_path: Path) -> None:
    case = _case("ZE304/ok_tf_workgroup_true", tmp_path)
    source = case / "source.tf"
    source.write_text(source.read_text().replace(
        '  parameter {\n    name  = "aurora.logical_replication_globaldb"\n    value = "0"\n  }\n', ""))
    assert "aurora.logical_replication_globaldb is not set" in _run(case, "--select", "ZE202")
    _run(case, "--fix", "--select", "ZE202")
    assert 'name  = "aurora.logical_replication_globaldb"\n    value = "0"\n  }\n}' in source.read_text()
    assert "ZE202" not in _run(case, "--select", "ZE202")
