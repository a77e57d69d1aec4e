"""What every fact file shares: cited facts, the engine families, and reading one file of rules/."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from zeroetl_lint.rulebook.fact import Fact

if TYPE_CHECKING:
    from typing import Annotated

    from pydantic import Field


# The two SQL families zero-ETL sources speak; filter shapes and schema rules depend on it.
EngineFamily = Literal["postgresql", "mysql"]


class Cited(Fact):
    """A fact with the AWS page it comes from."""

    source: Annotated[str, Field(pattern=r"^https://")]


class VerifiedFact(Cited):
    """A cited fact that also says whether an AWS page confirms it (unconfirmed: warnings at most)."""

    verified: bool
    note: str | None = None


def read_fact_file(name: str) -> dict[str, object]:
    """The parsed YAML of one rulebook file; the only place that knows where the rulebook lives."""
    import yaml

    # The rules/ directory is the zeroetl_lint.rules package (see pyproject's package-dir); a path
    # next to this file is what importlib.resources would find, without importing it.
    path = Path(__file__).resolve().parents[1] / "rules" / name
    if not path.is_file():
        from importlib.resources import files

        return yaml.load(files("zeroetl_lint.rules").joinpath(name).read_text("utf-8"), Loader=_yaml_loader())
    return yaml.load(path.read_text("utf-8"), Loader=_yaml_loader())


def _yaml_loader() -> type:
    import yaml

    # Facts are plain YAML: the C loader when PyYAML has it, never anything that builds objects.
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
