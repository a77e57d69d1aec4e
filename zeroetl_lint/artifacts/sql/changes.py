"""What one DDL statement does to the catalog: the changes the statement reader produces and the builder applies."""

from __future__ import annotations

from dataclasses import dataclass

from zeroetl_lint.findings import Location
from zeroetl_lint.model.catalog import Column, ColumnType, Persistence, QualifiedName, TableKind, TypeKind


@dataclass(frozen=True, slots=True)
class CreateTable:
    name: QualifiedName
    location: Location
    columns: tuple[Column, ...] = ()
    primary_key: tuple[str, ...] | None = None
    primary_key_name: str | None = None
    unique_keys: tuple[tuple[str, ...], ...] = ()
    kind: TableKind = TableKind.TABLE
    persistence: Persistence = Persistence.PERMANENT
    partitioned_by: str | None = None
    partition_of: QualifiedName | None = None
    inherits: tuple[QualifiedName, ...] = ()
    like: tuple[LikeClause, ...] = ()
    columns_known: bool = True
    if_not_exists: bool = False
    or_replace: bool = False


@dataclass(frozen=True, slots=True)
class LikeClause:
    """``LIKE source [INCLUDING ... | EXCLUDING ...]`` in a CREATE TABLE column list."""

    source: QualifiedName
    location: Location  # from LIKE to the source's name
    text: str  # as written, for messages: "LIKE t5 INCLUDING ALL"
    copies_indexes: bool = False  # INCLUDING INDEXES: so the primary key too
    # Without INCLUDING GENERATED / IDENTITY, PostgreSQL makes the copies plain columns.
    copies_generated: bool = False
    copies_identity: bool = False

    @staticmethod
    def options(words: list[str]) -> dict[str, bool]:
        """The copy flags of ``INCLUDING ALL EXCLUDING INDEXES``-style options, applied in order."""
        flags = {"copies_indexes": False, "copies_generated": False, "copies_identity": False}
        keys = {"INDEXES": ("copies_indexes",), "GENERATED": ("copies_generated",), "IDENTITY": ("copies_identity",),
                "ALL": tuple(flags)}
        for verb, what in zip(words, words[1:]):
            if verb in ("INCLUDING", "EXCLUDING"):
                for key in keys.get(what, ()):
                    flags[key] = verb == "INCLUDING"
        return flags


@dataclass(frozen=True, slots=True)
class AddColumn:
    column: Column
    primary_key: bool = False


@dataclass(frozen=True, slots=True)
class DropColumn:
    name: str
    location: Location


@dataclass(frozen=True, slots=True)
class AlterColumnType:
    name: str
    type: ColumnType
    location: Location


@dataclass(frozen=True, slots=True)
class AddPrimaryKey:
    columns: tuple[str, ...]
    constraint_name: str | None
    location: Location
    # ADD CONSTRAINT ... PRIMARY KEY USING INDEX idx: the columns are the index's, unknown here.
    using_index: bool = False


@dataclass(frozen=True, slots=True)
class AddUnique:
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DropConstraint:
    name: str
    location: Location


@dataclass(frozen=True, slots=True)
class RenameConstraint:
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class RenameTable:
    new_name: str


@dataclass(frozen=True, slots=True)
class RenameColumn:
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class SetSchema:
    schema: str
    location: Location


@dataclass(frozen=True, slots=True)
class SetPersistence:
    logged: bool
    location: Location


@dataclass(frozen=True, slots=True)
class AttachPartition:
    partition: QualifiedName


@dataclass(frozen=True, slots=True)
class DetachPartition:
    partition: QualifiedName


@dataclass(frozen=True, slots=True)
class Inherit:
    parent: QualifiedName
    remove: bool = False


AlterAction = (
    AddColumn
    | DropColumn
    | AlterColumnType
    | AddPrimaryKey
    | AddUnique
    | DropConstraint
    | RenameConstraint
    | RenameTable
    | RenameColumn
    | SetSchema
    | SetPersistence
    | AttachPartition
    | DetachPartition
    | Inherit
)


@dataclass(frozen=True, slots=True)
class AlterTable:
    name: QualifiedName
    location: Location
    actions: tuple[AlterAction, ...]
    only: bool = False
    if_exists: bool = False
    # The statement's first words, for resync records ("ALTER TABLE ONLY public.t ADD CONSTRAINT ...").
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Drop:
    """DROP of tables (any kind), types, domains, schemas or extensions."""

    kind: str  # "table", "view", "materialized view", "foreign table", "type", "domain", "schema", "extension"
    names: tuple[QualifiedName, ...]
    location: Location
    cascade: bool = False


@dataclass(frozen=True, slots=True)
class CreateType:
    name: QualifiedName
    kind: TypeKind
    location: Location
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CreateDomain:
    name: QualifiedName
    base_type: ColumnType
    location: Location


@dataclass(frozen=True, slots=True)
class CreateExtension:
    name: str
    schema: str | None
    location: Location


@dataclass(frozen=True, slots=True)
class CreateSchema:
    name: str
    location: Location


@dataclass(frozen=True, slots=True)
class RenameSchema:
    old: str
    new: str
    location: Location
    summary: str = ""


@dataclass(frozen=True, slots=True)
class CreateDatabase:
    name: str
    encoding: str | None
    location: Location


@dataclass(frozen=True, slots=True)
class SetSearchPath:
    schemas: tuple[str, ...]


Change = (
    CreateTable
    | AlterTable
    | Drop
    | CreateType
    | CreateDomain
    | CreateExtension
    | CreateSchema
    | RenameSchema
    | CreateDatabase
    | SetSearchPath
)
