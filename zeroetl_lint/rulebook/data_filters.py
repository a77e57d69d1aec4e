"""The data-filter facts of the rulebook (rules/data_filters.yaml), read as the Rulebook's data_filters."""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING

from zeroetl_lint.rulebook.base import EngineFamily, VerifiedFact
from zeroetl_lint.rulebook.fact import Fact

if TYPE_CHECKING:
    from typing import Annotated

    from pydantic import AfterValidator, PositiveInt


class IntFact(VerifiedFact):
    """A single numeric limit."""

    value: PositiveInt


class PerEngineInt(VerifiedFact):
    """A number that depends on the source engine family."""

    postgresql: PositiveInt
    mysql: PositiveInt

    def for_engine(self, engine: EngineFamily) -> int:
        return self.postgresql if engine == "postgresql" else self.mysql


class PerEngineBool(VerifiedFact):
    """A yes/no property of the source engine family."""

    postgresql: bool
    mysql: bool

    def for_engine(self, engine: EngineFamily) -> bool:
        return self.postgresql if engine == "postgresql" else self.mysql


def one_repeated_class(pattern: str) -> str:
    """Validate api_pattern: the checks rely on it being one character class repeated.

    Anything else is a rulebook mistake that should fail loudly when the facts are validated.
    """
    if not (pattern.startswith("[") and pattern.endswith("]*")):
        raise ValueError("api_pattern must be a single character class followed by '*'")
    re.compile(pattern)
    return pattern


class CharacterSet(VerifiedFact):
    """The API's character constraint, kept verbatim so that it can be compared with the API model."""

    api_pattern: Annotated[str, AfterValidator(one_repeated_class)]
    summary: str

    @cached_property
    def _class(self) -> re.Pattern[str]:
        return re.compile(self.api_pattern[:-1])

    def allows(self, char: str) -> bool:
        """True when the API accepts this one character."""
        return self._class.fullmatch(char) is not None


class FilterFacts(Fact):
    """All data-filter facts; the filter checks and the shadowing analysis take every limit from here."""

    allowed_characters: CharacterSet
    max_length: IntFact
    max_patterns: IntFact
    max_pattern_length: IntFact
    parts_per_engine: PerEngineInt
    database_regex_allowed: PerEngineBool
    max_postgresql_databases: IntFact

