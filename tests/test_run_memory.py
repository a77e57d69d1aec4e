"""A finished run leaves nothing of its model alive: a long-lived process (the language server, a
library caller) that lints again and again must not grow by one model per run."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from zeroetl_lint.engine import LintOptions, lint_project

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
