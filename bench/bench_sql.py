"""Benchmarks the PostgreSQL schema reader against plain sqlglot parsing and a line-by-line file read.

(a) a generated pg_dump with N tables (CREATE TABLE, OWNER TO, ALTER TABLE ONLY ... PRIMARY KEY and a
    CREATE INDEX per table): read_schema vs sqlglot.parse(text, read="postgres"), same process; target
    ratio <= 1.2.
(b) a generated dump with COPY data of about M megabytes: peak memory of read_schema (VmHWM of a
    child process, target < 200 MB) and its time vs reading the file line by line (target <= 4x).

Usage: python bench/bench_sql.py [--tables 5000] [--copy-mb 350] [--repeat 3] [--skip-copy] [--skip-tables]
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def best_of(repeat: int, run: object) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        timings.append(time.perf_counter() - started)
    return min(timings)


def bench_tables(directory: Path, tables: int, repeat: int) -> None:
    import sqlglot

    from zeroetl_lint.artifacts.ddl import read_schema

    path = directory / "dump.sql"
    write_table_dump(path, tables)
    logging.getLogger("sqlglot").setLevel(logging.CRITICAL + 1)
    size = path.stat().st_size / 1e6

    def plain() -> None:
        sqlglot.parse(path.read_text(encoding="utf-8"), read="postgres")

    result = read_schema([path])
    keyed = sum(1 for t in result.catalog.tables if t.primary_key is not None)
    ours = best_of(repeat, lambda: read_schema([path]))
    theirs = best_of(repeat, plain)
    print(f"(a) {tables} tables, {size:.1f} MB, {keyed} keyed, {len(result.problems)} problems")
    print(f"    read_schema {ours:.3f}s  sqlglot.parse {theirs:.3f}s  ratio {ours / theirs:.2f}x (target <= 1.2x)")


_CHILD = """
import resource, sys, time
from pathlib import Path
from zeroetl_lint.artifacts.ddl import read_schema
path = Path(sys.argv[1])
started = time.perf_counter()
if sys.argv[2] == "lint":
    result = read_schema([path])
    detail = f"{len(result.catalog.tables)} tables"
else:
    with path.open(encoding="utf-8", newline="") as handle:
        for line in handle:
            pass
    detail = "lines read"
elapsed = time.perf_counter() - started
# VmHWM belongs to this program's address space; ru_maxrss would also count the forking parent,
# because Linux keeps it across fork and exec.
try:
    status = Path("/proc/self/status").read_text()
    peak_kib = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1])
except (OSError, StopIteration):
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, peak_kib, detail)
"""


def run_child(path: Path, mode: str) -> tuple[float, float, str]:
    output = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), mode], check=True, capture_output=True, text=True
    ).stdout.split(maxsplit=2)
    return float(output[0]), int(output[1]) / 1024, output[2].strip()  # KiB -> MiB


def bench_copy(directory: Path, megabytes: int, repeat: int) -> None:
    path = directory / "data.sql"
    write_copy_dump(path, megabytes)
    size = path.stat().st_size / 1024 / 1024
    lint = min((run_child(path, "lint") for _ in range(repeat)), key=lambda r: r[0])
    read = min((run_child(path, "read") for _ in range(repeat)), key=lambda r: r[0])
    print(f"(b) COPY dump {size:.0f} MiB: {lint[2]}")
    print(f"    read_schema {lint[0]:.2f}s, peak RSS {lint[1]:.0f} MiB (target < 200 MB); "
          f"line-by-line read {read[0]:.2f}s, peak RSS {read[1]:.0f} MiB")
    print(f"    time ratio {lint[0] / read[0]:.2f}x (target <= 4x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tables", type=int, default=5000)
    parser.add_argument("--copy-mb", type=int, default=350)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-tables", action="store_true")
    parser.add_argument("--skip-copy", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zeroetl-bench-") as tmp:
        if not args.skip_tables:
            bench_tables(Path(tmp), args.tables, args.repeat)
        if not args.skip_copy:
            bench_copy(Path(tmp), args.copy_mb, args.repeat)


if __name__ == "__main__":
    main()
