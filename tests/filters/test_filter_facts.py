"""The data-filter rulebook loads, is cited, and its character set is exactly the documented one."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from zeroetl_lint.rulebook import load_rulebook
from zeroetl_lint.rulebook.data_filters import CharacterSet, FilterFacts


def load_filter_facts() -> FilterFacts:
    return load_rulebook().data_filters


def test_facts_load_with_the_rulebook_and_are_cached() -> None:
    facts = load_filter_facts()
    assert facts is load_filter_facts()
    assert facts.max_length.value == 25_600
    assert facts.max_patterns.value == 99
    assert facts.max_pattern_length.value == 256
    assert facts.parts_per_engine.for_engine("postgresql") == 3
    assert facts.parts_per_engine.for_engine("mysql") == 2
    assert facts.database_regex_allowed.for_engine("postgresql") is False
    assert facts.max_postgresql_databases.value == 100


def test_every_fact_is_cited() -> None:
    facts = load_filter_facts()
    for name in FilterFacts.model_fields:
        fact = getattr(facts, name)
        assert fact.source.startswith("https://docs.aws.amazon.com/")


def test_allowed_characters_match_the_api_pattern_and_summary() -> None:
    charset = load_filter_facts().allowed_characters
    allowed = {chr(c) for c in range(0x110000) if charset.allows(chr(c))}
    documented = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + '_ "\\-$,*.:?+/')
    assert allowed == documented
    summary = set(charset.summary.replace("A-Z", "").replace("a-z", "").replace("0-9", "").replace("space", " "))
    assert summary == set('_ "\\-$,*.:?+/')


def test_models_forbid_unknown_keys_and_are_frozen() -> None:
    data = load_filter_facts().model_dump()
    data["max_length"]["surprise"] = 1
    with pytest.raises(ValidationError):
        FilterFacts.model_validate(data)
    with pytest.raises(ValidationError):
        load_filter_facts().max_length.value = 1  # type: ignore[misc]
    with pytest.raises(ValidationError):
        CharacterSet(api_pattern="[a-z]", summary="a-z", source="https://x.example", verified=True)
