"""The version of zeroetl-lint, kept below every module that reports it (the CLI, SARIF, the language server)."""

from __future__ import annotations

__version__ = "0.1.0"
