"""A real editor as the client: headless Neovim's built-in LSP attaches `zeroetl-lint server` (skipped without nvim)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.server.lsp_helpers import make_workspace, server_command

NVIM = shutil.which("nvim")


@pytest.mark.skipif(NVIM is None, reason="Neovim is not installed (Debian: apt-get install neovim)")
def test_neovim_shows_ze202_for_an_unsaved_edit_and_clears_it(tmp_path: Path) -> None:
    assert NVIM is not None
    root = make_workspace(tmp_path / "deployment")
    out = tmp_path / "diagnostics.txt"
    env = {**os.environ, "ZE_CMD": json.dumps(server_command()), "ZE_ROOT": str(root), "ZE_OUT": str(out)}
    script = Path(__file__).with_name("nvim_check.lua")
    subprocess.run([NVIM, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", f"luafile {script}"],
                   env=env, cwd=tmp_path, timeout=180, check=False, capture_output=True)
    shown = out.read_text("utf-8").splitlines()
    assert shown[-1] == "modified=true found=true cleared=true", shown
    assert ("ZE202 136:33-136:34 rds.logical_replication is 0 in RDSDBClusterParameterGroup01; zero-ETL requires 1"
            in shown), shown
