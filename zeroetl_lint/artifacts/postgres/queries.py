"""The catalog queries: one per kind of object, over every schema but the system ones, read-only."""

from __future__ import annotations

from dataclasses import dataclass

# User schemas: PostgreSQL reserves the pg_ prefix (pg_catalog, pg_toast*, other sessions' pg_temp_*).
_USER_SCHEMA = "n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'"
# Tables, partitioned tables, views, materialized views, foreign tables.
_RELATION_KINDS = "('r', 'p', 'v', 'm', 'f')"


@dataclass(frozen=True, slots=True)
class Query:
    """One catalog query; an optional one that the user may not read is skipped and reported, not fatal."""

    kind: str  # what it reads, for messages: "the extension of each type"
    sql: str
    optional: bool = False


SERVER = Query("the server version and encoding", """
SELECT current_setting('server_version'), current_setting('server_version_num')::int,
       current_setting('server_encoding')""")

# COALESCE: pg_settings gives numbers in base units (wal_sender_timeout 60000, not "1min"); a custom
# setting without a pg_settings row (aurora.*) is answered by SHOW alone.
SETTINGS = Query("the replication settings", """
SELECT q.name, COALESCE(s.setting, current_setting(q.name, true)),
       (SELECT n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.proname = 'aurora_version' AND p.pronargs = 0 ORDER BY n.nspname <> 'pg_catalog' LIMIT 1)
FROM unnest(%s::text[]) WITH ORDINALITY AS q(name, position)
LEFT JOIN pg_settings s ON s.name = q.name
ORDER BY q.position""", optional=True)

# Called in the schema SETTINGS found it in (pg_catalog on Aurora), the name quoted by the reader.
AURORA_VERSION = Query("the Aurora version", "SELECT {schema}.aurora_version()::text", optional=True)

DATABASE = Query("the database encoding and collation", """
SELECT pg_encoding_to_char(d.encoding), d.datcollate, d.datctype
FROM pg_database d WHERE d.datname = current_database()""", optional=True)

RELATIONS = Query("the tables", f"""
SELECT c.oid, n.nspname, c.relname, c.relkind::text, c.relpersistence::text,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN {_RELATION_KINDS} AND {_USER_SCHEMA}
ORDER BY n.nspname, c.relname""")

# Partitions (relispartition) and INHERITS children, with their parents in declaration order.
PARENTS = Query("the partitions and inheritance", """
SELECT i.inhrelid, c.relispartition, pn.nspname, p.relname
FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid
JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
WHERE p.relkind IN ('r', 'p', 'f')
ORDER BY i.inhrelid, i.inhseqno""")

# Primary keys and unique constraints (conparentid: a partition's copy of its parent's key), then unique
# indexes that back no constraint; partial and expression indexes are no key.
KEYS = Query("the primary keys and unique indexes", """
SELECT k.conrelid, k.contype::text, k.conname, k.conparentid <> 0, k.oid,
       ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, position)
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.position)
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE k.contype IN ('p', 'u') AND {user_schema}
UNION ALL
SELECT i.indrelid, 'i', x.relname, false, i.indexrelid,
       ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS u(attnum, position)
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.attnum
             WHERE u.position <= i.indnkeyatts ORDER BY u.position)
FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE i.indisunique AND NOT i.indisprimary AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u'))
  AND {user_schema}
ORDER BY 1, 5""".format(user_schema=_USER_SCHEMA))

# format_type keeps the modifiers (numeric(12,2), interval day to second, character(5000)); with
# search_path = pg_catalog it qualifies every other type (public.citext), so names never depend on it.
COLUMNS = Query("the columns", f"""
SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       a.attidentity::text, a.attgenerated::text
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN {_RELATION_KINDS} AND a.attnum > 0 AND NOT a.attisdropped AND {_USER_SCHEMA}
ORDER BY a.attrelid, a.attnum""")

# Enums (with labels), composites (not the row types of tables), ranges, multiranges, base and shell
# types, and domains (with their base type); array types are their element's business.
TYPES = Query("the types and domains", f"""
SELECT t.oid, n.nspname, t.typname, t.typtype::text, t.typisdefined,
       CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_enum e
                                           WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END,
       CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE {_USER_SCHEMA} AND t.typtype IN ('b', 'c', 'd', 'e', 'r', 'm')
  AND NOT (t.typcategory = 'A' AND t.typelem <> 0)
  AND (t.typtype <> 'c' OR EXISTS (SELECT 1 FROM pg_class r WHERE r.oid = t.typrelid AND r.relkind = 'c'))
ORDER BY n.nspname, t.typname""")

EXTENSIONS = Query("the installed extensions", """
SELECT x.extname, n.nspname FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
ORDER BY x.extname""", optional=True)

# Which extension owns a type (pg_depend deptype 'e'): citext belongs to the extension citext.
TYPE_EXTENSIONS = Query("the extension of each type", """
SELECT d.objid, x.extname FROM pg_depend d JOIN pg_extension x ON x.oid = d.refobjid
WHERE d.classid = 'pg_type'::regclass AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'""",
                        optional=True)

# What every query but SERVER reads, in the order run.
CATALOG = (RELATIONS, PARENTS, KEYS, COLUMNS, TYPES, EXTENSIONS, TYPE_EXTENSIONS, DATABASE)
