"""Terraform in the rest of the tool: suppressions, baselines, plan JSON, .tf.json, mixed inputs, hooks, imports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import yaml

from zeroetl_lint.engine import LintOptions, lint

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


def _copy(case: str, tmp_path: Path) -> Path:
    target = tmp_path / "case"
    shutil.copytree(FIXTURES / case, target, ignore=shutil.ignore_patterns("expected.txt"))
    return target


def _rules(path: Path, **options: object) -> list[tuple[str, str, int | None]]:
    report = lint(LintOptions(paths=(str(path),), **options))  # type: ignore[arg-type]
    return sorted((f.rule, Path(f.location.path or "").name, f.location.line) for f in report.findings)


def test_hcl_comments_suppress_on_the_line_and_on_the_resource(tmp_path: Path) -> None:
    case = _copy("ZE304/bad_tf_workgroup_false", tmp_path)
    target = case / "target.tf"
    text = target.read_text()
    assert [rule for rule, _, _ in _rules(case)] == ["ZE304"]
    target.write_text(text.replace('parameter_value = "false"', 'parameter_value = "false" # zeroetl-lint: ignore[ZE304] r'))
    assert _rules(case) == []
    target.write_text(text.replace('resource "aws_redshiftserverless_workgroup" "wg" {',
                                   'resource "aws_redshiftserverless_workgroup" "wg" { # zeroetl-lint: ignore[ZE304] r'))
    assert _rules(case) == []
    target.write_text(text.replace('resource "aws_redshiftserverless_namespace" "ns" {',
                                   'resource "aws_redshiftserverless_namespace" "ns" { # zeroetl-lint: ignore[ZE304] r'))
    # The finding belongs to the workgroup: a suppression on the namespace covers nothing.
    assert [rule for rule, _, _ in _rules(case)] == ["ZE304", "ZE903"]


@pytest.mark.parametrize("comment", ["// zeroetl-lint: ignore[ZE304] r", "/* zeroetl-lint: ignore[ZE304] r */"])
def test_hcl_slash_comments_suppress_too(tmp_path: Path, comment: str) -> None:
    case = _copy("ZE304/bad_tf_workgroup_false", tmp_path)
    target = case / "target.tf"
    text = target.read_text()
    target.write_text(text.replace('parameter_value = "false"', f'parameter_value = "false" {comment}'))
    assert _rules(case) == []
    # Alone on its line, the comment speaks for the next line of HCL.
    target.write_text(text.replace('resource "aws_redshiftserverless_workgroup" "wg" {',
                                   f'{comment}\n// another comment\nresource "aws_redshiftserverless_workgroup" "wg" {{'))
    assert _rules(case) == []


def test_baselines_are_keyed_by_resource_address(tmp_path: Path) -> None:
    case = _copy("ZE202/bad_tf_dynamic_parameter", tmp_path)
    baseline = tmp_path / "baseline.json"
    from typer.testing import CliRunner

    from zeroetl_lint.cli import app

    result = CliRunner().invoke(app, ["check", str(case), "--write-baseline", str(baseline)])
    assert result.exit_code == 0, result.output
    entries = json.loads(baseline.read_text())["entries"]
    assert [entry["object"] for entry in entries] == [
        'aws_rds_cluster_parameter_group.pg.parameter["aurora.logical_replication_globaldb"]']
    # Moving the block keeps the entry: it names the address, not the line.
    source = case / "source.tf"
    source.write_text("\n\n" + source.read_text())
    assert _rules(case, baseline=str(baseline)) == []


@pytest.mark.parametrize(("case", "statement"), [
    ("ZE305/bad_tf_deny_overrides_allow", "aws_redshift_resource_policy.ns.policy.Statement[1]"),
    ("ZE305/bad_deny_overrides_allow", "Resources/Namespace/Properties/NamespaceResourcePolicy/Statement/1"),
])
def test_json_names_a_policy_statement_in_the_words_of_its_input(case: str, statement: str) -> None:
    from typer.testing import CliRunner

    from zeroetl_lint.cli import app

    result = CliRunner().invoke(app, ["check", str(FIXTURES / case), "--format", "json"])
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["fix"] == f"Remove the source from the Deny statement ({statement})."


@pytest.mark.parametrize(("template", "words"), [(None, "module"), ("Resources: [\n", "template and module"),
                                                 ('{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}\n',
                                                  "template and module")])
def test_the_summary_speaks_the_words_of_inputs_that_cannot_be_parsed(tmp_path: Path, template: str | None,
                                                                      words: str) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_rds_cluster" "src" {\n  engine =\n', encoding="utf-8")
    if template is not None:
        (tmp_path / "stack.json").write_text(template, encoding="utf-8")
    report = lint(LintOptions(paths=(str(tmp_path),)))
    assert "ZE901" in [finding.rule for finding in report.findings]
    [note] = [note for note in report.skipped if "no zero-ETL integration" in note]
    assert note.endswith(f"(give every {words} of the deployment)"), note


def test_plan_json_is_recognised_by_content(tmp_path: Path) -> None:
    found = _rules(FIXTURES / "ZE202" / "bad_tfplan_parameter")
    assert ("ZE202", "plan.json", 87) in found, found
    assert not [rule for rule, _, _ in found if rule in ("ZE900", "ZE901")]


def test_plan_with_the_tf_files_points_at_the_tf_files(tmp_path: Path) -> None:
    case = _copy("ZE202/bad_tf_dynamic_parameter", tmp_path)
    plan = json.loads((FIXTURES / "ZE202" / "bad_tfplan_parameter" / "plan.json").read_text())
    # The plan of the same configuration without the module: the same addresses as the .tf files.
    root = plan["planned_values"]["root_module"]
    for resource in root.pop("child_modules")[0]["resources"]:
        address = resource["address"].removeprefix("module.db.").removesuffix("[0]")
        root["resources"].append({key: value for key, value in resource.items() if key != "index"} | {"address": address})
    configuration = plan["configuration"]["root_module"]
    configuration["resources"] += configuration.pop("module_calls")["db"]["module"]["resources"]
    for entry in configuration["resources"]:
        if entry["address"] == "aws_rds_integration.zetl":
            entry["expressions"]["source_arn"] = {"references": ["aws_rds_cluster.src.arn", "aws_rds_cluster.src"]}
    (case / "plan.json").write_text(json.dumps(plan, indent=1))
    report = lint(LintOptions(paths=(str(case),), select=("ZE202",)))
    # The plan's value (rds.logical_replication 0; the .tf files say 1) at the .tf position where the
    # value is written: the local's map entry that the dynamic block iterates over.
    assert [(f.location.path and Path(f.location.path).name, f.location.line, f.message.split(";")[0])
            for f in report.findings] == [("source.tf", 30, "rds.logical_replication is 0 in aws_rds_cluster_parameter_group.pg")]


def test_tf_json_files_are_read(tmp_path: Path) -> None:
    found = _rules(FIXTURES / "ZE304" / "bad_tfjson_workgroup_false")
    assert ("ZE304", "target.tf.json", 15) in found, found


def test_cloudformation_and_terraform_join_only_through_arns(tmp_path: Path) -> None:
    # A Terraform integration naming the seed's CloudFormation cluster by its literal ARN is tied to
    # it; its Terraform workgroup target is not the seed's namespace, and nothing else is shared.
    from zeroetl_lint.engine import build_project

    shutil.copytree(ROOT / "examples" / "seed", tmp_path / "seed")
    (tmp_path / "tf").mkdir()
    (tmp_path / "tf" / "zetl.tf").write_text(
        'resource "aws_rds_integration" "tf" {\n'
        '  integration_name = "tf-zetl"\n'
        '  source_arn       = "arn:aws:rds:ap-northeast-1:123456789012:cluster:database01"\n'
        '  target_arn       = aws_redshiftserverless_workgroup.other.arn\n'
        '  data_filter      = "include: mydb.*.*"\n'
        '}\n'
        'resource "aws_redshiftserverless_workgroup" "other" {\n  namespace_name = "x"\n}\n')
    deployment = build_project(LintOptions(paths=(str(tmp_path),))).deployment
    by_name = {integration.resource.logical_id: integration for integration in deployment.integrations}
    assert set(by_name) == {"Integration", "aws_rds_integration.tf"}
    tf_sources = deployment.integration_sources(by_name["aws_rds_integration.tf"])
    assert [source.resource.logical_id for source in tf_sources] == ["RDSDBCluster01"]
    assert deployment.integration_targets(by_name["aws_rds_integration.tf"]) == ()
    assert [target.resource.logical_id for target in deployment.integration_targets(by_name["Integration"])] == [
        "RedshiftServerlessNamespace"]
    report = lint(LintOptions(paths=(str(tmp_path),)))
    assert [f.object for f in report.findings if f.rule == "ZE402"] == ["aws_rds_integration.tf.target_arn"]


def test_a_cloudformation_integration_finds_a_terraform_cluster_by_its_literal_arn(tmp_path: Path) -> None:
    # The reverse of the join above: the ARN is written in the template, the cluster declared in HCL.
    from zeroetl_lint.engine import build_project

    (tmp_path / "integration.yaml").write_text(
        "Resources:\n  Integration:\n    Type: AWS::RDS::Integration\n    Properties:\n"
        "      SourceArn: arn:aws:rds:us-east-1:123456789012:cluster:orders-db\n"
        "      TargetArn: arn:aws:redshift-serverless:us-east-1:123456789012:namespace/"
        "0b7a8f9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\n")
    (tmp_path / "source.tf").write_text(
        'resource "aws_rds_cluster" "src" {\n  cluster_identifier = "orders-db"\n  engine = "aurora-postgresql"\n}\n'
        'resource "aws_rds_cluster" "other" {\n  cluster_identifier = "billing-db"\n  engine = "aurora-postgresql"\n}\n')
    deployment = build_project(LintOptions(paths=(str(tmp_path),))).deployment
    [integration] = deployment.integrations
    assert [source.resource.logical_id for source in deployment.integration_sources(integration)] == [
        "aws_rds_cluster.src"]
    assert [source.resource.logical_id for source in deployment.sources_in_use] == ["aws_rds_cluster.src"]


def test_pre_commit_hooks_take_terraform_files() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    for hook in hooks:
        pattern = re.compile(hook["files"])
        assert pattern.search("infra/main.tf") and pattern.search("infra/prod.tfvars"), hook["id"]
        assert pattern.search("infra/main.tf.json"), hook["id"]


def test_lark_is_imported_only_for_terraform_files_and_the_hcl2_package_never(tmp_path: Path) -> None:
    # A file never read before (unique text) is parsed: the cache of parsed files cannot answer.
    project = tmp_path / "terraform"
    shutil.copytree(ROOT / "examples" / "terraform", project)
    (project / "locals.tf").write_text(f"# {tmp_path}\nlocals {{\n  unique = true\n}}\n")
    probe = ("import sys\nfrom zeroetl_lint.engine import LintOptions, lint\n"
             f"lint(LintOptions(paths=({str(ROOT / 'examples' / 'seed')!r},)))\n"
             "print(sorted(m for m in ('hcl2', 'lark') if m in sys.modules))\n"
             f"lint(LintOptions(paths=({str(project)!r},)))\n"
             "print(sorted(m for m in ('hcl2', 'lark') if m in sys.modules))\n")
    printed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    # python-hcl2's grammar and post-lexer are read from its files; its package (serialiser,
    # transformer, `regex`) is not needed.
    assert printed.split("\n")[:2] == ["[]", "['lark']"], printed
