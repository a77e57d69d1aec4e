"""--fix on Terraform: literals replaced, parameter blocks and depends_on entries added, dynamic blocks left alone."""

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


def test_depends_on_is_added_as_the_last_argument(tmp_path: Path) -> None:
    case = _case("ZE408/bad_tf_no_depends_on", tmp_path)
    _run(case, "--fix", "--select", "ZE408")
    assert ('  data_filter      = "include: shop.*.*"\n'
            "  depends_on = [aws_rds_cluster_instance.writer, aws_redshiftserverless_workgroup.wg]\n}\n"
            ) in (case / "integration.tf").read_text()
    assert "ZE408" not in _run(case, "--select", "ZE408")


def test_missing_resources_are_added_to_depends_on_as_written(tmp_path: Path) -> None:
    case = _case("ZE408/bad_tf_no_depends_on", tmp_path)
    integration = case / "integration.tf"
    closing = '  data_filter      = "include: shop.*.*"\n'
    # One line: the missing resource follows the listed one; already listed ones are not repeated.
    integration.write_text(integration.read_text().replace(
        closing, closing + "  depends_on = [aws_redshiftserverless_workgroup.wg]\n"))
    _run(case, "--fix", "--select", "ZE408")
    assert ("depends_on = [aws_redshiftserverless_workgroup.wg, aws_rds_cluster_instance.writer]\n"
            in integration.read_text())
    assert "ZE408" not in _run(case, "--select", "ZE408")

    # One per line with trailing commas: a line in the same style before the closing bracket.
    case = _case("ZE408/bad_tf_no_depends_on", tmp_path / "lines")
    integration = case / "integration.tf"
    integration.write_text(integration.read_text().replace(
        closing, closing + "  depends_on = [\n    aws_redshiftserverless_workgroup.wg,\n  ]\n"))
    _run(case, "--fix", "--select", "ZE408")
    assert ("  depends_on = [\n    aws_redshiftserverless_workgroup.wg,\n    aws_rds_cluster_instance.writer,\n  ]\n"
            in integration.read_text())
    assert "ZE408" not in _run(case, "--select", "ZE408")

    # The last item without a trailing comma: no mechanical insertion, so no fix and no change.
    case = _case("ZE408/bad_tf_no_depends_on", tmp_path / "no-comma")
    integration = case / "integration.tf"
    integration.write_text(integration.read_text().replace(
        closing, closing + "  depends_on = [\n    aws_redshiftserverless_workgroup.wg\n  ]\n"))
    before = integration.read_text()
    _run(case, "--fix", "--select", "ZE408")
    assert integration.read_text() == before
