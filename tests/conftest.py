"""Shared test options: --update-snapshots rewrites fixture expected.txt files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def pytest_configure(config: pytest.Config) -> None:
    """Keep what the Terraform adapter caches between runs out of the developer's own cache directory.

    Set for the whole session (subprocesses inherit it), so the suite neither fills the user's cache
    with entries for temporary paths nor depends on what an earlier run left there.
    """
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="zeroetl-lint-test-cache-")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-snapshots", action="store_true", help="rewrite fixtures/*/*/expected.txt")


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snapshots"))


@pytest.fixture(autouse=True)
def _no_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside a test about it, output must not depend on running inside GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture(autouse=True)
def _no_terraform_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside a test about them, TF_VAR_* values of the developer's shell must not change findings."""
    for name in [name for name in os.environ if name.startswith("TF_VAR_")]:
        monkeypatch.delenv(name)
