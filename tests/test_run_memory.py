"""A finished run leaves nothing of its model alive: a long-lived process (the language server, a
library caller) that lints again and again must not grow by one model per run."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from zeroetl_lint import engine
from zeroetl_lint.engine import LintOptions, lint, lint_project

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed"


def test_templates_are_freed_after_the_run() -> None:
    report, project = lint_project(LintOptions(paths=(str(SEED),)))
    templates = project.deployment.templates
    assert len(templates) == 3
    # The rules asked for editors (the fixes they offer are built as they check), which is what
    # once kept every template alive through a module-level table.
    assert any("editor" in template._derived for template in templates)
    alive = [weakref.ref(template) for template in templates]
    del report, project, templates
    gc.collect()
    assert [ref() for ref in alive] == [None, None, None]


def test_the_next_run_frees_what_a_big_run_left(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every run counts as big here: its objects go to the oldest generation untraversed, and the
    # next run must collect them before adding its own, so garbage never piles up run after run.
    monkeypatch.setattr(engine, "_BIG_RUN", 0)
    report, project = lint_project(LintOptions(paths=(str(SEED),)))
    alive = [weakref.ref(template) for template in project.deployment.templates]
    del report, project
    lint(LintOptions(paths=(str(SEED),)))
    assert [ref() for ref in alive] == [None, None, None]
    assert gc.get_freeze_count() == 0


def test_a_callers_frozen_objects_stay_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_BIG_RUN", 0)
    kept: list[list[int]] = [[1]]
    gc.freeze()
    try:
        lint(LintOptions(paths=(str(SEED),)))
        # The collector's generations list every tracked object but the frozen ones.
        assert not any(tracked is kept for tracked in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(tracked is kept for tracked in gc.get_objects())
