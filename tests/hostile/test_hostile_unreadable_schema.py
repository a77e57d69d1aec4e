"""A schema file that cannot be read leaves its database's tables unknown: ZE901, never ZE509's "matches nothing"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.hostile_cli import cli

FILTER = "include: db.public.orders"

UNREADABLE = {
    "binary": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4,
    "pg_dump_archive": b"PGDMP\x01\x0e\x00\x04\x08\x01\x01\x01\x00\x00\x00\x00\x00" + b"\x00" * 64,
    "nul_bytes": b"CREATE TABLE public.customers (id int);\x00\x00\x00CREATE TABLE x (id int);\n",
}


def _check(tmp_path: Path, content: bytes) -> str:
    schema = tmp_path / "schema.sql"
    schema.write_bytes(content)
    result = cli("check", "--schema", f"db={schema}", "--filter", FILTER, "--format", "json", cwd=tmp_path)
    assert result.returncode in (0, 1), (result.returncode, result.stderr)
    return result.stdout


@pytest.mark.parametrize("kind", sorted(UNREADABLE))
def test_an_unreadable_schema_gives_ze901_and_no_ze509(tmp_path: Path, kind: str) -> None:
    out = _check(tmp_path, UNREADABLE[kind])
    assert '"ZE901"' in out, out
    assert '"ZE509"' not in out, out


def test_a_readable_schema_without_the_table_still_gives_ze509(tmp_path: Path) -> None:
    out = _check(tmp_path, b"CREATE TABLE public.customers (id int);\n")
    assert '"ZE509"' in out, out
    assert '"ZE901"' not in out, out
