"""The PostgreSQL catalog model: what a schema input defines, and the statements that make Redshift resync a table."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from zeroetl_lint.findings import Location


class TableKind(str, Enum):
    TABLE = "table"
    VIEW = "view"
    MATERIALIZED_VIEW = "materialized view"
    FOREIGN_TABLE = "foreign table"


class Persistence(str, Enum):
    PERMANENT = "permanent"
    UNLOGGED = "unlogged"
    TEMPORARY = "temporary"


class TypeKind(str, Enum):
    ENUM = "enum"
    COMPOSITE = "composite"
    RANGE = "range"
    MULTIRANGE = "multirange"
    BASE = "base"
    SHELL = "shell"


@dataclass(frozen=True, slots=True)
class QualifiedName:
    """A possibly schema-qualified object name, identifiers already case-folded as PostgreSQL does."""

    schema: str | None
    name: str

    def __str__(self) -> str:
        return self.name if self.schema is None else f"{self.schema}.{self.name}"


@dataclass(frozen=True, slots=True)
class ColumnType:
    """A column type as written, normalised to PostgreSQL's canonical spelling (never sqlglot's rendering).

    ``name`` is the canonical built-in name ("integer", "character varying", "timestamp with time zone",
    "interval", ...) or, for anything else, the case-folded user type name with ``schema`` set when the
    type was schema-qualified. ``modifiers`` are the typmods (``numeric(12,2)`` -> ``(12, 2)``).
    """

    name: str
    schema: str | None = None
    modifiers: tuple[int, ...] = ()
    array_dims: int = 0
    # "YEAR TO MONTH", "DAY TO SECOND", "HOUR", ...; None when the interval has no field qualifier.
    interval_fields: str | None = None
    builtin: bool = True
    text: str = ""

    @property
    def display(self) -> str:
        return self.text or self.name


@dataclass(frozen=True, slots=True)
class ColumnCopy:
    """How a table got a column of another table: ``CREATE TABLE t6 (LIKE t5)``."""

    source: str  # the table that declares it: "public.t5"
    clause: str  # as written: "LIKE t5 INCLUDING ALL"
    declared_at: Location  # the column's definition in the source table


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: ColumnType
    # Where the column is defined; for a copied column, the clause that copied it (see ``copied``).
    location: Location
    not_null: bool = False
    identity: bool = False
    # "stored" or "virtual" for GENERATED ALWAYS AS (...) columns.
    generated: str | None = None
    copied: ColumnCopy | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A table-like relation; views and foreign tables are tables of another ``kind``."""

    schema: str
    name: str
    kind: TableKind
    persistence: Persistence
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] | None
    location: Location
    database: str | None = None
    primary_key_name: str | None = None
    # True when the key is the partition parent's (PostgreSQL propagates it to every partition).
    primary_key_inherited: bool = False
    unique_keys: tuple[tuple[str, ...], ...] = ()
    # "RANGE (created_at)" for a declarative partition parent.
    partitioned_by: str | None = None
    partition_of: QualifiedName | None = None
    inherits: tuple[QualifiedName, ...] = ()
    # False for CREATE TABLE AS, CREATE TABLE OF type and LIKE of an unknown table.
    columns_known: bool = True

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def is_partition(self) -> bool:
        return self.partition_of is not None

    @property
    def is_partitioned(self) -> bool:
        return self.partitioned_by is not None


@dataclass(frozen=True, slots=True)
class UserType:
    schema: str
    name: str
    kind: TypeKind
    location: Location
    labels: tuple[str, ...] = ()
    # The extension that owns the type (citext), when a live catalog says so; SQL never does.
    extension: str | None = None


@dataclass(frozen=True, slots=True)
class Domain:
    schema: str
    name: str
    base_type: ColumnType
    location: Location


@dataclass(frozen=True, slots=True)
class Extension:
    name: str
    schema: str | None
    location: Location


@dataclass(frozen=True, slots=True)
class Schema:
    name: str
    location: Location | None


@dataclass(frozen=True, slots=True)
class Database:
    name: str
    encoding: str | None
    location: Location
    collation: str | None = None  # LC_COLLATE, known from a live catalog
    ctype: str | None = None


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """What a live server reported about itself; a setting it did not answer is absent, never guessed."""

    location: Location  # the database URL without credentials
    version: str  # server_version as reported: "16.4", "15.18 (Debian 15.18-0+deb12u1)"
    version_number: int  # server_version_num: 160004
    encoding: str  # server_encoding
    asked: tuple[str, ...]  # the settings asked for (the replication parameters of every PostgreSQL engine)
    answered: tuple[tuple[str, str], ...]  # (name, value) for those the server reported, in base units
    aurora_version: str | None = None  # aurora_version(), which only Aurora PostgreSQL has
    # Why the settings could not be read at all (a permission problem), so none was checked.
    unreadable: str | None = None

    def setting(self, name: str) -> str | None:
        return next((value for key, value in self.answered if key == name), None)

    @property
    def release(self) -> str:
        """"16.4" from 160004 (PostgreSQL 10+), "9.6.24" from 90624: comparable with EngineVersion."""
        number = self.version_number
        if number >= 100000:
            return f"{number // 10000}.{number % 10000}"
        return f"{number // 10000}.{number // 100 % 100}.{number % 100}"


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything the schema input defines once all statements are applied."""

    databases: tuple[Database, ...] = ()
    schemas: tuple[Schema, ...] = ()
    tables: tuple[Table, ...] = ()
    types: tuple[UserType, ...] = ()
    domains: tuple[Domain, ...] = ()
    extensions: tuple[Extension, ...] = ()
    # Set for a live database (--schema DB=postgresql://...): what the server reported about itself.
    server: ServerSettings | None = None

    def table(self, schema: str, name: str) -> Table | None:
        return next((t for t in self.tables if t.schema == schema and t.name == name), None)

    def user_type(self, name: str, schema: str | None = None) -> UserType | None:
        return next((t for t in self.types if t.name == name and schema in (None, t.schema)), None)

    def domain(self, name: str, schema: str | None = None) -> Domain | None:
        return next((d for d in self.domains if d.name == name and schema in (None, d.schema)), None)


class ResyncKind(str, Enum):
    ADD_PRIMARY_KEY = "ADD PRIMARY KEY"
    SET_SCHEMA = "SET SCHEMA"
    RENAME_SCHEMA = "ALTER SCHEMA ... RENAME"
    DROP_PRIMARY_KEY_COLUMN = "DROP COLUMN (primary key column)"
    ALTER_COLUMN_TYPE = "ALTER COLUMN ... TYPE"
    SET_LOGGED = "SET LOGGED"
    SET_UNLOGGED = "SET UNLOGGED"


@dataclass(frozen=True, slots=True)
class ResyncEvent:
    """A statement that makes Redshift resync (or drop) a replicated table."""

    kind: ResyncKind
    # "schema.table" for table statements; the old schema name for ALTER SCHEMA ... RENAME.
    object: str
    statement: str
    location: Location
    # True when the table (for a schema rename: any table of the schema) came from an earlier migration file.
    created_in_earlier_file: bool
    database: str | None = None
    # For a schema rename: the tables of the schema that earlier migration files created ("public.orders").
    tables: tuple[str, ...] = ()
