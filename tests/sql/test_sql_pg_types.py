"""Type-mapping facts and the column classifier."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from zeroetl_lint.artifacts.sql.schema import read_schema
from zeroetl_lint.model.column_types import TypeStatus, classify
from zeroetl_lint.rulebook import load_rulebook
from zeroetl_lint.rulebook.pg_types import parse_facts

AWS_MAPPING_ROWS = 43  # rows of aws-facts.md §7 (PostgreSQL table), with varchar without n split out


def test_rulebook_loads_and_every_fact_is_cited() -> None:
    facts = load_rulebook().pg_types
    assert len(facts.mapping) == AWS_MAPPING_ROWS
    assert all(str(row.source).startswith("https://docs.aws.amazon.com/") for row in facts.mapping)
    assert facts.limits.numeric.max_precision == 38 and facts.limits.numeric.max_scale == 37
    assert facts.limits.char_length.max == 4096 and facts.limits.columns.warn_above == 1598
    assert facts.limits.identifier_bytes.max == 127
    assert facts.limits.interval.qualifiers == ("YEAR TO MONTH", "DAY TO SECOND")


def test_rulebook_rejects_unknown_keys() -> None:
    with pytest.raises(ValidationError):
        parse_facts("version: 1\nmapping: []\nlimits: {}\nunsupported: []\ntypo: 1\n")


def column_verdicts(tmp_path: Path, ddl: str) -> dict[str, tuple[TypeStatus, str]]:
    path = tmp_path / "schema.sql"
    path.write_text(ddl, encoding="utf-8")
    result = read_schema([path])
    table = result.catalog.tables[-1]
    return {c.name: (v.status, v.reason) for c in table.columns for v in [classify(c.type, result.catalog, load_rulebook().pg_types)]}


def test_classification_of_column_types(tmp_path: Path) -> None:
    ddl = """
    CREATE TYPE mpaa_rating AS ENUM ('G', 'PG');
    CREATE DOMAIN year AS integer;
    CREATE DOMAIN "bıgınt" AS bigint;
    CREATE EXTENSION citext;
    CREATE TABLE t (
      ok_ts timestamp(3) with time zone, ok_num numeric(38,37), ok_arr text[], ok_varchar varchar,
      ok_interval interval year to month, ok_char char(4096), ok_bit bit varying(5), ok_name "name",
      rating mpaa_rating, released year, weird "bıgınt", email citext, geom public.geometry(Point, 4326),
      spot point, span int4range, letter "char", money_arr mpaa_rating[],
      bare numeric, only_p numeric(10), too_precise decimal(40,2), neg numeric(10,-2),
      plain interval, hours interval hour, big_char character(5000), secs interval day to second(3)
    );
    """
    verdicts = column_verdicts(tmp_path, ddl)
    supported = [name for name, (status, _) in verdicts.items() if status is TypeStatus.SUPPORTED]
    assert supported == [
        "ok_ts", "ok_num", "ok_arr", "ok_varchar", "ok_interval", "ok_char", "ok_bit", "ok_name", "secs",
    ]  # fmt: skip
    assert verdicts["rating"] == (TypeStatus.UNSUPPORTED, "enum `mpaa_rating`")
    assert verdicts["released"] == (TypeStatus.UNSUPPORTED, "domain `year` (over integer)")
    assert verdicts["weird"][1].startswith("domain `bıgınt`")
    assert verdicts["email"] == (TypeStatus.UNSUPPORTED, "extension type `citext`")
    assert verdicts["geom"] == (TypeStatus.UNSUPPORTED, "extension type `geometry`")
    assert verdicts["spot"] == (TypeStatus.UNSUPPORTED, "geometric type `point`")
    assert verdicts["span"] == (TypeStatus.UNSUPPORTED, "range type `int4range`")
    assert verdicts["letter"][0] is TypeStatus.UNSUPPORTED
    assert verdicts["money_arr"] == (TypeStatus.UNSUPPORTED, "array of enum `mpaa_rating`")
    for numeric in ("bare", "only_p", "too_precise", "neg"):
        assert verdicts[numeric][0] is TypeStatus.NUMERIC_PROBLEM, numeric
    assert verdicts["plain"][0] is TypeStatus.INTERVAL_PROBLEM
    assert verdicts["hours"][0] is TypeStatus.INTERVAL_PROBLEM
    assert verdicts["big_char"][0] is TypeStatus.CHAR_LENGTH_PROBLEM


def test_numeric_without_scale_is_unverified_and_bare_numeric_is_verified() -> None:
    from zeroetl_lint.model.catalog import ColumnType

    def verdict(*modifiers: int):
        return classify(ColumnType("numeric", modifiers=modifiers, text="numeric"), None, load_rulebook().pg_types)

    # aws-facts.md §7: numeric(p) is [unverified] (the scale is implicit), so at most a warning.
    assert (verdict(10).status, verdict(10).verified) == (TypeStatus.NUMERIC_PROBLEM, False)
    assert (verdict().status, verdict().verified) == (TypeStatus.NUMERIC_PROBLEM, True)
    # A precision beyond the limit is a confirmed problem, scale or not.
    assert verdict(40).verified and verdict(40).reason.endswith("precision 40 > 38")
    assert verdict(5, -2).reason.endswith("negative scale -2") and verdict(5, -2).verified


def test_messages_take_their_limits_from_the_rulebook() -> None:
    from zeroetl_lint.model.catalog import ColumnType

    facts = load_rulebook().pg_types
    limits = facts.limits.model_copy(update={
        "numeric": facts.limits.numeric.model_copy(update={"max_precision": 30, "max_scale": 20}),
        "interval": facts.limits.interval.model_copy(update={"qualifiers": ("DAY TO SECOND",)}),
        "char_length": facts.limits.char_length.model_copy(update={"max": 2000}),
    })
    pinned = facts.model_copy(update={"limits": limits})
    numeric = classify(ColumnType("numeric", modifiers=(31, 2), text="numeric(31,2)"), None, pinned)
    assert numeric.reason == "numeric(31,2): precision 31 > 30"
    assert numeric.requirement == "zero-ETL needs numeric(p,s) with p <= 30 and 0 <= s <= 20"
    interval = classify(ColumnType("interval", interval_fields="YEAR TO MONTH", text="interval year to month"),
                        None, pinned)
    assert (interval.requirement, interval.remedy) == ("zero-ETL maps only interval DAY TO SECOND",
                                                       "interval DAY TO SECOND")
    char = classify(ColumnType("character", modifiers=(2001,), text="char(2001)"), None, pinned)
    assert char.requirement == "Redshift CHAR holds at most 2,000 bytes"
