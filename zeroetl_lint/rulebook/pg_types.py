"""The PostgreSQL -> Redshift type-mapping facts of rules/pg_types.yaml."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from zeroetl_lint.rulebook.base import VerifiedFact
from zeroetl_lint.rulebook.fact import Fact

if TYPE_CHECKING:
    from typing import Annotated

    from pydantic import Field


class TypeMapping(VerifiedFact):
    """One row of the AWS mapping table."""

    pg: str
    names: Annotated[tuple[str, ...], Field(min_length=1)]
    modifiers: Literal["any", "required", "absent"] = "any"
    redshift: str
    limitation: str


class NumericLimits(VerifiedFact):
    max_precision: int
    max_scale: int
    min_scale: int
    require_precision_and_scale: bool
    # numeric(p): PostgreSQL makes the scale 0. Whether zero-ETL counts that as explicit is not documented,
    # so unless an AWS page confirms it, numeric(p) is at most a warning.
    precision_only_verified: bool = False


class IntervalLimits(VerifiedFact):
    qualifiers: tuple[str, ...]


class MaxLimit(VerifiedFact):
    max: int


class ColumnLimits(VerifiedFact):
    max: int
    warn_above: int


class Limits(Fact):
    numeric: NumericLimits
    interval: IntervalLimits
    char_length: MaxLimit
    identifier_bytes: MaxLimit
    columns: ColumnLimits


class UnsupportedGroup(VerifiedFact):
    category: str
    names: tuple[str, ...]


class PgTypeFacts(Fact):
    """The whole rules/pg_types.yaml file."""

    version: Literal[1]
    mapping: tuple[TypeMapping, ...]
    limits: Limits
    unsupported: tuple[UnsupportedGroup, ...]

    def mapping_for(self, name: str, has_modifiers: bool) -> TypeMapping | None:
        """The mapping row for a built-in type name ("array" for any array), honouring rows that depend on a
        length being given."""
        for row in self.mapping:
            if name in row.names and (
                row.modifiers == "any" or (row.modifiers == "required") == has_modifiers
            ):
                return row
        return None


def parse_facts(text: str) -> PgTypeFacts:
    """Validate YAML text against the model (tests use this to pin their own facts)."""
    import yaml

    return PgTypeFacts.model_validate(yaml.safe_load(text))

