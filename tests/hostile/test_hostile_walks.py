"""Bounded walks and reads: special files, dangling links, loops, unreadable directories, escaping manifests."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hostile_cli import cli, fingerprint, one_line_error, seed


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def test_a_fifo_in_a_walked_directory_is_skipped(tmp_path: Path) -> None:
    seed(tmp_path)
    _fifo(tmp_path / "pipe.yaml")
    _fifo(tmp_path / "pipe.sql")
    result = cli("check", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 files checked" in result.stdout


def test_a_fifo_as_manifest_baseline_schema_or_named_file_never_blocks(tmp_path: Path) -> None:
    seed(tmp_path / "infra")
    (tmp_path / "cdk.out").mkdir()
    _fifo(tmp_path / "cdk.out" / "manifest.json")
    _fifo(tmp_path / "baseline.json")
    _fifo(tmp_path / "schema.sql")
    _fifo(tmp_path / "named.yaml")
    assert cli("check", ".", cwd=tmp_path).returncode == 0
    assert "named pipe" in one_line_error(cli("check", "infra", "--baseline", "baseline.json", cwd=tmp_path))
    result = cli("check", "infra", "--schema", "mydb=schema.sql", cwd=tmp_path)
    assert result.returncode == 1 and "ZE901" in result.stdout and "named pipe" in result.stdout
    result = cli("check", "named.yaml", cwd=tmp_path)
    assert result.returncode == 1 and "ZE901" in result.stdout and "named pipe" in result.stdout


def test_dangling_links_and_link_loops_are_skipped(tmp_path: Path) -> None:
    seed(tmp_path)
    (tmp_path / ".#aurora-postgresql.yaml").symlink_to("root@host.12345:1700000000")
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to("..")
    (tmp_path / "sub" / "self").symlink_to("self")
    before = fingerprint(tmp_path)
    result = cli("check", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 files checked" in result.stdout
    error = one_line_error(cli("check", ".#aurora-postgresql.yaml", cwd=tmp_path))
    assert ".#aurora-postgresql.yaml" in error and "root@host" not in error
    assert fingerprint(tmp_path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every directory, so none can be made unreadable")
def test_an_unreadable_directory_is_a_finding_not_silence(tmp_path: Path) -> None:
    seed(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "stack.yaml").write_text("Resources: {}\n")
    locked.chmod(0)
    try:
        result = cli("check", ".", cwd=tmp_path)
    finally:
        locked.chmod(0o755)
    assert result.returncode == 1 and "ZE901" in result.stdout and "cannot read directory locked" in result.stdout


def _manifest(directory: Path, artifacts: dict[str, object]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "manifest.json").write_text(json.dumps({"version": "36.0.0", "artifacts": artifacts}))


def test_a_manifest_naming_files_outside_its_assembly_reads_none_of_them(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("Resources:\n  Leak:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: TOPSECRET-VALUE}\n"
                      "  Bad: [\n")
    repo = tmp_path / "repo"
    seed(repo / "cdk.out")
    stacks = {name: {"type": "aws:cloudformation:stack", "properties": {"templateFile": name + ".yaml"}}
              for name in ("aurora-postgresql", "redshift-serverless", "zero-etl-integration")}
    stacks["Escape"] = {"type": "aws:cloudformation:stack", "properties": {"templateFile": "../../secret.yaml"}}
    stacks["Absolute"] = {"type": "aws:cloudformation:stack", "properties": {"templateFile": str(secret)}}
    stacks["Nested"] = {"type": "cdk:cloud-assembly", "properties": {"directoryName": str(tmp_path)}}
    (repo / "cdk.out" / "link.yaml").symlink_to(secret)
    stacks["Linked"] = {"type": "aws:cloudformation:stack", "properties": {"templateFile": "link.yaml"}}
    _manifest(repo / "cdk.out", stacks)
    for output in ("full", "json"):
        result = cli("check", ".", "--format", output, cwd=repo)
        assert "TOPSECRET" not in result.stdout and "Leak" not in result.stdout
        assert result.returncode == 1
    text = cli("check", ".", cwd=repo).stdout
    assert text.count("outside the cloud assembly directory") == 4, text


def test_manifests_that_nest_back_into_themselves_end_quickly(tmp_path: Path) -> None:
    assembly = tmp_path / "cdk.out"
    seed(assembly)
    stacks: dict[str, object] = {
        name: {"type": "aws:cloudformation:stack", "properties": {"templateFile": name + ".yaml"}}
        for name in ("aurora-postgresql", "redshift-serverless", "zero-etl-integration")}
    # Without a visited set, 20 self-references nested 8 deep are 20**8 manifest reads.
    stacks.update({f"Stage{n}": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "."}}
                   for n in range(20)})
    _manifest(assembly, stacks)
    result = cli("check", ".", cwd=tmp_path)
    assert result.returncode == 0 and "3 files checked" in result.stdout, result.stdout
