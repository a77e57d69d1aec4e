"""Statement splitter: quoting, comments, psql meta-commands, COPY data and absolute positions."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from zeroetl_lint.artifacts.sql.split import CopyData, MetaCommand, Statement, split_sql


def items(sql: str) -> list[Statement | MetaCommand | CopyData]:
    return list(split_sql(io.StringIO(sql)))


def statements(sql: str) -> list[Statement]:
    return [i for i in items(sql) if isinstance(i, Statement)]


def test_dollar_quotes_with_tags_hide_semicolons() -> None:
    sql = "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $x$;$x$ $$ ; $body$ LANGUAGE sql;\nSELECT 2;"
    texts = [s.text for s in statements(sql)]
    assert texts == ["CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $x$;$x$ $$ ; $body$ LANGUAGE sql", "SELECT 2"]


def test_dollar_sign_inside_identifier_is_not_a_quote() -> None:
    sql = "CREATE TABLE do$llar$s (a$num$ numeric);\nSELECT 1;"
    assert [s.text for s in statements(sql)] == ["CREATE TABLE do$llar$s (a$num$ numeric)", "SELECT 1"]


def test_e_strings_with_backslash_escapes_and_standard_strings() -> None:
    sql = "SELECT E'a\\'; b', 'it''s; \\', x;\nSELECT 2;"
    assert [s.text for s in statements(sql)] == ["SELECT E'a\\'; b', 'it''s; \\', x", "SELECT 2"]


def test_quoted_identifiers_and_nested_block_comments() -> None:
    sql = 'CREATE TABLE "a;""b" (x int);\n/* one /* two; */ still; */ SELECT 1;'
    result = statements(sql)
    assert [s.text for s in result] == ['CREATE TABLE "a;""b" (x int)', "SELECT 1"]
    assert result[1].comments[0].text == "/* one /* two; */ still; */"
    assert (result[1].line, result[1].column) == (2, 29)


def test_leading_comments_are_kept_and_line_comments_hide_semicolons() -> None:
    sql = "SELECT 0;\n-- zeroetl-lint: ignore[ZE601]\n-- second\nCREATE TABLE t (a int); -- tail; here\n"
    result = statements(sql)
    assert result[1].text == "CREATE TABLE t (a int)"
    assert [c.text for c in result[1].comments] == ["-- zeroetl-lint: ignore[ZE601]", "-- second"]
    assert [(c.line, c.column) for c in result[1].comments] == [(2, 1), (3, 1)]
    assert len(result) == 2


def test_copy_data_with_semicolons_quotes_and_multibyte_text_is_skipped() -> None:
    sql = (
        "CREATE TABLE t (a text);\n"
        "COPY public.t (a) FROM stdin;\n"
        "x; DROP TABLE t; 'unterminated \"quote\n"
        "ünïcødé 日本語 $$ /* \\N\n"
        "\\.\n"
        "CREATE TABLE u (b int);\n"
    )
    result = items(sql)
    assert [type(i).__name__ for i in result] == ["Statement", "Statement", "CopyData", "Statement"]
    copy = result[2]
    assert isinstance(copy, CopyData) and (copy.line, copy.end_line, copy.terminated) == (3, 5, True)
    last = result[3]
    assert isinstance(last, Statement) and (last.text, last.line) == ("CREATE TABLE u (b int)", 6)


def test_unterminated_copy_is_reported() -> None:
    result = items("COPY t FROM stdin;\n1\n2\n")
    assert result[-1] == CopyData(2, 3, False)


def test_psql_meta_commands() -> None:
    sql = "\\connect mydb\n\\c other\n\\set ON_ERROR_STOP on\n\\i other.sql\n\\ir rel.sql\nSELECT 1;\n"
    metas = [i for i in items(sql) if isinstance(i, MetaCommand)]
    assert [(m.name, m.argument, m.line) for m in metas] == [
        ("connect", "mydb", 1), ("c", "other", 2), ("set", "ON_ERROR_STOP on", 3), ("i", "other.sql", 4),
        ("ir", "rel.sql", 5),
    ]  # fmt: skip


def test_backslash_copy_from_stdin_skips_its_data() -> None:
    result = items("\\copy t from stdin\na;b\n\\.\nSELECT 1;\n")
    assert [type(i).__name__ for i in result] == ["MetaCommand", "CopyData", "Statement"]


def test_psql_variables_are_marked_but_casts_and_slices_are_not() -> None:
    result = statements("GRANT ALL ON t TO :\"PGUSER\";\nSELECT :'v', :w;\nSELECT a::int, b[1:2], 'x:y';\n")
    assert [s.psql_variables for s in result] == [(':"PGUSER"',), (":'v'", ":w"), ()]


def test_absolute_positions_of_statements() -> None:
    result = statements("\n\n   CREATE TABLE a (x int);  CREATE TABLE b (\n y int\n);")
    assert [(s.line, s.column, s.end_line) for s in result] == [(3, 4, 3), (3, 29, 5)]


def test_last_statement_without_semicolon() -> None:
    assert [s.text for s in statements("SELECT 1;\nSELECT 2\n")] == ["SELECT 1", "SELECT 2"]


@given(st.lists(st.text(alphabet="abc ;'\"$-/*\n\\:E", max_size=30), max_size=8))
def test_never_raises_and_keeps_text_bounded(chunks: list[str]) -> None:
    sql = "".join(chunks)
    lines = sql.count("\n") + 1
    for item in items(sql):
        # A meta-command line inside a statement is cut out of its text, so only bounds hold in general.
        if isinstance(item, Statement):
            assert item.text.strip() and len(item.text) <= len(sql)
            assert 1 <= item.line <= item.end_line <= lines


def test_an_unterminated_construct_is_reported_where_it_opens() -> None:
    from zeroetl_lint.artifacts.sql.split import Unterminated

    assert items("SELECT 1;\n/* a\n/* b */\nx")[-1] == Unterminated(2, 1, "block comment /*")
    assert Unterminated(2, 9, "escape string literal E'") in items("SELECT 1;\nSELECT E'a\\'\n")
    assert Unterminated(2, 8, "dollar-quoted body $q$") in items("DO $$ $$;\nSELECT $q$ x\n;")
    assert not any(isinstance(item, Unterminated) for item in items("SELECT 'a''b', \"c\", $$d$$; /* e */\n"))
