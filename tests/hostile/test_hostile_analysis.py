"""Analyses stay linear beyond the AWS limits; valid templates are not rejected by the nesting guard;
each CDK cloud assembly is its own deployment."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hostile_cli import SEED, cli, fingerprint, seed


def test_a_4000_clause_filter_is_rejected_by_ze503_without_pairwise_analysis(tmp_path: Path) -> None:
    (tmp_path / "huge.filter").write_text(", ".join(f"include: shop.public.t{n}" for n in range(4000)) + "\n")
    before = fingerprint(tmp_path)
    result = cli("check", "huge.filter", "--format", "json", cwd=tmp_path)  # minutes when pairwise
    rules = {finding["rule"] for finding in json.loads(result.stdout)["findings"]}
    assert result.returncode == 1 and "ZE503" in rules and "ZE508" not in rules
    assert fingerprint(tmp_path) == before


def test_brackets_in_comments_strings_and_block_scalars_do_not_count_as_nesting(tmp_path: Path) -> None:
    template = (SEED / "zero-etl-integration.yaml").read_text()
    brackets = "[" * 600
    template = (f"# {brackets}\n" + template + f"Metadata:\n  Note: '{brackets}'\n  Quoted: \"{brackets}\"\n"
                f"  Plain: x{brackets}\n  Block: |\n    {brackets}\n    {{{{{{\n")
    seed(tmp_path)
    (tmp_path / "zero-etl-integration.yaml").write_text(template)
    result = cli("check", ".", cwd=tmp_path)
    assert result.returncode == 0 and "All clear" in result.stdout, result.stdout
    (tmp_path / "deep.yaml").write_text("Resources: " + "[" * 600 + "]" * 600 + "\n")
    result = cli("check", "deep.yaml", cwd=tmp_path)
    assert result.returncode == 1 and "nest deeper" in result.stdout


def _assembly(directory: Path, *, broken: bool) -> None:
    seed(directory, broken=broken)
    stacks = {path.stem: {"type": "aws:cloudformation:stack", "environment": "aws://123456789012/us-east-1",
                          "properties": {"templateFile": path.name}} for path in sorted(directory.glob("*.yaml"))}
    (directory / "manifest.json").write_text(json.dumps({"version": "36.0.0", "artifacts": stacks}))


def _keys(result_stdout: str) -> list[tuple[str, str, str]]:
    return sorted((f["rule"], f["path"], f["object"]) for f in json.loads(result_stdout)["findings"])


def test_two_cloud_assemblies_in_one_tree_are_two_deployments(tmp_path: Path) -> None:
    _assembly(tmp_path / "dev" / "cdk.out", broken=False)
    _assembly(tmp_path / "prod" / "cdk.out", broken=True)
    together = cli("check", ".", "--format", "json", cwd=tmp_path)
    alone = [cli("check", name, "--format", "json", cwd=tmp_path) for name in ("dev", "prod")]
    assert together.returncode == 1
    assert _keys(together.stdout) == sorted(_keys(alone[0].stdout) + _keys(alone[1].stdout))
    assert "defined by 2 templates" not in together.stdout
    shutil.rmtree(tmp_path / "dev")
