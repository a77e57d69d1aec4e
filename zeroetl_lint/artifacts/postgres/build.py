"""Turn the rows of the catalog queries into the Catalog model the SQL reader fills, located at the URL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from zeroetl_lint.artifacts.postgres.types import column_type
from zeroetl_lint.findings import Location
from zeroetl_lint.model.catalog import (
    Catalog,
    Column,
    Database,
    Domain,
    Extension,
    Persistence,
    QualifiedName,
    Schema,
    ServerSettings,
    Table,
    TableKind,
    TypeKind,
    UserType,
)

Row = Sequence[Any]

_TABLE_KINDS = {"r": TableKind.TABLE, "p": TableKind.TABLE, "v": TableKind.VIEW,
                "m": TableKind.MATERIALIZED_VIEW, "f": TableKind.FOREIGN_TABLE}
_PERSISTENCE = {"p": Persistence.PERMANENT, "u": Persistence.UNLOGGED, "t": Persistence.TEMPORARY}
_TYPE_KINDS = {"e": TypeKind.ENUM, "c": TypeKind.COMPOSITE, "r": TypeKind.RANGE, "m": TypeKind.MULTIRANGE,
               "b": TypeKind.BASE}
_GENERATED = {"s": "stored", "v": "virtual"}


@dataclass(frozen=True, slots=True)
class CatalogRows:
    """What the catalog queries returned; None for an optional kind the user could not read."""

    relations: Sequence[Row]
    parents: Sequence[Row]
    keys: Sequence[Row]
    columns: Sequence[Row]
    types: Sequence[Row]
    extensions: Sequence[Row] | None
    type_extensions: Sequence[Row] | None
    database: Sequence[Row] | None


def build_catalog(rows: CatalogRows, database: str, location: Location,
                  server: ServerSettings | None) -> Catalog:
    """The Catalog of one live database; every object is located at the database URL (no line)."""
    columns: dict[int, list[Column]] = {}
    for relid, name, type_text, not_null, identity, generated in rows.columns:
        columns.setdefault(relid, []).append(Column(
            name, column_type(type_text), location, not_null=not_null, identity=identity in ("a", "d"),
            generated=_GENERATED.get(generated)))
    partition_of: dict[int, QualifiedName] = {}
    inherits: dict[int, list[QualifiedName]] = {}
    for relid, is_partition, schema, name in rows.parents:
        if is_partition:
            partition_of[relid] = QualifiedName(schema, name)
        else:
            inherits.setdefault(relid, []).append(QualifiedName(schema, name))
    keys = _keys(rows.keys)
    tables = []
    for oid, schema, name, relkind, persistence, partition_key in rows.relations:
        primary = keys.primary.get(oid)
        tables.append(Table(
            schema=schema, name=name, kind=_TABLE_KINDS[relkind], persistence=_PERSISTENCE[persistence],
            columns=tuple(columns.get(oid, ())), location=location,
            primary_key=primary[1] if primary else None, primary_key_name=primary[0] if primary else None,
            primary_key_inherited=bool(primary and primary[2]), unique_keys=tuple(keys.unique.get(oid, ())),
            partitioned_by=partition_key, partition_of=partition_of.get(oid),
            inherits=tuple(inherits.get(oid, ()))))
    owner = dict(rows.type_extensions or ())
    types, domains = [], []
    for oid, schema, name, typtype, defined, labels, base in rows.types:
        if typtype == "d":
            domains.append(Domain(schema, name, column_type(base), location))
            continue
        kind = _TYPE_KINDS[typtype] if defined else TypeKind.SHELL
        types.append(UserType(schema, name, kind, location, tuple(labels or ()), owner.get(oid)))
    databases = ()
    if rows.database:
        encoding, collation, ctype = rows.database[0]
        databases = (Database(database, encoding, location, collation, ctype),)
    return Catalog(
        databases=databases,
        schemas=tuple(Schema(s, location) for s in dict.fromkeys(t.schema for t in tables)),
        tables=tuple(tables),
        types=tuple(types),
        domains=tuple(domains),
        extensions=tuple(Extension(name, schema, location) for name, schema in rows.extensions or ()),
        server=server,
    )


@dataclass(frozen=True, slots=True)
class _Keys:
    primary: Mapping[int, tuple[str, tuple[str, ...], bool]]  # relid -> (name, columns, from the parent)
    unique: Mapping[int, list[tuple[str, ...]]]


def _keys(rows: Sequence[Row]) -> _Keys:
    primary: dict[int, tuple[str, tuple[str, ...], bool]] = {}
    unique: dict[int, list[tuple[str, ...]]] = {}
    for relid, kind, name, inherited, _oid, columns in rows:
        if kind == "p":
            primary[relid] = (name, tuple(columns), inherited)
        elif columns:
            unique.setdefault(relid, []).append(tuple(columns))
    return _Keys(primary, unique)
