"""Whether a PostgreSQL column type replicates to Redshift, judged against the rulebook's type-mapping facts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from zeroetl_lint.model.catalog import Catalog, ColumnType, TypeKind
from zeroetl_lint.rulebook.pg_types import PgTypeFacts, TypeMapping


class TypeStatus(str, Enum):
    SUPPORTED = "supported"
    UNSUPPORTED = "unsupported"  # no Redshift type at all
    NUMERIC_PROBLEM = "numeric problem"  # a numeric precision or scale out of range
    INTERVAL_PROBLEM = "interval problem"  # an interval without a mapped qualifier
    CHAR_LENGTH_PROBLEM = "char length problem"  # a character length beyond Redshift CHAR


@dataclass(frozen=True, slots=True)
class TypeVerdict:
    status: TypeStatus
    # What to call the type in a message: "enum `mpaa_rating`", "numeric(40,2)", ...
    reason: str
    redshift: str | None = None
    source: str | None = None
    verified: bool = True
    # The limit the type breaks, worded from the rulebook ("zero-ETL needs numeric(p,s) with p <= 38 ...").
    requirement: str = ""
    # What to declare instead ("interval YEAR TO MONTH or interval DAY TO SECOND").
    remedy: str = ""


def _user_type_reason(column_type: ColumnType, catalog: Catalog | None, facts: PgTypeFacts) -> str:
    name = column_type.name
    if catalog is not None:
        domain = catalog.domain(name, column_type.schema)
        if domain is not None:
            return f"domain `{name}` (over {domain.base_type.display})"
        user_type = catalog.user_type(name, column_type.schema)
        if user_type is not None and user_type.extension is None:
            kind = {
                TypeKind.ENUM: "enum",
                TypeKind.COMPOSITE: "composite type",
                TypeKind.RANGE: "range type",
                TypeKind.MULTIRANGE: "multirange type",
                TypeKind.BASE: "user-defined base type",
                TypeKind.SHELL: "shell type",
            }[user_type.kind]
            return f"{kind} `{name}`"
    else:
        user_type = None
    for group in facts.unsupported:
        if name in group.names:
            return f"{group.category} `{name}`"
    if user_type is not None:  # a live catalog knows the extension even when the rulebook does not list it
        return f"extension type `{name}` (from extension {user_type.extension})"
    return f"type `{name}` (not in the zero-ETL mapping)"


def _mapping(column_type: ColumnType, facts: PgTypeFacts) -> TypeMapping | None:
    """The mapping row for a built-in type or an array; user types have none."""
    if column_type.array_dims:
        return facts.mapping_for("array", bool(column_type.modifiers))
    if column_type.builtin:
        return facts.mapping_for(column_type.name, bool(column_type.modifiers))
    return None


def classify(column_type: ColumnType, catalog: Catalog | None, facts: PgTypeFacts) -> TypeVerdict:
    """Decide whether a column type replicates, and if not which rule's problem it is."""
    element = column_type
    if column_type.array_dims:
        # Arrays map to SUPER, but an array of a type zero-ETL does not know is still a custom type.
        element = ColumnType(
            column_type.name, column_type.schema, column_type.modifiers, 0, column_type.interval_fields,
            column_type.builtin, column_type.text,
        )
        inner = classify(element, catalog, facts)
        if inner.status is TypeStatus.UNSUPPORTED:
            return TypeVerdict(TypeStatus.UNSUPPORTED, f"array of {inner.reason}", None, inner.source, inner.verified)
    row = _mapping(column_type, facts)
    if row is None:
        group = next((g for g in facts.unsupported if column_type.name in g.names), None)
        reason = _user_type_reason(column_type, catalog, facts)
        source = str(group.source) if group else str(facts.mapping[0].source)
        return TypeVerdict(TypeStatus.UNSUPPORTED, reason, None, source, group.verified if group else True)
    if column_type.array_dims:
        return TypeVerdict(TypeStatus.SUPPORTED, column_type.display, row.redshift, str(row.source), row.verified)
    if column_type.name == "numeric":
        limits = facts.limits.numeric
        mods = column_type.modifiers
        problem, verified = None, limits.verified
        if mods and mods[0] > limits.max_precision:
            problem = f"precision {mods[0]} > {limits.max_precision}"
        elif len(mods) >= 2 and mods[1] > limits.max_scale:
            problem = f"scale {mods[1]} > {limits.max_scale}"
        elif len(mods) >= 2 and mods[1] < limits.min_scale:
            problem = f"negative scale {mods[1]}" if mods[1] < 0 else f"scale {mods[1]} < {limits.min_scale}"
        elif limits.require_precision_and_scale and not mods:
            problem = "numeric without explicit precision and scale"
        elif limits.require_precision_and_scale and len(mods) < 2:
            problem = "numeric without an explicit scale (PostgreSQL makes it 0; AWS does not say whether that counts)"
            verified = verified and limits.precision_only_verified
        if problem is not None:
            return TypeVerdict(
                TypeStatus.NUMERIC_PROBLEM, f"{column_type.display}: {problem}", row.redshift,
                str(limits.source), verified,
                f"zero-ETL needs numeric(p,s) with p <= {limits.max_precision} and "
                f"{limits.min_scale} <= s <= {limits.max_scale}",
                "numeric(p,s) with explicit precision and scale, e.g. numeric(18,2)",
            )
    if column_type.name == "interval":
        limits_i = facts.limits.interval
        if column_type.interval_fields not in limits_i.qualifiers:
            detail = "no qualifier" if column_type.interval_fields is None else f"qualifier {column_type.interval_fields}"
            accepted = " or ".join(f"interval {qualifier}" for qualifier in limits_i.qualifiers)
            return TypeVerdict(
                TypeStatus.INTERVAL_PROBLEM, f"{column_type.display}: {detail}", row.redshift,
                str(limits_i.source), limits_i.verified, f"zero-ETL maps only {accepted}", accepted,
            )
    if column_type.name == "character" and column_type.modifiers:
        limit = facts.limits.char_length
        if column_type.modifiers[0] > limit.max:
            return TypeVerdict(
                TypeStatus.CHAR_LENGTH_PROBLEM, f"{column_type.display}: length {column_type.modifiers[0]} > {limit.max}",
                row.redshift, str(limit.source), limit.verified, f"Redshift CHAR holds at most {limit.max:,} bytes",
                "varchar or text",
            )
    return TypeVerdict(TypeStatus.SUPPORTED, column_type.display, row.redshift, str(row.source), row.verified)
