"""The language server behind `zeroetl-lint server`: each workspace folder linted as one deployment as you type.

Only this command imports pygls and lsprotocol (the `server` extra); `check` never loads this package.
"""

from __future__ import annotations


def run(debounce: float = 0.05) -> None:
    """Serve the Language Server Protocol on standard input and output until the client exits.

    ``debounce`` is how long (seconds) edits must pause before a lint starts.
    """
    from zeroetl_lint.server.app import create_server

    create_server(debounce).start_io()
