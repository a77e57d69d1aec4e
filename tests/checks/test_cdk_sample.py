"""The PostgreSQL CDK sample: its namespace authorizes no source (ZE305), and its ARNs are all right."""

from __future__ import annotations

from pathlib import Path

import pytest

from zeroetl_lint.engine import LintOptions, lint

SAMPLE = (Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "cfn" / "cdk-synth"
          / "aws-kr-startup-samples__aurora-postgresql-to-redshift")


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="the shared corpus is not checked out")
def test_cdk_sample_reports_unauthorized_source_and_no_arn_errors() -> None:
    report = lint(LintOptions(paths=(str(SAMPLE),)))
    rules = [finding.rule for finding in report.findings]
    assert "ZE401" not in rules and "ZE402" not in rules, rules
    [finding] = [finding for finding in report.findings if finding.rule == "ZE305"]
    assert finding.location.path is not None and finding.location.path.endswith("ZeroETLfromRDStoRSS.template.json")
    assert finding.object == "Resources/ZeroETLIntegration/Properties/SourceArn"
    assert "RedshiftServerlessCfnNamespace" in finding.message
    assert finding.related and finding.related[0].location.path.endswith("RedshiftServerlessStack.template.json")
