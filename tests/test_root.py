"""LintOptions.root: the directory a run's relative paths mean, whatever the process's current directory."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from zeroetl_lint.artifacts.files.workdir import working_directory
from zeroetl_lint.engine import LintOptions, lint

CASE = Path(__file__).resolve().parents[1] / "fixtures" / "ZE202" / "bad_aurora_mysql_if_and_compression"


def _seen(report) -> list[tuple[str, str | None, int | None, str]]:
    return [(f.rule, f.location.path, f.location.line, f.message) for f in report.findings]


def test_a_run_with_a_root_reads_and_names_paths_below_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(CASE)
    here = _seen(lint(LintOptions(paths=(".",))))
    monkeypatch.chdir(tmp_path)
    there = _seen(lint(LintOptions(paths=(".",), root=str(CASE))))
    assert here and there == here
    assert all(path == "database.yaml" for _, path, _, _ in there)
    assert Path.cwd() == tmp_path.resolve()  # the run went back where the process was


def test_the_directory_comes_back_when_the_run_fails(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        with working_directory(CASE):
            assert Path.cwd() == CASE
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert Path.cwd() == tmp_path.resolve()


def test_runs_in_other_directories_take_turns(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    inside = threading.Event()
    release = threading.Event()
    seen: list[str] = []

    def first() -> None:
        with working_directory(CASE):
            inside.set()
            release.wait(30)
            seen.append(os.getcwd())

    def second() -> None:
        with working_directory(tmp_path):
            seen.append(os.getcwd())

    one = threading.Thread(target=first)
    one.start()
    inside.wait(30)
    two = threading.Thread(target=second)
    two.start()
    release.set()
    one.join(30)
    two.join(30)
    # The second run waited for the first to leave CASE instead of moving it mid-run.
    assert seen == [str(CASE), str(tmp_path.resolve())]
