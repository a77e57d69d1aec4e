"""A live read that cannot happen is one line and exit 2, names the URL without its password, and leaves no trace."""

from __future__ import annotations

import json
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from cli_helpers import run
from pg_server import PASSWORD, PASSWORD_ROLE, Server
from zeroetl_lint.artifacts.postgres.url import public_url

TABLE = "CREATE TABLE public.orders (id integer PRIMARY KEY, total numeric)"


@pytest.fixture(scope="module")
def db(pg: Server) -> str:
    pg.psql("postgres", "CREATE DATABASE errors_db")
    pg.psql("errors_db", TABLE)
    return "errors_db"


def _one_line_error(result, *, contains: str, secret: str = PASSWORD) -> str:
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stdout == ""
    error = result.stderr
    assert error.startswith("zeroetl-lint: error: ") and error.count("\n") == 1, error
    assert contains in error, error
    assert secret not in error
    return error


def test_unreachable_host(pg: Server) -> None:
    url = f"postgresql://{PASSWORD_ROLE}:{PASSWORD}@127.0.0.1:1/shop"
    error = _one_line_error(run("check", "--schema", f"shop={url}"), contains="Connection refused")
    assert f"postgresql://{PASSWORD_ROLE}@127.0.0.1:1/shop" in error


def test_missing_socket_directory() -> None:
    _one_line_error(run("check", "--schema", "shop=postgresql:///shop?host=/nonexistent/socket/dir"),
                    contains="No such file or directory")


def test_wrong_password_in_the_url(pg: Server, db: str) -> None:
    url = pg.url(db, PASSWORD_ROLE, "wrong-Pa55word")
    error = _one_line_error(run("check", "--schema", f"shop={url}"), contains="password authentication failed",
                            secret="wrong-Pa55word")
    assert public_url(url, keep_user=True) in error


def test_wrong_pgpassword(pg: Server, db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSWORD", "not-it-either")
    _one_line_error(run("check", "--schema", f"shop={pg.url(db, PASSWORD_ROLE)}"),
                    contains="password authentication failed", secret="not-it-either")


def test_missing_database(pg: Server) -> None:
    _one_line_error(run("check", "--schema", f"shop={pg.url('no_such_db')}"),
                    contains='database "no_such_db" does not exist')


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never answers: the connect timeout must end the wait."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def test_connect_timeout(silent_server: int) -> None:
    url = f"postgresql://app:{PASSWORD}@127.0.0.1:{silent_server}/shop"
    _one_line_error(run("check", "--connect-timeout", "2", "--schema", f"shop={url}"), contains="timeout")


def test_statement_timeout(pg: Server, db: str) -> None:
    """A catalog the read waits on (another session locks pg_extension) ends at the statement timeout."""
    with psycopg.connect(pg.url(db)) as blocker:
        blocker.execute("LOCK TABLE pg_catalog.pg_extension IN ACCESS EXCLUSIVE MODE")
        _one_line_error(run("check", "--statement-timeout", "1", "--schema", f"shop={pg.url(db)}"),
                        contains="statement timeout (1 s)")


@pytest.fixture(scope="module")
def reader(pg: Server) -> str:
    pg.psql("postgres", "CREATE ROLE reader LOGIN")
    return "reader"


def test_missing_privilege_on_a_catalog(pg: Server, reader: str) -> None:
    pg.psql("postgres", "CREATE DATABASE locked_db")
    pg.psql("locked_db", TABLE + "; REVOKE SELECT ON pg_catalog.pg_class FROM PUBLIC")
    _one_line_error(run("check", "--schema", f"shop={pg.url('locked_db', reader)}"),
                    contains="permission denied for table pg_class")


def test_a_kind_the_user_cannot_read_is_ze902(pg: Server, reader: str) -> None:
    pg.psql("postgres", "CREATE DATABASE partial_db")
    pg.psql("partial_db", TABLE + "; REVOKE SELECT ON pg_catalog.pg_extension FROM PUBLIC")
    result = run("check", "--format", "json", "--schema", f"shop={pg.url('partial_db', reader)}")
    findings = json.loads(result.stdout)["findings"]
    skipped = [f["message"] for f in findings if f["rule"] == "ZE902" and "could not read" in f["message"]]
    assert len(skipped) == 2 and all("permission denied for table pg_extension" in m for m in skipped)
    assert any("could not read the installed extensions" in m for m in skipped)
    assert [f["object"] for f in findings if f["rule"] == "ZE603"] == ["shop.public.orders.total"]


def test_without_psycopg_a_url_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg raises ImportError
    error = _one_line_error(run("check", "--schema", f"shop=postgresql://app:{PASSWORD}@db.example.com/shop"),
                            contains="pip install 'zeroetl-lint[postgres]'")
    assert "postgresql://app@db.example.com/shop" in error


def test_a_password_is_never_printed(pg: Server, db: str, tmp_path: Path) -> None:
    url = pg.url(db, PASSWORD_ROLE, PASSWORD)
    shown = public_url(url)
    for output in ("text", "full", "json", "sarif", "github", "junit"):
        result = run("check", "--format", output, "--schema", f"shop={url}")
        assert result.exit_code == 1, result.stderr
        assert PASSWORD not in result.stdout + result.stderr, output
        # GitHub's annotation syntax escapes the colon of a file property.
        assert (shown.replace(":", "%3A") if output == "github" else shown) in result.stdout, output
    settings = run("check", "--show-settings", "--schema", f"shop={url}").stdout
    assert PASSWORD not in settings and public_url(url, keep_user=True) in settings
    explained = run("filter", "include: shop.*.*", "--schema", f"shop={url}", "--format", "json")
    assert PASSWORD not in explained.stdout
    assert json.loads(explained.stdout)["tables"] == [{"table": "shop.public.orders", "replicated": True, "clause": 1}]
    report = json.loads(run("check", "--format", "json", "--schema", f"shop={url}").stdout)
    assert {(f["path"], f["line"], f["object"]) for f in report["findings"]} == {
        (shown, None, "shop.public.orders.total"), (shown, None, "shop/settings")}


def test_libpq_conventions(pg: Server, db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PGHOST and PGUSER fill what the URL leaves out; the password comes from PGPASSWORD or a password file."""
    monkeypatch.setenv("PGHOST", str(pg.root))
    monkeypatch.setenv("PGUSER", PASSWORD_ROLE)
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert run("check", "--schema", f"shop=postgresql:///{db}").exit_code == 1
    monkeypatch.delenv("PGPASSWORD")
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"*:*:*:{PASSWORD_ROLE}:{PASSWORD}\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    result = run("check", "--schema", f"shop=postgres:///{db}")
    assert result.exit_code == 1 and "shop.public.orders.total" in result.stdout


def _sessions(pg: Server) -> int:
    with psycopg.connect(pg.url("postgres"), autocommit=True) as admin:
        row = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'zeroetl-lint'").fetchone()
    return row[0] if row else 0


def _schema_dump(pg: Server, database: str) -> str:
    """pg_dump --schema-only, without the random \\restrict key recent pg_dump releases write each time."""
    text = pg.client("pg_dump", "--schema-only", database).stdout
    return "\n".join(line for line in text.splitlines() if not line.startswith(("\\restrict", "\\unrestrict")))


def test_no_session_left_and_nothing_changed(pg: Server, db: str) -> None:
    before = _schema_dump(pg, db)
    for _ in range(3):
        assert run("check", "--schema", f"shop={pg.url(db)}").exit_code == 1
    assert run("check", "--statement-timeout", "5", "--schema", f"shop={pg.url('no_such_db')}").exit_code == 2
    # A closed connection's backend leaves pg_stat_activity a moment after the client has gone.
    deadline = time.monotonic() + 10
    while _sessions(pg) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _sessions(pg) == 0
    assert _schema_dump(pg, db) == before


def test_a_service_file_names_the_connection(pg: Server, db: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    services = tmp_path / "pg_service.conf"
    services.write_text(f"[shop]\nhost={pg.root}\ndbname={db}\nuser=postgres\n")
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    result = run("check", "--schema", "shop=postgresql://?service=shop")
    assert result.exit_code == 1 and "shop.public.orders.total" in result.stdout


def test_a_url_is_the_only_schema_source_of_its_database(pg: Server, db: str, tmp_path: Path) -> None:
    sql = tmp_path / "schema.sql"
    sql.write_text(TABLE + ";\n")
    url = pg.url(db, PASSWORD_ROLE, PASSWORD)
    _one_line_error(run("check", "--schema", f"shop={url}", "--schema", f"shop={sql}"),
                    contains="a database URL must be its only one")
