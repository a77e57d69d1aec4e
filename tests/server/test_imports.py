"""`check` stays as fast as it was: it never imports the language server's libraries."""

from __future__ import annotations

import subprocess
import sys

from tests.server.lsp_helpers import SEED

_PROBE = """
import sys
from zeroetl_lint.cli import main
sys.argv = ["zeroetl-lint", "check", sys.argv[1]]
try:
    main()
except SystemExit:
    pass
loaded = sorted(name for name in sys.modules
                if name.split(".")[0] in ("pygls", "lsprotocol") or name.startswith("zeroetl_lint.server"))
print(loaded)
"""


def test_check_does_not_import_pygls_or_the_server() -> None:
    run = subprocess.run([sys.executable, "-c", _PROBE, str(SEED)], capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_server_without_the_extra_is_a_one_line_error(tmp_path) -> None:
    # A site directory that hides pygls: the command must say which extra to install, not crash.
    hider = tmp_path / "hide"
    hider.mkdir()
    (hider / "pygls.py").write_text("raise ImportError('hidden for the test')\n")
    probe = "import sys; sys.path.insert(0, sys.argv[1]); sys.argv = ['zeroetl-lint', 'server']; from zeroetl_lint.cli import main; main()"
    run = subprocess.run([sys.executable, "-c", probe, str(hider)], capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.strip() == ("zeroetl-lint: error: the language server needs pygls and lsprotocol: "
                                  "pip install 'zeroetl-lint[server]'")
