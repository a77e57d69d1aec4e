"""Skipping COPY data in chunks gives exactly the items and line numbers of reading it line by line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zeroetl_lint.artifacts.files import text
from zeroetl_lint.artifacts.files.text import NotTextError, text_lines
from zeroetl_lint.artifacts.sql.split import split_sql

PIECES = ["a", "b\t1", "\\.", "\\", ".", "\\\\.", "\n", "\r", "\r\n", ";", "é", "日本",
          "COPY t (a) FROM stdin;\n", "\\.\n", "\\.\r\n", "CREATE TABLE x (a int);\n", "SELECT 1;\r\n"]


def by_lines(source: str) -> list[object]:
    """The reference: every line a string, no chunked skipping."""
    return list(split_sql(list(io.StringIO(source, newline=""))))


def by_chunks(path: Path) -> list[object]:
    lines = text_lines(path)
    items = list(split_sql(lines))
    return items


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.integers(1, 9))
def test_chunked_skipping_equals_line_by_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              pieces: list[str], chunk: int) -> None:
    source = "COPY t (a) FROM stdin;\n" + "".join(pieces)
    path = tmp_path / "dump.sql"
    path.write_bytes(source.encode("utf-8"))
    monkeypatch.setattr(text, "_SKIP_CHUNK", chunk)
    assert by_chunks(path) == by_lines(source)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([*PIECES, "\udce9"]), max_size=30), st.integers(1, 9), st.booleans())
def test_undecodable_bytes_and_byte_order_marks_read_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               pieces: list[str], chunk: int, bom: bool) -> None:
    source = "COPY t (a) FROM stdin;\n" + "".join(pieces)
    data = (b"\xef\xbb\xbf" if bom else b"") + source.encode("utf-8", "surrogateescape")  # \udce9: byte 0xe9
    path = tmp_path / "dump.sql"
    path.write_bytes(data)
    monkeypatch.setattr(text, "_SKIP_CHUNK", chunk)
    try:
        expected: object = by_lines(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        expected = NotTextError
    try:
        got: object = by_chunks(path)
    except NotTextError:
        got = NotTextError
    assert got == expected
    relaxed = list(split_sql(text_lines(path, errors="replace")))
    assert relaxed == by_lines(data.decode("utf-8-sig", "replace"))


def test_rows_around_a_big_chunk_border(tmp_path: Path) -> None:
    rows = "".join(f"{n}\tname {n}\\.x\t\\\\.\n" for n in range(50_000))
    source = f"CREATE TABLE t (a int);\nCOPY t (a) FROM stdin;\n{rows}\\.\nCREATE TABLE u (b int);\n"
    path = tmp_path / "dump.sql"
    path.write_text(source, encoding="utf-8", newline="")
    items = by_chunks(path)
    assert items == by_lines(source)
    assert items[2].end_line == 50_003 and items[3].line == 50_004  # type: ignore[attr-defined]


def test_an_unterminated_block_is_reported_with_the_last_line(tmp_path: Path) -> None:
    source = "COPY t (a) FROM stdin;\n1\n2\nCREATE TABLE u (b int);"
    path = tmp_path / "dump.sql"
    path.write_text(source, encoding="utf-8", newline="")
    items = by_chunks(path)
    assert items == by_lines(source)
    assert items[-1].terminated is False and items[-1].end_line == 4  # type: ignore[attr-defined]
