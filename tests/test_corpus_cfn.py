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


def test_whole_corpus_together() -> None:
    report = lint(LintOptions(paths=(str(CORPUS),)))
    assert not [f for f in report.findings if f.rule == "ZE900"]
    # Every file of the corpus is a real template; none may be mistaken for a parse error.
    assert not [f for f in report.findings if f.rule == "ZE901"], [f.message for f in report.findings if f.rule == "ZE901"]
