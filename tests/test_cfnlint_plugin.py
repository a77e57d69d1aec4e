"""The cfn-lint plugin: the real `cfn-lint` command, told to append our rules, reports zeroetl-lint findings."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed"
CFN_LINT = Path(sys.executable).with_name("cfn-lint")

pytestmark = pytest.mark.skipif(not CFN_LINT.exists(), reason="cfn-lint is not installed (the cfn-lint extra)")


def _seed(tmp_path: Path) -> Path:
    root = tmp_path / "deployment"
    shutil.copytree(SEED, root)
    return root


def _cfn_lint(cwd: Path, *args: str) -> list[str]:
    run = subprocess.run([str(CFN_LINT), "--format", "parseable", *args], cwd=cwd, capture_output=True, text=True,
                         timeout=300)
    assert "Traceback" not in run.stderr, run.stderr
    return run.stdout.splitlines()


def test_append_rules_reports_ze202_at_our_location(tmp_path: Path) -> None:
    root = _seed(tmp_path)
    template = root / "aurora-postgresql.yaml"
    template.write_text(template.read_text("utf-8").replace("rds.logical_replication: 1", "rds.logical_replication: 0"))
    lines = _cfn_lint(root, "--append-rules", "zeroetl_lint.integrations.cfnlint", "--", "aurora-postgresql.yaml")
    ours = [line for line in lines if ":E9101:" in line]
    assert ours == ["aurora-postgresql.yaml:137:34:137:35:E9101:ZE202 rds.logical_replication is 0 in "
                    "RDSDBClusterParameterGroup01; zero-ETL requires 1 (help: Set rds.logical_replication to 1 in "
                    "RDSDBClusterParameterGroup01 and reboot the writer instance.)"]


def test_cfnlintrc_append_rules_and_the_other_stacks_as_context(tmp_path: Path) -> None:
    root = _seed(tmp_path)
    (root / ".cfnlintrc").write_text("append_rules:\n  - zeroetl_lint.integrations.cfnlint\n")
    workgroup = root / "redshift-serverless.yaml"
    workgroup.write_text(workgroup.read_text("utf-8").replace('ParameterValue: "true"', 'ParameterValue: "false"'))
    # The finding needs the integration's stack (it names the workgroup's namespace as its target) and
    # sits in the workgroup's file, so that file's matches carry it and the integration's do not.
    lines = _cfn_lint(root, "--", "redshift-serverless.yaml", "zero-etl-integration.yaml")
    ours = [line for line in lines if ":E9101:" in line or ":W9101:" in line]
    assert len(ours) == 1 and ours[0].startswith("redshift-serverless.yaml:") and ":E9101:ZE304 " in ours[0], lines
    assert not [line for line in lines if line.startswith("zero-etl-integration.yaml:") and "9101" in line]


def test_the_clean_example_has_no_zeroetl_lint_matches(tmp_path: Path) -> None:
    root = _seed(tmp_path)
    lines = _cfn_lint(root, "--append-rules", "zeroetl_lint.integrations.cfnlint", "--", *sorted(p.name for p in root.glob("*.yaml")))
    assert [line for line in lines if "9101:" in line] == []
