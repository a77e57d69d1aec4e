"""Outputs never overwrite inputs: every destination is compared, resolved, with every input and each other."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hostile_cli import cli, fingerprint, one_line_error, seed


@pytest.fixture
def project(tmp_path: Path) -> Path:
    seed(tmp_path / "infra")
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "schema.sql").write_text("CREATE TABLE orders (id int PRIMARY KEY);\n")
    return tmp_path


@pytest.mark.parametrize("args", [
    ["--output-file", "infra/aurora-postgresql.yaml"],
    ["--format", "json:infra/aurora-postgresql.yaml"],
    ["--format", "sarif:./infra/../infra/redshift-serverless.yaml"],
    ["--write-baseline", "infra/zero-etl-integration.yaml"],
    ["--schema", "mydb=db/schema.sql", "--output-file", "db/schema.sql"],
])
def test_an_output_onto_an_input_is_a_usage_error_and_writes_nothing(project: Path, args: list[str]) -> None:
    before = fingerprint(project)
    error = one_line_error(cli("check", "infra", *args, cwd=project))
    assert "an input of this run" in error
    assert fingerprint(project) == before


def test_an_output_onto_a_walked_input_through_a_link_or_hard_link(project: Path) -> None:
    (project / "report.json").symlink_to(project / "infra" / "aurora-postgresql.yaml")
    os.link(project / "infra" / "redshift-serverless.yaml", project / "hard.json")
    before = fingerprint(project)
    one_line_error(cli("check", "infra", "--format", "json:report.json", cwd=project))
    one_line_error(cli("check", "infra", "--format", "json:hard.json", cwd=project))
    assert fingerprint(project) == before


def test_baseline_config_and_outputs_never_share_a_file(project: Path) -> None:
    cli("check", "infra", "--write-baseline", "baseline.json", cwd=project)
    (project / ".zeroetl-lint.toml").write_text('fail-on = "error"\n')
    before = fingerprint(project)
    assert "same file" in one_line_error(cli("check", "infra", "--format", "json:r.json", "--format",
                                             "sarif:./r.json", cwd=project))
    one_line_error(cli("check", "infra", "--baseline", "baseline.json", "--format", "json:baseline.json", cwd=project))
    one_line_error(cli("check", "infra", "--baseline", "baseline.json", "--write-baseline", "./baseline.json",
                       cwd=project))
    one_line_error(cli("check", "infra", "--output-file", ".zeroetl-lint.toml", cwd=project))
    one_line_error(cli("check", "infra", "--write-baseline", "b.json", "--output-file", "b.json", cwd=project))
    assert fingerprint(project) == before


def test_a_report_inside_the_walked_tree_can_be_written_again(project: Path) -> None:
    first = cli("check", ".", "--format", "json:report.json", cwd=project)
    second = cli("check", ".", "--format", "json:report.json", cwd=project)
    assert first.returncode == second.returncode == 0, second.stderr
    assert json.loads((project / "report.json").read_text())["summary"]["files"] == 4  # three templates and db/schema.sql


def test_a_failed_run_leaves_the_old_report_intact(project: Path) -> None:
    cli("check", "infra", "--format", "json:report.json", cwd=project)
    before = (project / "report.json").read_bytes()
    one_line_error(cli("check", "infra", "--format", "json:report.json", "--fail-on", "sometimes", cwd=project))
    assert (project / "report.json").read_bytes() == before
    assert [p.name for p in project.iterdir() if p.name.endswith(".tmp")] == []
