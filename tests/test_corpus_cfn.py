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
}


@pytest.mark.parametrize("directory", sorted(EXPECTED))
def test_findings_match_what_the_samples_contain(directory: str) -> None:
    report = lint(LintOptions(paths=(str(CORPUS / directory),)))
    found = sorted((f.rule, Path(f.location.path or "").name, f.location.line) for f in report.findings)
    assert found == sorted(EXPECTED[directory], key=lambda item: (item[0], item[1], item[2] or 0))
