"""zeroetl-lint: find zero-ETL integration problems in templates, filters and schemas before deployment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zeroetl_lint.version import __version__

__all__ = ["Finding", "LintOptions", "Location", "Report", "Severity", "__version__", "lint"]

if TYPE_CHECKING:
    from zeroetl_lint.engine import LintOptions, lint
    from zeroetl_lint.findings import Finding, Location, Report, Severity

# The public API loads on first use, so that `zeroetl-lint --version` stays instant.
_HOMES = {"lint": "engine", "LintOptions": "engine", "Finding": "findings", "Location": "findings",
          "Report": "findings", "Severity": "findings"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'zeroetl_lint' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"zeroetl_lint.{_HOMES[name]}"), name)
