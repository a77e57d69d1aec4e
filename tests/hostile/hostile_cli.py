"""Helpers for the hostile-input suite: run the real CLI in a subprocess under a time limit, and
fingerprint a directory so a test can prove its inputs were left untouched."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "seed"
# Far above what any of these runs needs (about a second each); a hang fails instead of blocking CI.
TIME_LIMIT = 60


def cli(*args: str, cwd: Path, stdout: int | None = subprocess.PIPE,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `zeroetl-lint ARGS` in cwd; it must end within TIME_LIMIT and never print a traceback."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    environment.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([sys.executable, "-m", "zeroetl_lint", *args], cwd=cwd, stdout=stdout,
                            stderr=subprocess.PIPE, text=True, timeout=TIME_LIMIT, env=environment)
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in (result.stdout or ""), result.stdout
    return result


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The usage error of a run that must exit 2 with one line on standard error."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("zeroetl-lint: error: "), result.stderr
    return lines[0]


def fingerprint(directory: Path) -> dict[str, str]:
    """sha256 of every regular file below directory (links and special files by their kind only)."""
    prints: dict[str, str] = {}
    for path in sorted(directory.rglob("*")):
        mode = path.lstat().st_mode
        name = path.relative_to(directory).as_posix()
        if stat.S_ISREG(mode):
            prints[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif stat.S_ISLNK(mode):
            prints[name] = "link -> " + os.readlink(path)
        elif not stat.S_ISDIR(mode):
            prints[name] = "special"
    return prints


def seed(directory: Path, *, broken: bool = False) -> Path:
    """The three seed templates in directory; broken sets aurora.enhanced_logical_replication to 0 (ZE202)."""
    directory.mkdir(parents=True, exist_ok=True)
    for template in SEED.glob("*.yaml"):
        shutil.copy(template, directory / template.name)
    if broken:
        source = directory / "aurora-postgresql.yaml"
        text = source.read_text()
        line = "aurora.enhanced_logical_replication: 1"
        assert line in text
        source.write_text(text.replace(line, line.replace(": 1", ": 0"), 1))
    return directory
