"""Benchmarks reading and checking a live PostgreSQL catalog of N tables against a plain psycopg fetch of it.

Starts a throwaway server (tests/live/pg_server.py), creates N tables in 20 schemas (every tenth
without a primary key, every seventh with a bare numeric), then, in this one process:

(a) baseline: connect with psycopg, run the same catalog queries, fetch every row, close;
(b) read: the live reader alone (read_database: the queries plus building the Catalog);
(c) check: `zeroetl-lint check --schema bench=URL --filter "include: bench.*.*"` as engine.lint, every rule.

Times are wall-clock seconds (the server works in other processes), best of --repeat runs; the
ratios (b)/(a) and (c)/(a) are what to watch.

Usage: python bench/bench_pg_catalog.py [--tables 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "live"))

from pg_server import Server, server_binaries  # noqa: E402


def schema_sql(tables: int) -> str:
    lines = [f"CREATE SCHEMA s{n};" for n in range(20)]
    for i in range(tables):
        key = "" if i % 10 == 0 else " PRIMARY KEY"
        total = "numeric" if i % 7 == 0 else "numeric(12,2)"
        lines.append(f"CREATE TABLE s{i % 20}.t{i} (id bigint{key}, name text, total {total}, "
                     f"created timestamp with time zone, flag boolean, note character varying(200));")
    return "\n".join(lines) + "\n"


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    bindir = server_binaries()
    if bindir is None:
        sys.exit("no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")

    import psycopg

    from zeroetl_lint.artifacts.postgres import queries
    from zeroetl_lint.artifacts.postgres.limits import Limits
    from zeroetl_lint.artifacts.postgres.reader import read_database
    from zeroetl_lint.artifacts.load.schemas import live_settings
    from zeroetl_lint.engine import LintOptions, lint
    from zeroetl_lint.rulebook import load_rulebook

    server = Server.start(bindir)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            sql = Path(scratch) / "schema.sql"
            sql.write_text(schema_sql(options.tables))
            started = time.perf_counter()
            server.load("bench", sql)
            print(f"created {options.tables:,} tables in {time.perf_counter() - started:.1f} s")
        url = server.url("bench")
        settings = live_settings(load_rulebook())
        limits = Limits(statement_timeout=120)

        def plain_fetch() -> int:
            rows = 0
            with psycopg.connect(url) as connection:
                connection.execute("SET search_path = pg_catalog")
                rows += len(connection.execute(queries.SERVER.sql).fetchall())
                rows += len(connection.execute(queries.SETTINGS.sql, (list(settings),)).fetchall())
                for query in queries.CATALOG:
                    rows += len(connection.execute(query.sql).fetchall())
            return rows

        def read() -> object:
            return read_database(url, "bench", limits, settings)

        def check() -> object:
            return lint(LintOptions(paths=(), schemas={"bench": (url,)}, filter="include: bench.*.*",
                                    database_limits=limits))

        rows = plain_fetch()
        report = check()
        tables = len(read().catalog.tables)
        print(f"catalog rows: {rows:,}; tables read: {tables:,}; findings: {len(report.findings):,}")
        baseline = best(options.repeat, plain_fetch)
        reading = best(options.repeat, read)
        checking = best(options.repeat, check)
        print(f"(a) plain psycopg fetch of the catalog rows: {baseline:.2f} s")
        print(f"(b) live reader (queries + Catalog):          {reading:.2f} s  ratio {reading / baseline:.2f}x")
        print(f"(c) check, every rule:                        {checking:.2f} s  ratio {checking / baseline:.2f}x")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
