"""ZE902 names the rules that skipped an unresolved value from the fields the rules declare they read."""

from __future__ import annotations

from dataclasses import fields

import pytest

from zeroetl_lint.checks import ALL_RULES
from zeroetl_lint.checks.ze902_unresolved_reference import _readers
from zeroetl_lint.model.deployment import Source, Target
from zeroetl_lint.rulebook import load_rulebook

# What a rule may read of a parameter group or workgroup besides model fields.
_OF_GROUPS = {"source_group": {"family", "parameters"}, "target_group": {"case_sensitivity"},
              "workgroup": {"case_sensitivity"}}


@pytest.mark.parametrize("rule", [rule for rule in ALL_RULES if rule.reads], ids=lambda rule: rule.code)
def test_every_declared_read_names_a_model_field(rule) -> None:  # type: ignore[no-untyped-def]
    for read in rule.reads:
        if read.of in _OF_GROUPS:
            assert read.field in _OF_GROUPS[read.of]
        else:
            owner = {"source": Source, "target": Target}[read.of]
            assert read.field in {field.name for field in fields(owner)}, (rule.code, read.field)


class _Cluster:
    kind = "cluster"
    engine_name = "aurora-mysql"


def test_the_readers_come_from_the_declarations() -> None:
    book = load_rulebook()
    # Every ZE2 rule reads the engine: the series is named as one.
    assert _readers("source", "engine", _Cluster(), book) == "ZE101, ZE102, ZE106, ZE107 and ZE2xx"
    assert _readers("source", "engine_version", _Cluster(), book) == "ZE101 and ZE203"
    assert _readers("source", "engine_mode", _Cluster(), book) == "ZE103"
    assert _readers("source", "storage_type", _Cluster(), book) == ""  # no rule declares it
