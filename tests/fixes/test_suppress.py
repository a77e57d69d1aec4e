"""Suppression edits (fixes/suppress.py): applied, each one silences its finding and nothing else (no ZE903)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from zeroetl_lint.engine import LintOptions, lint
from zeroetl_lint.findings import Edit, Finding, Location, Severity
from zeroetl_lint.fixes.suppress import suppression_edits, suppression_fix

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed"
BROKEN = ("rds.logical_replication: 1", "rds.logical_replication: 0")


def _apply(text: str, edits: tuple[Edit, ...]) -> str:
    lines = text.splitlines(keepends=True)
    for edit in sorted(edits, key=lambda e: (e.line, e.column), reverse=True):
        start = sum(len(line) for line in lines[:edit.line - 1]) + edit.column - 1
        end = sum(len(line) for line in lines[:edit.end_line - 1]) + edit.end_column - 1
        text = text[:start] + edit.replacement + text[end:]
        lines = text.splitlines(keepends=True)
    return text


def _findings(root: Path, **options: object) -> list[Finding]:
    return [f for f in lint(LintOptions(paths=(str(root),), **options)).findings if f.rule != "ZE902"]


@pytest.fixture
def seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "seed"
    shutil.copytree(SEED, root)
    monkeypatch.chdir(root)
    return root


def _suppress_all(root: Path, path: Path) -> str:
    findings = [f for f in _findings(root) if f.location.path == path.name]
    assert findings
    edits = suppression_edits(findings, path.read_text("utf-8"))
    path.write_text(_apply(path.read_text("utf-8"), edits), "utf-8")
    return path.read_text("utf-8")


def test_yaml_comment_on_the_line(seed: Path) -> None:
    template = seed / "aurora-postgresql.yaml"
    template.write_text(template.read_text().replace(*BROKEN))
    (finding,) = _findings(seed)
    fix = suppression_fix(finding, template.read_text())
    assert fix is not None and fix.title == "Suppress ZE202 for this line"
    written = _suppress_all(seed, template)
    assert "rds.logical_replication: 0  # zeroetl-lint: ignore[ZE202]\n" in written
    assert _findings(seed) == []


def test_yaml_block_scalar_falls_back_to_the_resource_header(seed: Path) -> None:
    integration = seed / "zero-etl-integration.yaml"
    text = integration.read_text()
    # A bad character inside a literal block: a comment there would become part of the filter.
    integration.write_text(text.replace("DataFilter: 'include: mydb.myschema.mytable'",
                                        "DataFilter: |\n        include: mydb.myschema.mytable, include: mydb.é.x"))
    findings = [f for f in _findings(seed) if f.location.path == "zero-etl-integration.yaml"]
    assert findings
    fix = suppression_fix(findings[0], integration.read_text())
    assert fix is not None and fix.title.endswith("for this resource")
    _suppress_all(seed, integration)
    assert [f for f in _findings(seed) if f.location.path == "zero-etl-integration.yaml"] == []


def test_yaml_existing_comment_gains_the_code(seed: Path) -> None:
    template = seed / "aurora-postgresql.yaml"
    template.write_text(template.read_text().replace(*BROKEN).replace(
        "rds.logical_replication: 0", "rds.logical_replication: 0  # zeroetl-lint: ignore[ZE203] legacy"))
    (finding, unused) = sorted(_findings(seed), key=lambda f: f.rule)
    assert (finding.rule, unused.rule) == ("ZE202", "ZE903")
    fix = suppression_fix(finding, template.read_text())
    assert fix is not None
    written = _apply(template.read_text(), fix.edits)
    assert "# zeroetl-lint: ignore[ZE203, ZE202] legacy" in written


def _as_json(root: Path) -> Path:
    from zeroetl_lint.artifacts.cloudformation.loader import load

    def plain(node: object) -> object:
        if isinstance(node, dict):
            return {k: plain(v) for k, v in node.items()}
        if isinstance(node, list):
            return [plain(v) for v in node]
        return node

    source = root / "aurora-postgresql.yaml"
    target = root / "aurora-postgresql.json"
    target.write_text(json.dumps(plain(load(source.read_text().replace(*BROKEN)).data), indent=2))
    source.unlink()
    return target


def test_json_metadata_entry_on_the_resource(seed: Path) -> None:
    template = _as_json(seed)
    (finding,) = _findings(seed)
    fix = suppression_fix(finding, template.read_text())
    assert fix is not None and fix.title == "Suppress ZE202 for this resource"
    written = _suppress_all(seed, template)
    group = json.loads(written)["Resources"]["RDSDBClusterParameterGroup01"]
    assert group["Metadata"] == {"zeroetl-lint": {"ignore": [{"rule": "ZE202"}]}}
    assert _findings(seed) == []


def test_json_existing_ignore_list_gains_an_entry(seed: Path) -> None:
    template = _as_json(seed)
    data = json.loads(template.read_text())
    data["Resources"]["RDSDBClusterParameterGroup01"]["Metadata"] = {"zeroetl-lint": {"ignore": [{"rule": "ZE203"}]}}
    template.write_text(json.dumps(data, indent=2))
    finding = next(f for f in _findings(seed) if f.rule == "ZE202")
    fix = suppression_fix(finding, template.read_text(), reason="reviewed")
    assert fix is not None
    written = json.loads(_apply(template.read_text(), fix.edits))
    assert written["Resources"]["RDSDBClusterParameterGroup01"]["Metadata"]["zeroetl-lint"]["ignore"] == [
        {"rule": "ZE202", "reason": "reviewed"}, {"rule": "ZE203"}]


def test_sql_comment_line_above_and_existing_directive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    schema = tmp_path / "shop.sql"
    schema.write_text("CREATE TABLE public.orders (\n  id integer,\n  total numeric\n);\n"
                      "CREATE TABLE public.items (id integer PRIMARY KEY);\n")
    (tmp_path / "shop.filter").write_text("include: shop.*.*\n")
    options = {"schemas": {"shop": ("shop.sql",)}}

    def found() -> list[Finding]:
        return [f for f in lint(LintOptions(paths=("shop.filter",), **options)).findings if f.location.path == "shop.sql"]

    before = found()
    assert {f.rule for f in before} >= {"ZE601", "ZE603"}
    edits = suppression_edits(before, schema.read_text())
    schema.write_text(_apply(schema.read_text(), edits))
    assert "-- zeroetl-lint: ignore[" in schema.read_text()
    assert found() == []


TF_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def workgroup_false(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "tf"
    shutil.copytree(TF_FIXTURES / "ZE304" / "bad_tf_workgroup_false", root)
    (root / "expected.txt").unlink()
    monkeypatch.chdir(root)
    return root


def test_hcl_comment_on_the_line(workgroup_false: Path) -> None:
    target = workgroup_false / "target.tf"
    (finding,) = [f for f in _findings(workgroup_false) if f.rule == "ZE304"]
    fix = suppression_fix(finding, target.read_text(), "until the next release")
    assert fix is not None and fix.title == "Suppress ZE304 for this line"
    target.write_text(_apply(target.read_text(), fix.edits))
    assert ('parameter_value = "false"  # zeroetl-lint: ignore[ZE304] until the next release\n'
            in target.read_text())
    assert [f for f in _findings(workgroup_false) if f.rule in ("ZE304", "ZE903")] == []


def test_hcl_heredoc_falls_back_to_the_block_line(workgroup_false: Path) -> None:
    integration = workgroup_false / "integration.tf"
    # The filter is a heredoc: a comment after its <<-EOT marker would break it.
    integration.write_text(integration.read_text().replace('data_filter      = "include: shop.*.*"',
                                                           'data_filter = <<-EOT\n    include shop.*.*\n  EOT'))
    findings = [f for f in _findings(workgroup_false) if f.location.path == "integration.tf"]
    assert findings and {f.rule for f in findings} >= {"ZE501"}
    fix = suppression_fix(findings[0], integration.read_text())
    assert fix is not None and fix.title.endswith("for this resource")
    written = _suppress_all(workgroup_false, integration)
    assert written.startswith('resource "aws_rds_integration" "zetl" {  # zeroetl-lint: ignore[')
    assert "    include shop.*.*\n  EOT\n" in written
    assert [f for f in _findings(workgroup_false) if f.location.path == "integration.tf"] == []


def test_hcl_existing_comment_gains_the_code(workgroup_false: Path) -> None:
    target = workgroup_false / "target.tf"
    target.write_text(target.read_text().replace('parameter_value = "false"',
                                                 'parameter_value = "false" // zeroetl-lint: ignore[ZE303] legacy'))
    (finding,) = [f for f in _findings(workgroup_false) if f.rule == "ZE304"]
    fix = suppression_fix(finding, target.read_text())
    assert fix is not None
    assert '// zeroetl-lint: ignore[ZE303, ZE304] legacy' in _apply(target.read_text(), fix.edits)


def test_terraform_json_gets_no_metadata() -> None:
    # Terraform rejects a top-level "Metadata" key, and JSON has no comments: no suppression is offered.
    text = '{"resource": {"aws_rds_cluster": {"src": {"engine": "aurora-postgresql"}}}}\n'
    finding = Finding("ZE101", "source-engine-version", Severity.ERROR, "message", "fix",
                      Location("main.tf.json", 1, 50), "aws_rds_cluster.src", "https://example.invalid/ZE101")
    assert suppression_edits([finding], text) == ()


def test_terraform_plan_gets_no_metadata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "plan"
    shutil.copytree(TF_FIXTURES / "ZE202" / "bad_tfplan_parameter", root)
    monkeypatch.chdir(root)
    findings = [f for f in _findings(root) if f.location.path == "plan.json"]
    assert findings
    assert suppression_edits(findings, (root / "plan.json").read_text()) == ()
