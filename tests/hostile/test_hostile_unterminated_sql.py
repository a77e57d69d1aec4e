"""An unterminated quote, dollar quote or block comment in schema SQL is a ZE901 at its start, not a lost table."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile_cli import cli


@pytest.mark.parametrize(
    ("opener", "what"),
    [
        ("$$", "dollar-quoted body $$"),
        ("$body$", "dollar-quoted body $body$"),
        ("/*", "block comment /*"),
        ("'", "string literal '"),
    ],
)
def test_an_unterminated_construct_is_reported_where_it_starts_and_later_tables_are_checked(
    tmp_path: Path, opener: str, what: str
) -> None:
    sql = tmp_path / "schema.sql"
    sql.write_text(
        "CREATE TABLE a (id int primary key);\n"
        f"CREATE FUNCTION f() RETURNS int AS {opener} SELECT 1;\n"
        "CREATE TABLE b (x int);\n"
    )
    result = cli("check", "--schema", "db=schema.sql", "--filter", "include: db.*.*", cwd=tmp_path)
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stdout.splitlines()
    parse_errors = [line for line in lines if " ZE901 " in line]
    assert parse_errors == [f"schema.sql:2:36: ZE901 [error] {what} opened at line 2, column 36 is never closed, "
                            "so it would swallow the rest of the file; the lines after line 2 were read as SQL"]
    assert any(line.startswith("schema.sql:3:") and " ZE601 " in line and "db.public.b" in line for line in lines), lines
    assert not any("db.public.a " in line for line in lines), lines
