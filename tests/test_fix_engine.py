"""The fix engine around the rules: CDK output, suppressions, planning rounds, safe writes and the reports."""

from __future__ import annotations

import codecs
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from zeroetl_lint.cli import app
from zeroetl_lint.findings import Edit, Fix
from zeroetl_lint.fixes import writing
from zeroetl_lint.fixes.plan import plan
from zeroetl_lint.fixes.text_edits import EditError, apply
from zeroetl_lint.fixes.unified_diff import file_diff

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"


def run(directory: Path, *args: str) -> Result:
    previous = os.getcwd()
    os.chdir(directory)
    try:
        return CliRunner().invoke(app, ["check", ".", *args], catch_exceptions=False)
    finally:
        os.chdir(previous)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# -- CDK output ------------------------------------------------------------------------------


@pytest.fixture
def assembly(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "ZE202" / "bad_cdk_export_named_by_stack", tmp_path / "app")
    (tmp_path / "app" / "expected.txt").unlink()
    return tmp_path / "app"


def test_cdk_assembly_is_never_written_and_the_output_says_so(assembly: Path) -> None:
    before = snapshot(assembly)
    result = run(assembly, "--select", "ZE202", "--fix")
    assert snapshot(assembly) == before
    assert "Note: cdk.out/OrdersDbStack.template.json is CDK output" in result.stdout
    assert "ZE202 [error] [*]" in result.stdout and "Fixed" not in result.stdout
    assert result.exit_code == 1


def test_cdk_assembly_gets_a_diff(assembly: Path) -> None:
    before = snapshot(assembly)
    result = run(assembly, "--select", "ZE202", "--diff")
    assert snapshot(assembly) == before
    assert result.exit_code == 1
    assert result.stdout.startswith("--- a/cdk.out/OrdersDbStack.template.json\n+++ b/cdk.out/OrdersDbStack.template.json\n")
    assert '\n-     "rds.logical_replication": "0",\n+     "rds.logical_replication": "1",\n' in result.stdout


# -- suppressions ----------------------------------------------------------------------------


def test_add_suppressions_silences_every_finding_in_yaml_json_and_sql(tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(FIXTURES / "fixes" / "ZE202_yaml_wrong_and_missing" / "before", work)
    shutil.copytree(FIXTURES / "fixes" / "ZE304_json_no_config_parameters" / "before", work / "warehouse")
    # Without templates around it, every table of the schema replicates: ZE601 reports two of them.
    shutil.copy(FIXTURES / "ZE601" / "bad_pk_missing_and_unique_only" / "schema.sql", tmp_path / "schema.sql")
    assert run(work, "--format", "json").exit_code == 1
    result = run(work, "--add-suppressions", "adopted with findings, TICKET-7")
    assert "Suppressed " in result.stdout and result.exit_code == 0, result.stdout
    database = (work / "database.yaml").read_text()
    assert "aurora.enhanced_logical_replication: 0  # zeroetl-lint: ignore[ZE202] adopted with findings, TICKET-7" in database
    assert '"zeroetl-lint": {"ignore": [{"rule": "ZE304", "reason": "adopted with findings, TICKET-7"}]}' in (
        work / "warehouse" / "warehouse.json").read_text()
    after = json.loads(run(work, "--format", "json").stdout)
    assert after["findings"] == [] and after["summary"]["suppressed"] > 0
    sql = tmp_path / "sql"
    sql.mkdir()
    shutil.move(tmp_path / "schema.sql", sql / "schema.sql")
    assert "Suppressed 2 findings" in run(sql, "--add-suppressions", "no key yet").stdout
    assert (sql / "schema.sql").read_text().count("-- zeroetl-lint: ignore[ZE601] no key yet\n") == 2
    assert json.loads(run(sql, "--format", "json").stdout)["findings"] == []


def test_add_suppressions_needs_a_reason(tmp_path: Path) -> None:
    result = run(tmp_path, "--add-suppressions", "  ")
    assert result.exit_code == 2 and "takes a reason" in result.stderr


# -- planning and applying -------------------------------------------------------------------


def _fix(*edits: tuple[int, int, int, int, str]) -> Fix:
    return Fix("t", tuple(Edit("f", *edit) for edit in edits))


def test_overlapping_fixes_wait_for_the_next_round_and_identical_ones_apply_once() -> None:
    text = "abcdef\nghij\n"
    first, overlapping, elsewhere = _fix((1, 2, 1, 4, "X")), _fix((1, 3, 1, 5, "Y")), _fix((2, 1, 2, 2, "Z"))
    chosen = plan([first, overlapping, elsewhere, _fix((1, 2, 1, 4, "X"))], {"f": text})
    assert chosen.deferred == (overlapping,)
    assert len(chosen.applied) == 3
    assert apply(text, chosen.edits["f"]) == "aXdef\nZhij\n"


def test_two_insertions_at_one_place_are_not_applied_together() -> None:
    chosen = plan([_fix((1, 1, 1, 1, "a")), _fix((1, 1, 1, 1, "b"))], {"f": "x"})
    assert len(chosen.applied) == 1 and len(chosen.deferred) == 1


def test_a_fix_whose_positions_do_not_fit_the_file_is_never_applied() -> None:
    chosen = plan([_fix((3, 1, 3, 2, "x")), _fix((1, 9, 1, 9, "x"))], {"f": "one\n"})
    assert chosen.applied == () and len(chosen.invalid) == 2
    with pytest.raises(EditError):
        apply("one\n", [Edit("f", 1, 1, 1, 3, "a"), Edit("f", 1, 2, 1, 4, "b")])


def test_columns_count_code_points_and_crlf_lines() -> None:
    text = "é: 1\r\nb: 2\r\n"
    assert apply(text, [Edit("f", 1, 4, 1, 5, "9"), Edit("f", 2, 5, 2, 5, "0")]) == "é: 9\r\nb: 20\r\n"


# -- writing ---------------------------------------------------------------------------------


def test_write_keeps_the_encoding_and_replaces_atomically(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_bytes(codecs.BOM_UTF16_LE + "a: 1\r\n".encode("utf-16-le"))
    original = writing.read(str(path))
    assert original is not None and original.text == "a: 1\r\n"
    writing.write(original, "a: 2\r\n")
    assert path.read_bytes() == codecs.BOM_UTF16_LE + "a: 2\r\n".encode("utf-16-le")
    assert [p.name for p in tmp_path.iterdir()] == ["t.yaml"]  # no temporary file left behind


def test_a_file_changed_since_it_was_read_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("a: 1\n")
    original = writing.read(str(path))
    assert original is not None
    path.write_text("a: 3\n")
    with pytest.raises(writing.Changed):
        writing.write(original, "a: 2\n")
    assert path.read_text() == "a: 3\n"


def test_unified_diff_marks_a_missing_final_newline() -> None:
    assert file_diff("x", "a", "b") == "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n" \
                                        "\\ No newline at end of file\n"


# -- reports ---------------------------------------------------------------------------------


def test_reports_carry_fixes_and_fixable_counts(tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(FIXTURES / "fixes" / "ZE203_yaml_family_unsafe" / "before", work)
    text = run(work, "--select", "ZE202,ZE203").stdout
    assert "ZE203 [error] Family" in text and "1 fixable with --fix --unsafe-fixes." in text
    unsafe = run(work, "--select", "ZE203", "--unsafe-fixes").stdout
    assert "ZE203 [error] [*] Family" in unsafe and "[*] 1 fixable with --fix --unsafe-fixes." in unsafe
    finding = json.loads(run(work, "--select", "ZE203", "--format", "json").stdout)["findings"][0]
    assert finding["fixes"] == [{
        "title": "Set Family of ClusterParams to aurora-postgresql16 (CloudFormation replaces the group)",
        "applicability": "unsafe",
        "edits": [{"path": "database.yaml", "line": 8, "column": 15, "end_line": 8, "end_column": 34,
                   "replacement": "aurora-postgresql16"}],
    }]
    sarif = json.loads(run(work, "--select", "ZE203", "--format", "sarif").stdout)
    change = sarif["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]
    assert change["replacements"][0]["deletedRegion"] == {"startLine": 8, "startColumn": 15, "endLine": 8, "endColumn": 34}


def test_rules_show_a_fixable_column() -> None:
    rules = CliRunner().invoke(app, ["rules"]).stdout.splitlines()
    assert rules[0].split()[:4] == ["ZE101", "source-engine-version", "error", "unsafe"]
    listed = {line.split()[0]: line.split()[3] for line in rules}
    assert listed["ZE202"] == "safe" and listed["ZE408"] == "safe/unsafe" and listed["ZE601"] == "-"
    document = json.loads(CliRunner().invoke(app, ["rules", "--format", "json"]).stdout)
    by_code = {rule["code"]: rule for rule in document["rules"]}
    assert by_code["ZE304"]["fixable"] is True and by_code["ZE304"]["fix_safety"] == ["safe"]
    assert by_code["ZE601"]["fixable"] is False


def test_each_fixable_rule_documents_its_fix_safety() -> None:
    from zeroetl_lint.engine import all_rules

    for rule in all_rules():
        assert ("## Fix safety" in rule.explanation) == bool(rule.fix_safety), rule.code
        for applicability in rule.fix_safety:
            assert applicability.value.capitalize() in rule.explanation.split("## Fix safety")[1], rule.code
