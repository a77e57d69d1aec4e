"""Output formats: each module renders a Report to a string; the CLI decides where it goes."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from importlib import import_module

from zeroetl_lint.findings import Report


class OutputFormat(str, Enum):
    TEXT = "text"
    FULL = "full"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"
    JUNIT = "junit"


Renderer = Callable[[Report], str]


def renderer(output_format: OutputFormat) -> Renderer:
    """The render function of a format; modules load lazily so text output pays for nothing else."""
    module = import_module(f"zeroetl_lint.reporters.{output_format.value}_report")
    return module.render  # type: ignore[no-any-return]
