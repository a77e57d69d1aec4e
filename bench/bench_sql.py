"""Benchmarks the whole lint of big PostgreSQL dumps against plain sqlglot parsing and a line-by-line file read.

(a) a generated pg_dump with N tables (CREATE TABLE, OWNER TO, ALTER TABLE ONLY ... PRIMARY KEY and a
    CREATE INDEX per table), linted as `zeroetl-lint check --schema db=dump.sql --filter "include: db.*.*"`
    (engine.lint, every rule), vs sqlglot.parse(text, read="postgres") of the same file, same process;
    goal ratio <= 1.0. The schema reader alone (read_schema) is timed too, to show where time goes.
(b) a generated dump with COPY data of about M megabytes, linted the same way in a child process:
    peak memory (VmHWM, goal < 100 MB) and time vs reading the file line by line (goal <= 1.5x).

Times are CPU seconds of the measuring process (time.process_time; nothing here starts threads or
processes of its own), so that other work on the machine does not skew the ratios.

Usage: python bench/bench_sql.py [--tables 5000] [--copy-mb 350] [--repeat 5] [--skip-copy] [--skip-tables]
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zeroetl_lint.engine import LintOptions

HEADER = """--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;

SET default_tablespace = '';
SET default_table_access_method = heap;

"""


def table_ddl(i: int) -> str:
    return f"""--
-- Name: t{i}; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.t{i} (
    id integer NOT NULL,
    name text,
    amount numeric(12,2),
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    tags character varying(40)[],
    payload jsonb
);


ALTER TABLE public.t{i} OWNER TO postgres;

"""


def keys_and_indexes(i: int) -> str:
    return f"""--
-- Name: t{i} t{i}_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.t{i}
    ADD CONSTRAINT t{i}_pkey PRIMARY KEY (id);

"""


def index_ddl(i: int) -> str:
    return f"CREATE INDEX t{i}_name_idx ON public.t{i} USING btree (name);\n\n"


def write_table_dump(path: Path, tables: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(tables):
            out.write(table_ddl(i))
        for i in range(tables):
            out.write(keys_and_indexes(i))
        for i in range(tables):
            out.write(index_ddl(i))


def write_copy_dump(path: Path, megabytes: int) -> None:
    target = megabytes * 1024 * 1024
    row = "{n}\tname; with semicolon {n}\tit's \"quoted\" ünïcødé 日本語 $$ /* -- \\N\t{n}.50\t2024-01-01 00:00:00+00\n"
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        table = 0
        while out.tell() < target:
            out.write(table_ddl(table).replace("tags character varying(40)[],\n    payload jsonb", "note text"))
            out.write(f"COPY public.t{table} (id, name, amount, note, created_at) FROM stdin;\n")
            block = "".join(row.format(n=n) for n in range(2000))
            for _ in range(500):  # about 100 MB of rows per table at most
                out.write(block)
                if out.tell() >= target:
                    break
            out.write("\\.\n\n")
            table += 1
        for i in range(table):
            out.write(keys_and_indexes(i))


def lint_options(path: Path) -> LintOptions:
    """What `zeroetl-lint check --schema db=PATH --filter "include: db.*.*"` runs."""
    from zeroetl_lint.engine import LintOptions

    return LintOptions(paths=(), filter="include: db.*.*", schemas={"db": (str(path),)})


def interleaved_best(repeat: int, runs: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Best time of each run; the runs alternate so that a busy moment of the machine hits them all alike."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, run in runs.items():
            started = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - started)
    return best


def bench_tables(directory: Path, tables: int, repeat: int) -> float:
    import sqlglot

    from zeroetl_lint.artifacts.sql.schema import read_schema
    from zeroetl_lint.engine import lint

    path = directory / "dump.sql"
    write_table_dump(path, tables)
    logging.getLogger("sqlglot").setLevel(logging.CRITICAL + 1)
    size = path.stat().st_size / 1e6
    options = lint_options(path)
    report = lint(options)  # also warms up: rule modules, rulebook facts, sqlglot's dialect
    keyed = sum(1 for t in read_schema([path]).catalog.tables if t.primary_key is not None)
    best = interleaved_best(repeat, {
        "lint": lambda: lint(options),
        "read_schema": lambda: read_schema([path], "db"),
        "sqlglot": lambda: sqlglot.parse(path.read_text(encoding="utf-8"), read="postgres"),
    })
    rules = ", ".join(f"{code} x{count}" for code, count in sorted(Counter(f.rule for f in report.findings).items()))
    ratio = best["lint"] / best["sqlglot"]
    print(f"(a) {tables} tables, {size:.1f} MB, {keyed} keyed; findings: {rules or 'none'}")
    print(f"    sqlglot.parse {best['sqlglot']:.3f}s   read_schema {best['read_schema']:.3f}s "
          f"({best['read_schema'] / best['sqlglot']:.2f}x)   full lint {best['lint']:.3f}s")
    print(f"    ratio full lint / sqlglot.parse {ratio:.2f}x (goal <= 1.0x: {'met' if ratio <= 1.0 else 'MISSED'}), "
          f"best of {repeat}")
    return ratio


_CHILD = """
import resource, sys, time
from pathlib import Path
path, mode = Path(sys.argv[1]), sys.argv[2]
if mode == "lint":
    from zeroetl_lint.engine import LintOptions, lint
    options = LintOptions(paths=(), filter="include: db.*.*", schemas={"db": (str(path),)})
elif mode == "read_schema":
    from zeroetl_lint.artifacts.sql.schema import read_schema
started = time.process_time()
if mode == "lint":
    report = lint(options)
    detail = f"{report.files} file, {len(report.findings)} findings"
elif mode == "read_schema":
    detail = f"{len(read_schema([path], 'db').catalog.tables)} tables"
else:
    with path.open(encoding="utf-8", newline="") as handle:
        for line in handle:
            pass
    detail = "lines read"
elapsed = time.process_time() - started
# VmHWM belongs to this program's address space; ru_maxrss would also count the forking parent,
# because Linux keeps it across fork and exec.
try:
    status = Path("/proc/self/status").read_text()
    peak_kib = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1])
except (OSError, StopIteration):
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, peak_kib, detail)
"""

# Users run an installed package with its bytecode cached: let the children write and use it too.
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_child(path: Path, mode: str) -> tuple[float, float, str]:
    output = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), mode], check=True, capture_output=True, text=True, env=_ENV
    ).stdout.split(maxsplit=2)
    return float(output[0]), int(output[1]) * 1024 / 1e6, output[2].strip()  # KiB -> MB


def bench_copy(directory: Path, megabytes: int, repeat: int) -> tuple[float, float]:
    path = directory / "data.sql"
    write_copy_dump(path, megabytes)
    size = path.stat().st_size / 1e6
    runs: dict[str, list[tuple[float, float, str]]] = {"lint": [], "read_schema": [], "read": []}
    for _ in range(repeat):
        for mode, results in runs.items():
            results.append(run_child(path, mode))
    lint, reader, read = (min(results, key=lambda r: r[0]) for results in runs.values())
    peak = max(r[1] for r in runs["lint"])
    print(f"(b) COPY dump {size:.0f} MB; full lint: {lint[2]}")
    print(f"    line-by-line read {read[0]:.2f}s (peak {read[1]:.0f} MB)   read_schema {reader[0]:.2f}s "
          f"({reader[0] / read[0]:.2f}x, peak {reader[1]:.0f} MB)   full lint {lint[0]:.2f}s")
    ratio = lint[0] / read[0]
    print(f"    full lint: peak memory {peak:.0f} MB (goal < 100 MB: {'met' if peak < 100 else 'MISSED'}), "
          f"time ratio {ratio:.2f}x (goal <= 1.5x: {'met' if ratio <= 1.5 else 'MISSED'}), best of {repeat}")
    return peak, lint[0] / read[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tables", type=int, default=5000)
    parser.add_argument("--copy-mb", type=int, default=350)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-tables", action="store_true")
    parser.add_argument("--skip-copy", action="store_true")
    args = parser.parse_args()
    missed = []
    with tempfile.TemporaryDirectory(prefix="zeroetl-bench-") as tmp:
        if not args.skip_tables and bench_tables(Path(tmp), args.tables, args.repeat) > 1.0:
            missed.append("(a) time")
        if not args.skip_copy:
            peak, ratio = bench_copy(Path(tmp), args.copy_mb, args.repeat)
            missed += [what for what, bad in (("(b) memory", peak >= 100), ("(b) time", ratio > 1.5)) if bad]
    print(f"goals missed: {', '.join(missed)}" if missed else "all goals met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
