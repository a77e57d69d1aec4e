"""What every fact file shares: cited facts and the engine families."""

from __future__ import annotations

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
