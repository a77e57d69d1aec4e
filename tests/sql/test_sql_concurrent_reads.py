"""Schema reads running at the same time (lints of two folders, from threads) leave the process as they found it."""

from __future__ import annotations

import threading
from pathlib import Path

from zeroetl_lint.artifacts.sql.schema import read_schema
from zeroetl_lint.artifacts.sql.statements import SQLGLOT_LOGGER


def test_overlapping_reads_give_sqlglot_its_logger_level_back(tmp_path: Path) -> None:
    schema = tmp_path / "schema.sql"
    schema.write_text("CREATE TABLE public.orders (id int PRIMARY KEY);\n")
    before = SQLGLOT_LOGGER.level
    second_inside, first_done = threading.Event(), threading.Event()
    tables: list[int] = []

    def second_shown(path: Path) -> str:
        second_inside.set()
        first_done.wait(30)  # the first read ends while this one is still running
        return path.name

    def second() -> None:
        tables.append(len(read_schema([schema], "db", second_shown).catalog.tables))

    def first_shown(path: Path) -> str:
        thread.start()  # the second read begins while this one runs
        second_inside.wait(30)
        return path.name

    thread = threading.Thread(target=second)
    tables.append(len(read_schema([schema], "db", first_shown).catalog.tables))
    first_done.set()
    thread.join(30)
    assert tables == [1, 1]
    assert SQLGLOT_LOGGER.level == before
