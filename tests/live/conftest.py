"""The session's PostgreSQL server (pg_server.py), started once and stopped at the end; skipped without binaries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pg_server import Server, server_binaries


@pytest.fixture(scope="session")
def pg() -> Iterator[Server]:
    bindir = server_binaries()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl, postgres): install Debian's postgresql "
                    "package, as .ci/run does")
    server = Server.start(bindir)
    try:
        yield server
    finally:
        server.stop()
