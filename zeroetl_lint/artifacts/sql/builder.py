"""Apply catalog changes in statement order, the only mutable part of reading a schema, and build the Catalog."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from zeroetl_lint.artifacts.sql.changes import (
    AddColumn,
    AddPrimaryKey,
    AddUnique,
    AlterColumnType,
    AlterTable,
    AttachPartition,
    Change,
    CreateDatabase,
    CreateDomain,
    CreateExtension,
    CreateSchema,
    CreateTable,
    CreateType,
    DetachPartition,
    Drop,
    DropColumn,
    DropConstraint,
    Inherit,
    LikeClause,
    RenameColumn,
    RenameConstraint,
    RenameSchema,
    RenameTable,
    SetPersistence,
    SetSchema,
    SetSearchPath,
)
from zeroetl_lint.findings import Location
from zeroetl_lint.model.catalog import (
    Catalog,
    Column,
    ColumnCopy,
    Database,
    Domain,
    Extension,
    Persistence,
    QualifiedName,
    ResyncEvent,
    ResyncKind,
    Schema,
    Table,
    TableKind,
    UserType,
)


_DEFAULT_SEARCH_PATH = ("$user", "public")
_TABLE_KINDS = {
    "table": TableKind.TABLE,
    "view": TableKind.VIEW,
    "materialized view": TableKind.MATERIALIZED_VIEW,
    "foreign table": TableKind.FOREIGN_TABLE,
}


@dataclass(slots=True)
class CatalogBuilder:
    """Applies changes in order; the only mutable part of the catalog, kept private to the reader."""

    database: str | None = None
    file_index: int = 0
    search_path: tuple[str, ...] = _DEFAULT_SEARCH_PATH
    databases: dict[str, Database] = field(default_factory=dict)
    schemas: dict[str, Schema] = field(default_factory=dict)
    tables: dict[tuple[str, str], Table] = field(default_factory=dict)
    types: dict[tuple[str, str], UserType] = field(default_factory=dict)
    domains: dict[tuple[str, str], Domain] = field(default_factory=dict)
    extensions: dict[str, Extension] = field(default_factory=dict)
    origins: dict[tuple[str, str], int] = field(default_factory=dict)
    resync_events: list[ResyncEvent] = field(default_factory=list)

    # -- name resolution ---------------------------------------------------------------------------

    def creation_schema(self) -> str:
        """The schema an unqualified CREATE lands in: the first usable search_path entry."""
        for entry in self.search_path:
            if entry in ("$user", "pg_catalog", "pg_temp") or not entry:
                continue
            return entry
        return "public"

    def _lookup(self, name: QualifiedName, registry: dict[tuple[str, str], object]) -> tuple[str, str]:
        if name.schema is not None:
            return (name.schema, name.name)
        for entry in self.search_path:
            if (entry, name.name) in registry:
                return (entry, name.name)
        for (schema, table_name) in registry:  # an unqualified name the search path does not reach
            if table_name == name.name and schema == "public":
                return (schema, table_name)
        return (self.creation_schema(), name.name)

    def _table_key(self, name: QualifiedName) -> tuple[str, str]:
        return self._lookup(name, self.tables)  # type: ignore[arg-type]

    # -- application -------------------------------------------------------------------------------

    def apply(self, change: Change) -> None:
        if isinstance(change, CreateTable):
            self._create_table(change)
        elif isinstance(change, AlterTable):
            self._alter_table(change)
        elif isinstance(change, Drop):
            self._drop(change)
        elif isinstance(change, CreateType):
            schema = change.name.schema or self.creation_schema()
            self._touch_schema(schema)
            self.types[(schema, change.name.name)] = UserType(
                schema, change.name.name, change.kind, change.location, change.labels
            )
        elif isinstance(change, CreateDomain):
            schema = change.name.schema or self.creation_schema()
            self._touch_schema(schema)
            self.domains[(schema, change.name.name)] = Domain(
                schema, change.name.name, change.base_type, change.location
            )
        elif isinstance(change, CreateExtension):
            self.extensions[change.name] = Extension(change.name, change.schema, change.location)
        elif isinstance(change, CreateSchema):
            if change.name not in self.schemas or self.schemas[change.name].location is None:
                self.schemas[change.name] = Schema(change.name, change.location)
        elif isinstance(change, RenameSchema):
            self._rename_schema(change)
        elif isinstance(change, CreateDatabase):
            self.databases[change.name] = Database(change.name, change.encoding, change.location)
        elif isinstance(change, SetSearchPath):
            self.search_path = change.schemas or ("",)

    def _touch_schema(self, schema: str) -> None:
        # public exists without a CREATE SCHEMA; other schemas may come from earlier, unseen DDL.
        if schema not in self.schemas:
            self.schemas[schema] = Schema(schema, None)

    def _create_table(self, change: CreateTable) -> None:
        schema = change.name.schema or self.creation_schema()
        key = (schema, change.name.name)
        if key in self.tables and change.if_not_exists:
            return
        persistence = change.persistence
        if persistence is Persistence.TEMPORARY:
            schema = "pg_temp"
            key = (schema, change.name.name)
        self._touch_schema(schema)
        columns = change.columns
        primary_key, primary_key_name = change.primary_key, change.primary_key_name
        columns_known = change.columns_known
        unique_keys = change.unique_keys
        for clause in change.like:
            source = self.tables.get(self._table_key(clause.source))
            if source is None:
                columns_known = False
                continue
            own = {c.name for c in columns}
            columns = tuple(_copied(c, source, clause) for c in source.columns if c.name not in own) + columns
            if clause.copies_indexes:
                unique_keys = (*unique_keys, *(key for key in source.unique_keys if key not in unique_keys))
            if clause.copies_indexes and primary_key is None and source.primary_key is not None:
                primary_key = source.primary_key
                primary_key_name = f"{change.name.name}_pkey"
        if primary_key is not None and primary_key_name is None:
            primary_key_name = f"{change.name.name}_pkey"
        partition_of = None
        if change.partition_of is not None:
            partition_of = QualifiedName(*self._table_key(change.partition_of))
        inherits = tuple(QualifiedName(*self._table_key(parent)) for parent in change.inherits)
        self.tables[key] = Table(
            schema=schema,
            name=change.name.name,
            kind=change.kind,
            persistence=persistence,
            columns=columns,
            primary_key=primary_key,
            location=change.location,
            database=self.database,
            primary_key_name=primary_key_name,
            unique_keys=unique_keys,
            partitioned_by=change.partitioned_by,
            partition_of=partition_of,
            inherits=inherits,
            columns_known=columns_known,
        )
        self.origins[key] = self.file_index

    def _record(self, kind: ResyncKind, key: tuple[str, str], change: AlterTable, location: Location) -> None:
        origin = self.origins.get(key)
        earlier = origin is not None and origin < self.file_index
        self.resync_events.append(
            ResyncEvent(kind, f"{key[0]}.{key[1]}", change.summary, location, earlier, self.database)
        )

    def _alter_table(self, change: AlterTable) -> None:
        key = self._table_key(change.name)
        table = self.tables.get(key)
        if table is None:
            return
        for action in change.actions:
            table = self.tables[key]
            if isinstance(action, AddColumn):
                columns = tuple(c for c in table.columns if c.name != action.column.name) + (action.column,)
                table = replace(table, columns=columns)
                if action.primary_key and table.primary_key is None:
                    table = replace(table, primary_key=(action.column.name,), primary_key_name=f"{table.name}_pkey")
                    self._record(ResyncKind.ADD_PRIMARY_KEY, key, change, action.column.location)
            elif isinstance(action, DropColumn):
                if table.primary_key is not None and action.name in table.primary_key:
                    self._record(ResyncKind.DROP_PRIMARY_KEY_COLUMN, key, change, action.location)
                    # PostgreSQL drops every constraint that uses a dropped column.
                    table = replace(table, primary_key=None, primary_key_name=None)
                table = replace(
                    table,
                    columns=tuple(c for c in table.columns if c.name != action.name),
                    unique_keys=tuple(u for u in table.unique_keys if action.name not in u),
                )
            elif isinstance(action, AlterColumnType):
                table = replace(
                    table,
                    columns=tuple(
                        replace(c, type=action.type) if c.name == action.name else c for c in table.columns
                    ),
                )
                self._record(ResyncKind.ALTER_COLUMN_TYPE, key, change, action.location)
            elif isinstance(action, AddPrimaryKey):
                # USING INDEX keys have columns this reader cannot see: () still means "has a key".
                table = replace(
                    table,
                    primary_key=action.columns,
                    primary_key_name=action.constraint_name or f"{table.name}_pkey",
                )
                self._record(ResyncKind.ADD_PRIMARY_KEY, key, change, action.location)
            elif isinstance(action, AddUnique):
                table = replace(table, unique_keys=(*table.unique_keys, action.columns))
            elif isinstance(action, DropConstraint):
                if table.primary_key is not None and action.name == table.primary_key_name:
                    table = replace(table, primary_key=None, primary_key_name=None)
            elif isinstance(action, RenameConstraint):
                if table.primary_key_name == action.old:
                    table = replace(table, primary_key_name=action.new)
            elif isinstance(action, RenameColumn):
                table = replace(
                    table,
                    columns=tuple(replace(c, name=action.new) if c.name == action.old else c for c in table.columns),
                    primary_key=None
                    if table.primary_key is None
                    else tuple(action.new if c == action.old else c for c in table.primary_key),
                )
            elif isinstance(action, RenameTable):
                key = self._move(key, (key[0], action.new_name))
                continue
            elif isinstance(action, SetSchema):
                self._record(ResyncKind.SET_SCHEMA, key, change, action.location)
                self._touch_schema(action.schema)
                key = self._move(key, (action.schema, key[1]))
                continue
            elif isinstance(action, SetPersistence):
                kind = ResyncKind.SET_LOGGED if action.logged else ResyncKind.SET_UNLOGGED
                self._record(kind, key, change, action.location)
                persistence = Persistence.PERMANENT if action.logged else Persistence.UNLOGGED
                table = replace(table, persistence=persistence)
            elif isinstance(action, AttachPartition):
                child_key = self._table_key(action.partition)
                child = self.tables.get(child_key)
                if child is not None:
                    self.tables[child_key] = replace(child, partition_of=QualifiedName(*key))
            elif isinstance(action, DetachPartition):
                child_key = self._table_key(action.partition)
                child = self.tables.get(child_key)
                if child is not None:
                    self.tables[child_key] = replace(child, partition_of=None)
            elif isinstance(action, Inherit):
                parent = QualifiedName(*self._table_key(action.parent))
                inherits = tuple(p for p in table.inherits if p != parent)
                table = replace(table, inherits=inherits if action.remove else (*inherits, parent))
            self.tables[key] = table

    def _move(self, old: tuple[str, str], new: tuple[str, str]) -> tuple[str, str]:
        table = self.tables.pop(old)
        self.tables[new] = replace(table, schema=new[0], name=new[1])
        self.origins[new] = self.origins.pop(old, self.file_index)
        # References held by partitions and inheritance children follow the rename.
        old_name, new_name = QualifiedName(*old), QualifiedName(*new)
        for other_key, other in list(self.tables.items()):
            if other.partition_of == old_name or old_name in other.inherits:
                self.tables[other_key] = replace(
                    other,
                    partition_of=new_name if other.partition_of == old_name else other.partition_of,
                    inherits=tuple(new_name if p == old_name else p for p in other.inherits),
                )
        return new

    def _rename_schema(self, change: RenameSchema) -> None:
        # Redshift drops the schema and resyncs its tables: what matters is whether it holds tables that
        # earlier migrations created (public exists without any CREATE SCHEMA, so the schema's origin cannot say).
        earlier = tuple(sorted(
            f"{key[0]}.{key[1]}" for key in self.tables
            if key[0] == change.old and self.origins.get(key, self.file_index) < self.file_index
        ))
        self.resync_events.append(ResyncEvent(
            ResyncKind.RENAME_SCHEMA, change.old, change.summary, change.location, bool(earlier), self.database, earlier
        ))
        schema = self.schemas.pop(change.old, Schema(change.old, None))
        self.schemas[change.new] = replace(schema, name=change.new)
        for key in [k for k in self.tables if k[0] == change.old]:
            self._move(key, (change.new, key[1]))
        for registry in (self.types, self.domains):
            for key in [k for k in registry if k[0] == change.old]:
                item = registry.pop(key)
                registry[(change.new, key[1])] = replace(item, schema=change.new)  # type: ignore[type-var]

    def _drop(self, change: Drop) -> None:
        if change.kind in _TABLE_KINDS:
            for name in change.names:
                key = self._table_key(name)
                table = self.tables.get(key)
                if table is not None and table.kind is _TABLE_KINDS[change.kind]:
                    self._drop_table(key)
        elif change.kind == "type":
            for name in change.names:
                self.types.pop(self._lookup(name, self.types), None)  # type: ignore[arg-type]
        elif change.kind == "domain":
            for name in change.names:
                self.domains.pop(self._lookup(name, self.domains), None)  # type: ignore[arg-type]
        elif change.kind == "extension":
            for name in change.names:
                self.extensions.pop(name.name, None)
        elif change.kind == "schema":
            for name in change.names:
                self.schemas.pop(name.name, None)
                for registry in (self.tables, self.types, self.domains):
                    for key in [k for k in registry if k[0] == name.name]:
                        del registry[key]  # type: ignore[attr-defined]

    def _drop_table(self, key: tuple[str, str]) -> None:
        del self.tables[key]
        # Partitions go with their parent; inheritance children need CASCADE and go with it too.
        dropped = QualifiedName(*key)
        for other_key, other in list(self.tables.items()):
            if other.partition_of == dropped or dropped in other.inherits:
                if other_key in self.tables:
                    self._drop_table(other_key)

    # -- result ------------------------------------------------------------------------------------

    def build(self) -> Catalog:
        tables = {key: self._resolve_inheritance(key, table) for key, table in self.tables.items()}
        return Catalog(
            databases=tuple(self.databases.values()),
            schemas=tuple(self.schemas.values()),
            tables=tuple(tables.values()),
            types=tuple(self.types.values()),
            domains=tuple(self.domains.values()),
            extensions=tuple(self.extensions.values()),
        )

    def _resolve_inheritance(self, key: tuple[str, str], table: Table) -> Table:
        """Give partitions their parent's key and every child its parents' columns, as PostgreSQL does."""
        columns: list[Column] = []
        seen: set[tuple[str, str]] = {key}
        primary_key, primary_key_name, inherited = table.primary_key, table.primary_key_name, False
        parents = [table.partition_of] if table.partition_of is not None else list(table.inherits)
        own = {c.name for c in table.columns}
        while parents:
            parent_name = parents.pop(0)
            parent_key = (parent_name.schema or "public", parent_name.name)
            if parent_key in seen:
                continue
            seen.add(parent_key)
            parent = self.tables.get(parent_key)
            if parent is None:
                continue
            for column in parent.columns:
                if column.name not in own:
                    own.add(column.name)
                    columns.append(column)
            if table.partition_of is not None and primary_key is None and parent.primary_key is not None:
                primary_key, primary_key_name, inherited = parent.primary_key, parent.primary_key_name, True
            if parent.partition_of is not None:
                parents.append(parent.partition_of)
            elif table.partition_of is None:
                parents.extend(parent.inherits)
        if not columns and not inherited:
            return table
        return replace(
            table,
            columns=(*columns, *table.columns),
            primary_key=primary_key,
            primary_key_name=primary_key_name,
            primary_key_inherited=inherited,
        )


def _copied(column: Column, source: Table, clause: LikeClause) -> Column:
    """A column as LIKE copies it: located at the clause, remembering where the source declares it."""
    declared_at = column.copied.declared_at if column.copied is not None else column.location
    return replace(
        column,
        location=clause.location,
        identity=column.identity and clause.copies_identity,
        generated=column.generated if clause.copies_generated else None,
        copied=ColumnCopy(source.qualified_name, clause.text, declared_at),
    )


def build_catalog(changes: Iterable[Change], database: str | None = None) -> Catalog:
    """Apply changes in order to an empty catalog (a convenience for tests and single files)."""
    builder = CatalogBuilder(database=database)
    for change in changes:
        builder.apply(change)
    return builder.build()
