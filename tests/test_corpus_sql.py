"""Every SQL file of the shared corpus linted end to end: no crash, and ZE601 names exactly the keyless tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from sql.corpus_expected import EXPECTED, REGRESS, SCHEMAS
from zeroetl_lint.engine import LintOptions, lint
from zeroetl_lint.findings import Report

pytestmark = pytest.mark.skipif(not SCHEMAS.is_dir(), reason="shared corpus not present")


def lint_schema(path: Path) -> Report:
    """`zeroetl-lint check --schema db=PATH`: no filter and no integration, so every table counts."""
    return lint(LintOptions(paths=(), schemas={"db": (str(path),)}))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_schema_lints_and_reports_exactly_the_tables_without_primary_key(name: str) -> None:
    report = lint_schema(SCHEMAS / name)
    assert [f.message for f in report.findings if f.rule == "ZE900"] == []
    reported = [f.object for f in report.findings if f.rule == "ZE601"]
    assert sorted(reported) == sorted(f"db.{table}" for table in EXPECTED[name][1])


@pytest.mark.skipif(not REGRESS.is_dir(), reason="pg-regress corpus not present")
@pytest.mark.parametrize("path", sorted(REGRESS.glob("*.sql")) if REGRESS.is_dir() else [], ids=lambda p: p.name)
def test_pg_regress_file_lints_without_internal_error(path: Path) -> None:
    report = lint_schema(path)
    assert [f.message for f in report.findings if f.rule == "ZE900"] == []
    # Whatever the reader could not use is reported at its statement, never as a crash.
    assert all(f.location.line for f in report.findings if f.rule in ("ZE901", "ZE905"))
    assert report.files == 1
