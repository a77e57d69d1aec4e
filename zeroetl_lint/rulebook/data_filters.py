"""The data-filter facts of the rulebook (rules/data_filters.yaml), validated and loaded once."""

from __future__ import annotations

import re
from functools import cache, cached_property

from pydantic import BaseModel, ConfigDict, PositiveInt, field_validator

from zeroetl_lint.rulebook import EngineFamily, VerifiedFact, read_fact_file



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


class CharacterSet(VerifiedFact):
    """The API's character constraint, kept verbatim so that it can be compared with the API model."""

    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    api_pattern: str
    summary: str

    @field_validator("api_pattern")
    @classmethod
    def _one_repeated_class(cls, pattern: str) -> str:
        # The checks rely on the pattern being one character class repeated; anything else is a
        # rulebook mistake that should fail loudly when the facts load.
        if not (pattern.startswith("[") and pattern.endswith("]*")):
            raise ValueError("api_pattern must be a single character class followed by '*'")
        re.compile(pattern)
        return pattern

    @cached_property
    def _class(self) -> re.Pattern[str]:
        return re.compile(self.api_pattern[:-1])

    def allows(self, char: str) -> bool:
        """True when the API accepts this one character."""
        return self._class.fullmatch(char) is not None


class FilterFacts(BaseModel):
    """All data-filter facts; the parser and checks take every limit from here."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allowed_characters: CharacterSet
    max_length: IntFact
    max_patterns: IntFact
    max_pattern_length: IntFact
    parts_per_engine: PerEngineInt
    database_regex_allowed: PerEngineBool
    max_postgresql_databases: IntFact


@cache
def load_filter_facts() -> FilterFacts:
    """Read and validate rules/data_filters.yaml from the installed package (cached)."""
    return FilterFacts.model_validate(read_fact_file("data_filters.yaml"))
