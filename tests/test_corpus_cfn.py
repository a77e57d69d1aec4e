"""Every real-world template in ../shared/corpus/cfn lints without a crash, alone and all together."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from zeroetl_lint.engine import LintOptions, lint

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "cfn"
TEMPLATES = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".json") and p.name != "manifest.json")

pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not present")


@pytest.mark.parametrize("template", TEMPLATES, ids=[p.name for p in TEMPLATES])
def test_template_lints_without_internal_error(template: Path) -> None:
    start = time.perf_counter()
    report = lint(LintOptions(paths=(str(template),)))
    assert time.perf_counter() - start < 10
    assert not [f for f in report.findings if f.rule == "ZE900"], report.findings


DUPLICATE_ID_SAMPLE = "manishdotkr-aurora-mysql-provisioned-custom"


def test_whole_corpus_together() -> None:
    report = lint(LintOptions(paths=(str(CORPUS),)))
    assert not [f for f in report.findings if f.rule == "ZE900"]
    # Every file of the corpus is a real template; none may be mistaken for a parse error, except
    # the one real defect: a public repository's template that defines a logical id twice.
    parse_errors = [(Path(f.location.path or "").parent.name, f.location.line) for f in report.findings if f.rule == "ZE901"]
    assert parse_errors == [(DUPLICATE_ID_SAMPLE, 303)], [f.message for f in report.findings if f.rule == "ZE901"]


# What the real samples contain, checked by reading them: neither namespace has a resource policy
# (ZE305, ZE306); the MySQL sample writes binlog_row_image/metadata as "FULL" where AWS documents
# "full" (ZE204); both manifests name a client-host stack that the corpus left out (ZE902). The
# plain RDS/Aurora templates define no integration, so nothing zero-ETL applies to them.
EXPECTED = {
    "cdk-synth/aws-kr-startup-samples__aurora-mysql-to-redshift": [
        ("ZE204", "AuroraMySQLStack.template.json", 126), ("ZE204", "AuroraMySQLStack.template.json", 127),
        ("ZE305", "ZeroETLfromRDStoRSS.template.json", 9), ("ZE306", "RedshiftServerlessStack.template.json", 104),
        ("ZE902", "manifest.json", None),
    ],
    "cdk-synth/aws-kr-startup-samples__aurora-postgresql-to-redshift": [
        ("ZE305", "ZeroETLfromRDStoRSS.template.json", 9), ("ZE306", "RedshiftServerlessStack.template.json", 104),
        ("ZE902", "manifest.json", None),
    ],
    "cfn-lint": [],
    "aws-cloudformation-templates": [],
    # Real deployments (SOURCES.md, "Real zero-ETL deployments"), each read to decide what it warrants.
    # AWS's own CloudFormation examples: the Aurora MySQL cluster runs 8.0.mysql_aurora.3.05.1, below
    # the 3.05.2 zero-ETL minimum (ZE101), and the integration does not depend on the writer instance
    # (ZE408); the RDS for MySQL examples write binlog_row_image as FULL, not the documented full (ZE204).
    "real/aws-docs-cfn-aurora-mysql": [("ZE101", "template.yaml", 54), ("ZE408", "template.yaml", 97)],
    "real/aws-docs-cfn-aurora-mysql-cmk": [("ZE101", "template.json", 110), ("ZE408", "template.json", 207)],
    "real/aws-docs-cfn-rds-mysql": [("ZE204", "template.yaml", 46)],
    "real/aws-docs-cfn-rds-mysql-cmk": [("ZE204", "template.json", 97)],
    # The integration is a Lambda-backed Custom::ZeroETLHandler (ZE902: not checkable); the cluster
    # is an intended source through its enhanced-binlog parameter group, and runs 3.05.1 (ZE101).
    "real/bashsz-aurora-mysql-serverless-customresource-cdk": [
        ("ZE101", "DataFederateStack.template.json", 877), ("ZE902", "DataFederateStack.template.json", 1360),
    ],
    # The namespace policy is an AwsCustomResource putResourcePolicy call that authorizes the source
    # and the account: a correct deployment.
    "real/carlosgaonad-aurora-pg-serverless-cdk-stage": [],
    # The source is a read replica (no Engine of its own) of an RDS for MySQL primary that sets no
    # EngineVersion (ZE101 warning, through the primary); FULL again (ZE204); the README sets the
    # namespace policy by hand, so the templates deploy an integration the target does not authorize
    # (ZE305, ZE306). A MySQL replica whose primary is no source is a valid source (no ZE108).
    "real/kr-startup-rds-mysql-serverless-cdk": [
        ("ZE101", "MySQLStack.template.json", 154), ("ZE204", "MySQLStack.template.json", 123),
        ("ZE305", "ZeroETLfromRDStoRSS.template.json", 9), ("ZE306", "RedshiftServerlessStack.template.json", 104),
    ],
    # The Aurora template defines a logical id twice (ZE901, a real defect); the integration is a
    # Lambda-backed Custom::ZeroETL (ZE902). The cluster (3.06.0, every enhanced-binlog parameter) is
    # checked as an intended source and is fine.
    "real/manishdotkr-aurora-mysql-provisioned-custom": [("ZE901", "aurora.yaml", 303), ("ZE902", "redshift.yaml", 145)],
}


def test_every_real_deployment_is_asserted() -> None:
    assert sorted(f"real/{p.name}" for p in (CORPUS / "real").iterdir() if p.is_dir()) == sorted(
        key for key in EXPECTED if key.startswith("real/"))


@pytest.mark.parametrize("directory", sorted(EXPECTED))
def test_findings_match_what_the_samples_contain(directory: str) -> None:
    report = lint(LintOptions(paths=(str(CORPUS / directory),)))
    found = sorted((f.rule, Path(f.location.path or "").name, f.location.line) for f in report.findings)
    assert found == sorted(EXPECTED[directory], key=lambda item: (item[0], item[1], item[2] or 0))
