"""The bundled example (the seed deployment that worked in production) lints clean, as YAML and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from zeroetl_lint.artifacts.cloudformation.loader import load
from zeroetl_lint.engine import LintOptions, lint
from zeroetl_lint.findings import Severity

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed"


def _plain(node: object) -> object:
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def test_seed_yaml_is_clean() -> None:
    report = lint(LintOptions(paths=(str(SEED),)))
    assert report.files == 3
    assert [f for f in report.findings if f.severity is not Severity.INFO] == []


def test_seed_as_json_is_clean(tmp_path: Path) -> None:
    for template in SEED.glob("*.yaml"):
        data = _plain(load(template.read_text()).data)
        (tmp_path / f"{template.stem}.json").write_text(json.dumps(data, indent=2))
    report = lint(LintOptions(paths=(str(tmp_path),)))
    assert report.files == 3
    assert [f for f in report.findings if f.severity is not Severity.INFO] == []
