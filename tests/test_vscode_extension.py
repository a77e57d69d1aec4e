"""The VS Code extension's unit tests (node's test runner), when node, npm and its node_modules are present."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parents[1] / "editors" / "vscode"


@pytest.mark.skipif(shutil.which("npm") is None or not (EXTENSION / "node_modules").is_dir(),
                    reason="needs npm and `npm ci` in editors/vscode")
def test_extension_unit_tests_pass() -> None:
    run = subprocess.run(["npm", "test", "--silent"], cwd=EXTENSION, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "# fail 0" in run.stdout


def test_extension_manifest_starts_the_server_command() -> None:
    import json

    manifest = json.loads((EXTENSION / "package.json").read_text("utf-8"))
    assert manifest["main"] == "./out/extension.js"
    assert "zeroetl-lint.path" in manifest["contributes"]["configuration"]["properties"]
    assert {"onLanguage:yaml", "onLanguage:json", "onLanguage:sql"} <= set(manifest["activationEvents"])
    assert (EXTENSION / "package-lock.json").is_file()
    assert '["server", "--debounce"' in (EXTENSION / "src" / "resolve.ts").read_text("utf-8")
