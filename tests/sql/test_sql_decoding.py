"""One decoding policy for every input: UTF-8 (BOM allowed) or UTF-16/32 with a BOM; the rest is ZE901."""

from __future__ import annotations

from pathlib import Path

import pytest

from zeroetl_lint.artifacts.sql.schema import connect_hint, read_schema
from zeroetl_lint.artifacts.load import read_text
from zeroetl_lint.artifacts.files.text import NotText, NotTextError, decode, text_lines
from zeroetl_lint.model.problems import ProblemKind

SQL = "\\connect shop\nCREATE TABLE public.café (id int PRIMARY KEY);\nCREATE TABLE public.t (a int);\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_sql_in_utf8_or_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "schema.sql"
    data = SQL.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # what PowerShell's > writes: a BOM, then UTF-16
        data = "\ufeff".encode(encoding) + data
    path.write_bytes(data)
    result = read_schema([path])
    assert result.problems == ()
    assert [(t.name, t.location.line, t.location.column) for t in result.catalog.tables] == [
        ("café", 2, 21), ("t", 3, 21),
    ]
    assert connect_hint(path) == "shop"


def test_invalid_utf8_is_located_and_the_rest_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "schema.sql"
    # Far beyond the first decoding chunk, so the error surfaces after statements were already given.
    head = "".join(f"CREATE TABLE t{i} (id int PRIMARY KEY);\n" for i in range(3000))
    data = head.encode() + b"CREATE TABLE caf\xe9 (id int PRIMARY KEY);\nCREATE TABLE last (a int);\n"
    path.write_bytes(data)
    result = read_schema([path])
    assert [(p.kind, p.location.line, p.location.column) for p in result.problems] == [(ProblemKind.UNREADABLE, 3001, 17)]
    assert result.problems[0].message == (
        f"{path} is not UTF-8 text (byte 0xe9 at offset {len(head.encode()) + 16}); the rest of it was read with "
        "replacement characters, so names there may be wrong"
    )
    names = [t.name for t in result.catalog.tables]
    assert len(names) == 3002 and len(set(names)) == 3002  # nothing read twice, nothing lost
    assert names[-2:] == ["caf\ufffd", "last"]


def test_binary_files_are_reported_never_read_as_an_empty_schema(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sql"
    garbage.write_bytes(b"\x00\x01\x02garbage\xff;\nCREATE TABLE t (a int);\n")
    archive = tmp_path / "shop.dump"
    archive.write_bytes(b"PGDMP\x01\x0e\x00\x04\x08\x01\x01")
    fake_utf16 = tmp_path / "fake.sql"
    fake_utf16.write_bytes(b"\xff\xfeCREATE TABLE t (a int);\n")  # a UTF-16 mark, then ASCII
    for path, message in [
        (garbage, f"{garbage} is a binary file, not text; no table of it was read"),
        (archive, f"{archive} is a pg_dump archive (custom format), not SQL; no table of it was read"),
        (fake_utf16, f"{fake_utf16} starts with a UTF-16 byte-order mark but is not UTF-16 text; no table of it was read"),
    ]:
        result = read_schema([path])
        assert [(p.kind, p.message) for p in result.problems] == [(ProblemKind.UNREADABLE, message)]
        assert result.catalog.tables == ()
        assert connect_hint(path) is None


def test_text_that_is_not_sql_is_reported_once_per_file(tmp_path: Path) -> None:
    path = tmp_path / "schema.sql"
    path.write_bytes("CR".encode("utf-16"))  # valid UTF-16, but no SQL
    assert [(p.kind, p.message) for p in read_schema([path]).problems] == [
        (ProblemKind.UNREADABLE, f"'CR' does not start with a PostgreSQL command; is {path} PostgreSQL SQL?"),
    ]
    path.write_text("CREATE TABLE t (a int PRIMARY KEY);\nGO\nUNLOCK TABLES;\nLOCK TABLES t WRITE;\nfoo;\n")
    result = read_schema([path])
    assert [(p.location.line, p.message) for p in result.problems] == [
        (2, f"'GO UNLOCK TABLES' does not start with a PostgreSQL command; is {path} PostgreSQL SQL? "
            "(1 more such statement in this file)"),
    ]
    assert [t.name for t in result.catalog.tables] == ["t"]


def test_undecodable_utf16_names_its_offset_and_line(tmp_path: Path) -> None:
    path = tmp_path / "schema.sql"
    path.write_bytes("CREATE TABLE t (a int);\n".encode("utf-16") + b"\x00\xd8A\x00")  # a lone surrogate
    with pytest.raises(NotTextError) as raised:
        list(text_lines(path))
    assert raised.value.problem == NotText("is not UTF-16 text (byte 0x00 at offset 50)", False, 2, 1, 50)


def test_templates_and_filters_follow_the_same_policy() -> None:
    assert read_text("t.yaml", "Resources: {}\n".encode("utf-16")) == ("Resources: {}\n", None)
    assert read_text("t.yaml", b"\xef\xbb\xbfResources: {}\n") == ("Resources: {}\n", None)
    text, problem = read_text("t.yaml", b"a: 1\nb: caf\xe9\n")
    assert text is None and problem is not None
    assert problem.message == "t.yaml is not UTF-8 text (byte 0xe9 at offset 11)"
    assert (problem.location.line, problem.location.column) == (2, 7)
    text, problem = read_text("t.json", b'\xff\xfe{"Resources": 1}')
    assert text is None and problem is not None and "not UTF-16 text" in problem.message
    assert isinstance(decode(b"\x00\x01binary"), NotText)
