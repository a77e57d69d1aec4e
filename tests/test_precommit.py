"""The pre-commit hooks for real: a temporary repository uses this repository's .pre-commit-hooks.yaml."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import PARAMETER_LINE, ROOT, edit, seed_copy

HAVE_GIT = shutil.which("git") is not None
HAVE_PRE_COMMIT = importlib.util.find_spec("pre_commit") is not None
pytestmark = [
    pytest.mark.skipif(not HAVE_GIT, reason="git is not installed"),
    pytest.mark.skipif(not HAVE_PRE_COMMIT, reason="pre-commit is not installed (pip install -e '.[test]')"),
]
IDENTITY = ["-c", "user.name=zeroetl-lint tests", "-c", "user.email=tests@example.invalid",
            "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *IDENTITY, *args], cwd=cwd, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def snapshot_of_this_repository(target: Path) -> str:
    """Commit the working tree of this repository (tracked and untracked, minus ignored) into target.

    pre-commit installs a hook repository at a commit. Using a snapshot of the working tree, rather
    than this repository's HEAD, tests the hooks file and code as they are now, committed or not.
    """
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "snapshot")
    return git(target, "rev-parse", "HEAD")


def pre_commit(project: Path, home: Path, *, all_files: bool = True) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    environment.pop("GITHUB_ACTIONS", None)
    which = ["--all-files"] if all_files else []
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", *which], cwd=project,
                          capture_output=True, text=True, env=environment, timeout=900)


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="the project is not a git checkout")
def test_hooks_pass_on_the_seed_and_fail_after_breaking_a_parameter(tmp_path: Path) -> None:
    hooks = tmp_path / "hooks-repo"
    hooks.mkdir()
    rev = snapshot_of_this_repository(hooks)
    project = seed_copy(tmp_path / "project", broken=False)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks.as_posix()}\n    rev: {rev}\n    hooks:\n"
        "      - id: zeroetl-lint\n      - id: zeroetl-lint-project\n")
    git(project, "init", "-q")
    git(project, "add", "-A")

    passing = pre_commit(project, tmp_path / "pre-commit-home")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "zeroetl-lint (whole project)" in passing.stdout and "Passed" in passing.stdout

    edit(project / "aurora-postgresql.yaml", PARAMETER_LINE, PARAMETER_LINE.replace(": 1", ": 0"))
    git(project, "add", "-A")
    failing = pre_commit(project, tmp_path / "pre-commit-home")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "aurora-postgresql.yaml:" in failing.stdout and "ZE202 [error]" in failing.stdout
    assert failing.stdout.count("Failed") == 2  # both hooks


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="the project is not a git checkout")
def test_default_hook_checks_a_changed_stack_against_the_rest_of_the_repository(tmp_path: Path) -> None:
    """Only the changed target stack is passed to the hook; the integration and source live in others."""
    hooks = tmp_path / "hooks-repo"
    hooks.mkdir()
    rev = snapshot_of_this_repository(hooks)
    project = seed_copy(tmp_path / "project", broken=False)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: zeroetl-lint\n")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "seed",
        "--no-verify")
    target = project / "redshift-serverless.yaml"
    text = target.read_text()
    assert "enable_case_sensitive_identifier" in text
    # The workgroup loses case sensitivity: only the integration in another stack makes it a target.
    target.write_text(text.replace("enable_case_sensitive_identifier", "enable_user_activity_logging"))
    git(project, "add", "redshift-serverless.yaml")
    failing = pre_commit(project, tmp_path / "pre-commit-home", all_files=False)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "redshift-serverless.yaml:" in failing.stdout and "ZE304 [error]" in failing.stdout
    # Checked as the integration's target, which only the other stacks of the repository can say.
    assert "the integration's target" in failing.stdout and "in 3 files" in failing.stdout
