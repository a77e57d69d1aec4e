"""The packaged facts, loaded as plain records at run time, are exactly what pydantic validates them to."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from zeroetl_lint.rulebook import Rulebook, load_rulebook, read_fact_file
from zeroetl_lint.rulebook.data_filters import FilterFacts
from zeroetl_lint.rulebook.fact import _FACTS, Fact, pydantic_model
from zeroetl_lint.rulebook.pg_types import PgTypeFacts

RULEBOOK_FILES = {"sources": "sources.yaml", "targets": "targets.yaml", "integrations": "integrations.yaml",
                  "data_filters": "data_filters.yaml"}


@pytest.mark.parametrize(("model", "loaded", "data"), [
    (Rulebook, load_rulebook, lambda: {key: read_fact_file(name) for key, name in RULEBOOK_FILES.items()}),
    (FilterFacts, lambda: load_rulebook().data_filters, lambda: read_fact_file("data_filters.yaml")),
    (PgTypeFacts, lambda: load_rulebook().pg_types, lambda: read_fact_file("pg_types.yaml")),
], ids=["rulebook", "data_filters", "pg_types"])
def test_the_shipped_facts_validate_and_load_to_the_validated_values(model: type[Fact], loaded, data) -> None:
    validated = pydantic_model(model).model_validate(data())  # raises if a fact file is invalid
    assert loaded().model_dump() == validated.model_dump()
    assert model.model_validate(data()) == loaded()


def test_every_fact_class_has_a_validating_twin_with_the_same_fields() -> None:
    classes = list(_FACTS.values())
    for cls in classes:
        assert list(pydantic_model(cls).model_fields) == list(cls.model_fields), cls.__name__
    assert {Rulebook, FilterFacts, PgTypeFacts} <= set(classes) and len(classes) > 30


def test_constraints_written_in_annotations_are_enforced() -> None:
    facts = load_rulebook().integrations.quotas
    with pytest.raises(ValidationError):
        type(facts).model_validate({**facts.model_dump(), "source": "http://not-https.example"})
    with pytest.raises(ValidationError):
        type(facts)(**{**facts.model_dump(), "per_target": "many"})


def test_loading_the_facts_imports_no_pydantic() -> None:
    import subprocess
    import sys

    code = ("import sys; from zeroetl_lint.rulebook import load_rulebook; "
            "load_rulebook().pg_types; print('pydantic' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


def test_rules_read_the_type_facts_of_the_rulebook_they_are_given(tmp_path) -> None:
    from zeroetl_lint.engine import LintOptions, lint

    schema = tmp_path / "schema.sql"
    schema.write_text("CREATE TABLE public.customer_orders (id integer PRIMARY KEY);\n", encoding="utf-8")
    options = LintOptions(paths=(), schemas={"shop": (str(schema),)}, select=("ZE606",))
    shipped = load_rulebook()
    assert shipped.pg_types is shipped.pg_types  # read once per rulebook
    limits = shipped.pg_types.limits
    tight = limits.model_copy(update={"identifier_bytes": limits.identifier_bytes.model_copy(update={"max": 8})})
    pinned = shipped.model_copy(update={"pg_types": shipped.pg_types.model_copy(update={"limits": tight})})
    assert [f.rule for f in lint(options, shipped).findings] == []
    assert [f.rule for f in lint(options, pinned).findings] == ["ZE606"]
