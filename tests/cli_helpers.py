"""Helpers for the CI-integration tests: a broken copy of the seed deployment and an in-process CLI run."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import Result
from typer.testing import CliRunner

from zeroetl_lint.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed"
PARAMETER_LINE = "        aurora.enhanced_logical_replication: 1\n"


def seed_copy(directory: Path, *, broken: bool = True) -> Path:
    """The three seed templates in directory; broken sets aurora.enhanced_logical_replication to 0 (ZE202)."""
    directory.mkdir(parents=True, exist_ok=True)
    for template in SEED.glob("*.yaml"):
        shutil.copy(template, directory / template.name)
    if broken:
        edit(directory / "aurora-postgresql.yaml", PARAMETER_LINE, PARAMETER_LINE.replace(": 1", ": 0"))
    return directory


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if needle in line)


def run(*args: str) -> Result:
    """Run the CLI in the current directory; stdout and stderr stay apart."""
    return CliRunner().invoke(app, list(args), catch_exceptions=False)
