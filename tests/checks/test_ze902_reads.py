"""ZE902 names the rules that skipped an unresolved value from the fields the rules declare they read."""

from __future__ import annotations

import ast
import inspect
import re
from dataclasses import fields

import pytest

from zeroetl_lint.checks import ALL_RULES, CATALOG
from zeroetl_lint.checks import ze902_unresolved_reference as ze902
from zeroetl_lint.checks.ze902_unresolved_reference import _readers
from zeroetl_lint.model.deployment import Integration, Source, Target
from zeroetl_lint.model.iam import PolicyVerdicts
from zeroetl_lint.registry import rule_list
from zeroetl_lint.rulebook import load_rulebook

# What a rule may read of a parameter group, a workgroup or a live server besides model fields; of a
# target's policies, the verdicts the model decides (the PolicyVerdicts questions).
_OF_GROUPS = {"source_group": {"family", "parameters"}, "target_group": {"case_sensitivity"},
              "workgroup": {"case_sensitivity"}, "live": {"version", "parameters"},
              "policy": {"authorizes_source", "allows_principal"}}


@pytest.mark.parametrize("rule", [rule for rule in ALL_RULES if rule.reads], ids=lambda rule: rule.code)
def test_every_declared_read_names_a_model_field(rule) -> None:  # type: ignore[no-untyped-def]
    for read in rule.reads:
        if read.of in _OF_GROUPS:
            assert read.field in _OF_GROUPS[read.of]
        else:
            owner = {"source": Source, "target": Target, "integration": Integration}[read.of]
            assert read.field in {field.name for field in fields(owner)}, (rule.code, read.field)


class _Cluster:
    kind = "cluster"
    engine_name = "aurora-mysql"


def test_the_readers_come_from_the_declarations() -> None:
    book = load_rulebook()
    # Every ZE2 rule reads the engine: the series is named as one.
    assert _readers(_Cluster(), book, ("source", "engine")) == "ZE101, ZE102, ZE106, ZE107 and ZE2xx"
    assert _readers(_Cluster(), book, ("source", "engine_version")) == "ZE101 and ZE203"
    assert _readers(_Cluster(), book, ("source", "engine_mode")) == "ZE103"
    assert _readers(_Cluster(), book, ("source", "storage_type")) == ""  # no rule declares it


def test_the_policy_reads_are_the_questions_the_model_answers() -> None:
    questions = {name for name, _ in inspect.getmembers(PolicyVerdicts, inspect.isfunction)
                 if not name.startswith("_") and name != "sources_asked"}
    assert questions == _OF_GROUPS["policy"]


@pytest.mark.parametrize(("codes", "named"), [
    (["ZE101", "ZE203"], "ZE101 and ZE203"),
    (["ZE305"], "ZE305"),
    (["ZE301", "ZE302", "ZE303", "ZE304"], "ZE301-ZE304"),  # neighbours in the catalog
    (["ZE301", "ZE302", "ZE304"], "ZE301, ZE302 and ZE304"),  # two in a row stay two
    (["ZE509", *(entry.code for entry in CATALOG if entry.code.startswith("ZE6"))], "ZE509 and ZE6xx"),
    ([entry.code for entry in CATALOG if entry.code[:3] in ("ZE1", "ZE2", "ZE3", "ZE4")], "ZE1xx-ZE4xx"),
    ([], ""),
])
def test_rule_lists_name_series_and_runs(codes: list[str], named: str) -> None:
    assert rule_list(codes, CATALOG) == named


def test_ze902_names_no_rule_itself() -> None:
    """Which rules skipped what comes from their declarations: no code is written in ZE902 but its own."""
    tree = ast.parse(inspect.getsource(ze902))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node)}
    written = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
               and isinstance(node.value, str) and id(node) not in docstrings and re.search(r"ZE\d", node.value)]
    assert written == ["ZE902"]  # its own code, in its @rule declaration
