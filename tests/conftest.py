"""Shared test options: --update-snapshots rewrites fixture expected.txt files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-snapshots", action="store_true", help="rewrite fixtures/*/*/expected.txt")


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snapshots"))


@pytest.fixture(autouse=True)
def _no_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside a test about it, output must not depend on running inside GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
