"""Meta-tests: the catalog, the rule modules, their docs and their fixtures stay in step."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from zeroetl_lint.checks import ALL_RULES
from zeroetl_lint.registry import Rule

ROOT = Path(__file__).resolve().parents[1]
CHECKS = ROOT / "zeroetl_lint" / "checks"
FIXTURES = ROOT / "fixtures"
SPEC = ROOT.parent / "shared" / "spec" / "rules.md"
SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## How to fix", "## References")
# A rule crash cannot be written down as an input file; tests/test_cli.py makes one instead.
NO_FIXTURES = {"ZE900"}


def test_codes_unique_sorted_and_well_formed() -> None:
    codes = [r.code for r in ALL_RULES]
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"ZE\d{3}", code) for code in codes)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.name) for r in ALL_RULES)


def test_the_catalog_names_every_rule_as_its_module_defines_it() -> None:
    from zeroetl_lint.checks import CATALOG

    assert [(entry.code, entry.name, entry.reports) for entry in CATALOG] == [
        (r.code, r.name, r.reports) for r in ALL_RULES]


def test_the_rules_about_the_run_stay_on_by_the_kinds_they_report() -> None:
    from zeroetl_lint.checks import CATALOG
    from zeroetl_lint.registry import always_on, select_rules
    from zeroetl_lint.settings import LintOptions

    assert always_on(CATALOG) == {"ZE900", "ZE901", "ZE904"}  # crashes, unreadable inputs, unknown selectors
    assert [r.code for r in select_rules(LintOptions(select=("ZE304",)), CATALOG)] == [
        "ZE304", "ZE900", "ZE901", "ZE904"]


def test_every_check_module_is_registered_under_its_own_name() -> None:
    modules = sorted(p.stem for p in CHECKS.glob("ze[0-9]*.py"))
    registered = sorted(f"{r.code.lower()}_{r.name.replace('-', '_')}" for r in ALL_RULES)
    assert modules == registered
    for r in ALL_RULES:
        module = importlib.import_module(f"zeroetl_lint.checks.{r.code.lower()}_{r.name.replace('-', '_')}")
        assert module.__doc__ == f"{r.code} {r.name}."
        assert getattr(module, r.name.replace("-", "_")) is r


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_docs_have_every_section(rule: Rule) -> None:
    assert rule.summary.startswith("Checks for ")
    positions = [rule.explanation.find(section) for section in SECTIONS]
    assert all(p > 0 for p in positions), f"{rule.code} lacks a section of {SECTIONS}"
    assert positions == sorted(positions), f"{rule.code}: sections out of order"
    assert "https://" in rule.explanation.split("## References", 1)[1]


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_every_rule_has_ok_and_bad_fixtures(rule: Rule) -> None:
    if rule.code in NO_FIXTURES:
        return
    cases = [p.name for p in (FIXTURES / rule.code).glob("*") if p.is_dir()]
    assert any(c.startswith("ok_") for c in cases), f"{rule.code} has no ok_ fixture"
    assert any(c.startswith("bad_") for c in cases), f"{rule.code} has no bad_ fixture"


def test_fixture_directories_name_registered_rules() -> None:
    codes = {r.code for r in ALL_RULES}
    assert {p.name for p in FIXTURES.glob("ZE*")} <= codes


@pytest.mark.skipif(not SPEC.exists(), reason="../shared/spec is not present")
def test_catalog_matches_the_spec() -> None:
    spec = dict(re.findall(r"^\| (ZE\d{3}) \| ([a-z0-9-]+) \|", SPEC.read_text(), re.M))
    mine = {r.code: r.name for r in ALL_RULES}
    for code, name in mine.items():
        assert spec.get(code) == name, f"{code} is {name!r} here but {spec.get(code)!r} in the spec"
    severities = dict(re.findall(r"^\| (ZE\d{3}) \| [a-z0-9-]+ \| (\w+) \|", SPEC.read_text(), re.M))
    for r in ALL_RULES:
        assert r.severity.value == severities[r.code]


def test_each_problem_kind_has_one_reporting_rule() -> None:
    from zeroetl_lint.model.problems import ProblemKind

    for kind in ProblemKind:
        assert [r.code for r in ALL_RULES if r.reports is kind] != [], kind
        assert len([r for r in ALL_RULES if r.reports is kind]) == 1, kind


@pytest.mark.parametrize(("select", "noted"), [(("ZE601",), True), (("ZE509",), True), (("ZE501",), False)])
def test_the_summary_names_what_rules_needing_a_schema_skipped(select: tuple[str, ...], noted: bool) -> None:
    from zeroetl_lint.engine import LintOptions, lint

    report = lint(LintOptions(paths=(), filter="include: shop.*.*", select=select))
    assert any("the tables of shop" in note for note in report.skipped) is noted


@pytest.mark.parametrize(("select", "named"), [(("ZE101",), "ZE101"), (("ZE3", "ZE402"), "ZE3xx and ZE402"),
                                              ((), "ZE1xx-ZE4xx"), (("ZE501",), None)])
def test_the_summary_names_what_deployment_rules_skipped(tmp_path: Path, select: tuple[str, ...],
                                                       named: str | None) -> None:
    from zeroetl_lint.engine import LintOptions, lint

    (tmp_path / "empty.yaml").write_text("Resources: {}\n", encoding="utf-8")
    report = lint(LintOptions(paths=(str(tmp_path),), select=select))
    notes = [note for note in report.skipped if "no zero-ETL integration" in note]
    # The rules named are those of the run that need a deployment (Need.DEPLOYMENT), as the registry names them.
    assert notes == ([f"the source, target and integration rules ({named}): no zero-ETL integration is among the "
                      "inputs (give every template of the deployment)"] if named else [])
