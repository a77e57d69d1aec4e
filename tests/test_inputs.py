"""Finding inputs: directory walks honour .gitignore, CDK assemblies are read through manifest.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from zeroetl_lint.artifacts.files.discover import collect
from zeroetl_lint.artifacts.files.root import Root
from zeroetl_lint.engine import LintOptions, lint

CDK = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "cfn" / "cdk-synth" / \
    "aws-kr-startup-samples__aurora-postgresql-to-redshift"
SEED = Path(__file__).resolve().parents[1] / "examples" / "seed"


def test_gitignore_and_hidden_tool_directories_are_skipped(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("generated/\n*.tmp.yaml\n")
    for name in ("generated/a.yaml", "keep/b.yaml", "c.tmp.yaml", "node_modules/d.yaml", "e.sql", "f.filter"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x: 1\n")
    found = collect([str(tmp_path)], Root.of(tmp_path))
    assert [p.path.name for p in found.templates] == ["b.yaml"]
    assert [p.name for p in found.sql] == ["e.sql"] and [p.name for p in found.filters] == ["f.filter"]


def test_exclude_setting(tmp_path: Path) -> None:
    for name in ("infra/a.yaml", "legacy/b.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x: 1\n")
    found = collect([str(tmp_path)], Root.of(tmp_path), exclude=["legacy/"])
    assert [p.path.name for p in found.templates] == ["a.yaml"]


def test_non_templates_are_skipped_silently(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yaml").write_text("services:\n  db:\n    image: postgres\n")
    (tmp_path / "workflow.yml").write_text("on: push\njobs: {}\n")
    report = lint(LintOptions(paths=(str(tmp_path),)))
    assert report.findings == () and report.files == 0


@pytest.mark.skipif(not CDK.exists(), reason="../shared/corpus is not present")
def test_cdk_assembly_stacks_regions_and_construct_paths(tmp_path: Path) -> None:
    assembly = tmp_path / "cdk.out"
    shutil.copytree(CDK, assembly)
    (assembly / "asset.1234").mkdir()
    (assembly / "asset.1234" / "app.yaml").write_text("Resources: {Broken: [\n")  # application code, never read
    found = collect([str(tmp_path)], Root.of(tmp_path))
    assert sorted(p.path.name for p in found.templates) == sorted(
        json.loads((assembly / "manifest.json").read_text())["artifacts"][name]["properties"]["templateFile"]
        for name, artifact in json.loads((assembly / "manifest.json").read_text())["artifacts"].items()
        if artifact["type"] == "aws:cloudformation:stack"
    )
    assert {p.region for p in found.templates if p.missing_from is None} == {"us-east-1"}
    report = lint(LintOptions(paths=(str(tmp_path),)))
    ze305 = [f for f in report.findings if f.rule == "ZE305"]
    assert len(ze305) == 1
    assert "(ZeroETLfromRDStoRSS/ZeroETLIntegration)" in ze305[0].message
    missing = [f for f in report.findings if f.rule == "ZE902" and "missing" in f.message]
    assert missing and "AuroraPostgresClientHostStack.template.json" in missing[0].message
    assert not [f for f in report.findings if f.rule in ("ZE900", "ZE901")]


def test_explicit_file_with_unknown_suffix_is_read_by_content(tmp_path: Path) -> None:
    template = tmp_path / "stack.cfn"
    template.write_text((SEED / "aurora-postgresql.yaml").read_text())
    assert lint(LintOptions(paths=(str(template),))).files == 1


@pytest.mark.skipif(not CDK.exists(), reason="../shared/corpus is not present")
def test_nested_stage_assemblies_are_followed(tmp_path: Path) -> None:
    """CDK Pipelines apps keep their stacks in a Stage's nested assembly (assembly-Prod/)."""
    outer = tmp_path / "cdk.out"
    shutil.copytree(CDK, outer / "assembly-Prod")
    (outer / "manifest.json").write_text(json.dumps({"version": "36.0.0", "artifacts": {
        "assembly-Prod": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "assembly-Prod",
                                                                        "displayName": "Prod"}},
        "Tree": {"type": "cdk:tree", "properties": {"file": "tree.json"}},
    }}))
    report = lint(LintOptions(paths=(str(tmp_path),)))
    assert report.files == 4
    assert [f.rule for f in report.findings if f.rule == "ZE305"] == ["ZE305"]
