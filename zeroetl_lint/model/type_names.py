"""PostgreSQL's spelling of names: identifier case folding and the canonical name of every built-in type.

The SQL reader and the live catalog reader both hand their type words to ``canonical_type``, so a type
reads the same whichever input spelled it.
"""

from __future__ import annotations

from zeroetl_lint.model.catalog import ColumnType

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(name: str, quoted: bool) -> str:
    """PostgreSQL folds unquoted identifiers to lower case, ASCII letters only in UTF-8 databases."""
    return name if quoted else name.translate(_ASCII_LOWER)


_BUILTIN_NAMES: dict[str, str] = {
    "int": "integer", "integer": "integer", "int4": "integer",
    "smallint": "smallint", "int2": "smallint",
    "bigint": "bigint", "int8": "bigint",
    "serial": "serial", "serial4": "serial",
    "bigserial": "bigserial", "serial8": "bigserial",
    "smallserial": "smallserial", "serial2": "smallserial",
    "real": "real", "float4": "real", "float8": "double precision", "double precision": "double precision",
    "numeric": "numeric", "decimal": "numeric", "dec": "numeric",
    "boolean": "boolean", "bool": "boolean",
    "char": "character", "character": "character", "bpchar": "character", "nchar": "character",
    "national character": "character", "national char": "character",
    "varchar": "character varying", "character varying": "character varying", "char varying": "character varying",
    "national character varying": "character varying", "national char varying": "character varying",
    "nchar varying": "character varying",
    "bit": "bit", "varbit": "bit varying", "bit varying": "bit varying",
    "timestamp": "timestamp without time zone", "timestamp without time zone": "timestamp without time zone",
    "timestamptz": "timestamp with time zone", "timestamp with time zone": "timestamp with time zone",
    "time": "time without time zone", "time without time zone": "time without time zone",
    "timetz": "time with time zone", "time with time zone": "time with time zone",
}  # fmt: skip
# Built-in pg_catalog types that keep their own name (mapped or not: column_types.py decides support).
_BUILTIN_SAME = frozenset(
    """text bytea date interval money json jsonb jsonpath uuid inet cidr macaddr macaddr8 name oid cid
    xid xid8 tid pg_lsn tsvector tsquery gtsvector txid_snapshot pg_snapshot xml refcursor int2vector
    oidvector pg_brin_bloom_summary pg_brin_minmax_multi_summary pg_dependencies pg_mcv_list pg_ndistinct
    pg_node_tree point line lseg box path polygon circle int4range int8range numrange tsrange tstzrange
    daterange int4multirange int8multirange nummultirange tsmultirange tstzmultirange datemultirange
    regclass regtype regproc regprocedure regoper regoperator regconfig regdictionary regnamespace regrole
    regcollation aclitem record""".split()
)


def canonical_type(
    parts: list[tuple[str, bool]], modifiers: tuple[int, ...], array_dims: int, written: str
) -> ColumnType:
    """The type that these words name, as PostgreSQL does: ``parts`` are (word, quoted) pairs in order,
    a qualifying dot is (".", True); ``written`` is the spelling kept for messages."""
    schema: str | None = None
    if (".", True) in parts:
        dot = len(parts) - 1 - parts[::-1].index((".", True))
        qualifier = [p for p in parts[:dot] if p != (".", True)]
        schema = fold(*qualifier[-1]) if qualifier else None
        parts = parts[dot + 1 :]
    quoted = any(q for _, q in parts)
    words = [w if q else fold(w, False) for w, q in parts]
    if quoted:
        key = words[0] if len(words) == 1 else " ".join(words)
        # "char" in double quotes is PostgreSQL's internal one-byte type, not character(1).
        if key == "char":
            return ColumnType('"char"', None, modifiers, array_dims, None, True, written)
    else:
        key = " ".join(words)
    if schema not in (None, "pg_catalog"):
        return ColumnType(key, schema, modifiers, array_dims, None, False, written)
    interval_fields: str | None = None
    if not quoted and key.startswith("interval"):
        fields = " ".join(words[1:]).upper()
        interval_fields = fields or None
        key = "interval"
    elif not quoted and key == "float":
        # float(p): p <= 24 is real, anything else double precision (PostgreSQL's rule).
        key = "real" if modifiers and modifiers[0] <= 24 else "double precision"
        modifiers = ()
    if key in _BUILTIN_NAMES:
        return ColumnType(_BUILTIN_NAMES[key], None, modifiers, array_dims, interval_fields, True, written)
    if key in _BUILTIN_SAME:
        return ColumnType(key, None, modifiers, array_dims, interval_fields, True, written)
    return ColumnType(key, schema if schema != "pg_catalog" else None, modifiers, array_dims, None, False, written)
