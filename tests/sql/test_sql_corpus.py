"""Corpus tests: table counts and tables without a primary key, derived by reading the corpus files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from zeroetl_lint.artifacts.catalog import Persistence, TableKind
from zeroetl_lint.artifacts.ddl import read_schema

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SCHEMAS = SHARED / "corpus" / "sql" / "schemas"
REGRESS = SHARED / "corpus" / "sql" / "pg-regress"

pytestmark = pytest.mark.skipif(not SCHEMAS.is_dir(), reason="shared corpus not present")

# Expected values come from reading the files (grep of CREATE TABLE / ALTER TABLE ... PRIMARY KEY /
# PARTITION OF / ATTACH PARTITION with the active search_path), not from this reader's output.
# synapse: 134 CREATE TABLE, keys only where the statement or an ALTER TABLE names PRIMARY KEY.
SYNAPSE_WITHOUT_PK = (
    "public.account_data",
    "public.application_services_txns",
    "public.appservice_room_list",
    "public.appservice_stream_position",
    "public.batch_events",
    "public.blocked_rooms",
    "public.cache_invalidation_stream_by_instance",
    "public.current_state_delta_stream",
    "public.current_state_events",
    "public.deleted_pushers",
    "public.device_auth_providers",
    "public.device_federation_inbox",
    "public.device_federation_outbox",
    "public.device_inbox",
    "public.device_lists_changes_in_room",
    "public.device_lists_outbound_last_success",
    "public.device_lists_outbound_pokes",
    "public.device_lists_remote_cache",
    "public.device_lists_remote_extremeties",
    "public.device_lists_remote_resync",
    "public.device_lists_stream",
    "public.devices",
    "public.e2e_cross_signing_keys",
    "public.e2e_cross_signing_signatures",
    "public.e2e_device_keys_json",
    "public.e2e_fallback_keys_json",
    "public.e2e_one_time_keys_json",
    "public.e2e_room_keys",
    "public.e2e_room_keys_versions",
    "public.erased_users",
    "public.event_auth",
    "public.event_auth_chain_links",
    "public.event_backward_extremities",
    "public.event_edges",
    "public.event_forward_extremities",
    "public.event_json",
    "public.event_push_actions",
    "public.event_push_actions_staging",
    "public.event_push_summary",
    "public.event_push_summary_last_receipt_stream_id",
    "public.event_push_summary_stream_ordering",
    "public.event_relations",
    "public.event_search",
    "public.event_to_state_groups",
    "public.event_txn_id",
    "public.events",
    "public.federation_inbound_events_staging",
    "public.federation_stream_position",
    "public.ignored_users",
    "public.insertion_event_edges",
    "public.insertion_event_extremities",
    "public.insertion_events",
    "public.local_current_membership",
    "public.local_media_repository",
    "public.local_media_repository_thumbnails",
    "public.local_media_repository_url_cache",
    "public.monthly_active_users",
    "public.partial_state_events",
    "public.partial_state_rooms_servers",
    "public.presence",
    "public.presence_stream",
    "public.profiles",
    "public.push_rules_stream",
    "public.ratelimit_override",
    "public.receipts_graph",
    "public.receipts_linearized",
    "public.received_transactions",
    "public.redactions",
    "public.registration_tokens",
    "public.rejections",
    "public.remote_media_cache",
    "public.remote_media_cache_thumbnails",
    "public.room_account_data",
    "public.room_alias_servers",
    "public.room_aliases",
    "public.room_depth",
    "public.room_memberships",
    "public.room_stats_earliest_token",
    "public.room_stats_state",
    "public.room_tags",
    "public.room_tags_revisions",
    "public.server_keys_json",
    "public.server_signature_keys",
    "public.sessions",
    "public.state_events",
    "public.stats_incremental_position",
    "public.stream_ordering_to_exterm",
    "public.stream_positions",
    "public.threepid_guest_access_tokens",
    "public.ui_auth_sessions",
    "public.ui_auth_sessions_credentials",
    "public.ui_auth_sessions_ips",
    "public.user_daily_visits",
    "public.user_directory",
    "public.user_directory_search",
    "public.user_directory_stream_pos",
    "public.user_external_ids",
    "public.user_filters",
    "public.user_ips",
    "public.user_signature_stream",
    "public.user_threepid_id_server",
    "public.user_threepids",
    "public.users",
    "public.users_in_public_rooms",
    "public.users_pending_deactivation",
    "public.users_who_share_private_rooms",
    "public.worker_locks",
)

# postgrest spec: 236 CREATE TABLE statements (2 of them CREATE TABLE AS), spread over schemas by
# "SET search_path = test, pg_catalog" lines; 4 partitioned parents, 8 PARTITION OF children that get
# their parent's key; the Arabic schema/table and "Server Today" keep their exact spelling.
POSTGREST_SPEC_WITHOUT_PK = (
    "private.pages", "private.referrals", "public.i2459_composite_t2", "public.i2459_simple_t2", "public.tb",
    "test.Server Today", "test.addresses", "test.b", "test.bets", "test.bitchar_with_length",
    "test.clashing_column", "test.collision_test_table", "test.compound_unique", "test.contract",
    "test.deferrable_unique_constraint", "test.do$llar$s", "test.empty_string", "test.empty_table",
    "test.evil_friends", "test.evil_friends_with_column_default", "test.fav_numbers", "test.foo",
    "test.ghostBusters", "test.images", "test.infinite_inserts", "test.insertonly", "test.isn_sample",
    "test.items_with_different_col_types", "test.json_table", "test.ltree_sample", "test.never_prepared",
    "test.no_pk", "test.nullable_integer", "test.oid_test", "test.openapi_defaults", "test.openapi_types",
    "test.orders", "test.ov_json", "test.perf_articles", "test.pgrst_reserved_chars", "test.private_table",
    "test.rollen", "test.single_unique", "test.some_numbers", "test.table_b", "test.tbl_w_json",
    "test.timestamps", "test.tsearch", "test.tsearch_to_tsvector", "test.w_or_wo_comma_names",
    "test.withUnique", "تست.موارد",
)  # fmt: skip

EXPECTED: dict[str, tuple[int, tuple[str, ...]]] = {
    # 68 tables, all defined as CREATE SCHEMA ... CREATE TABLE elements, keys added by ALTER TABLE.
    "AdventureWorks-for-Postgres__install.sql": (68, ()),
    "chinook-database__Chinook_PostgreSql.sql": (11, ()),
    # 66 tables, one of them UNLOGGED (rate_limits, not permanent); ai_tags has no key.
    "danbooru__structure.sql": (66, ("public.ai_tags",)),
    "graphile-starter__schema.sql": (12, ()),
    "pagila__pagila-schema-jsonb.sql": (2, ("public.packages_apt_postgresql_org", "public.packages_yum_postgresql_org")),
    # 71 tables incl. the payment partitions attached with ATTACH PARTITION: they inherit the key.
    "pagila__pagila-schema.sql": (71, ()),
    "postgrest__big_schema.sql": (46, ()),
    "postgrest__spec_fixtures_schema.sql": (236, POSTGREST_SPEC_WITHOUT_PK),
    # Classic INHERITS partitioning: the six monthly children do not inherit payment's key.
    "sakila__postgres-sakila-schema.sql": (
        21,
        tuple(f"public.payment_p2007_0{month}" for month in range(1, 7)),
    ),
    "synapse__main_full_schema_72.sql.postgres": (134, SYNAPSE_WITHOUT_PK),
}


def test_every_corpus_schema_has_expectations() -> None:
    assert sorted(p.name for p in SCHEMAS.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_tables_and_missing_primary_keys(name: str) -> None:
    count, without_pk = EXPECTED[name]
    result = read_schema([SCHEMAS / name])
    tables = [t for t in result.catalog.tables if t.kind is TableKind.TABLE]
    assert len(tables) == count
    missing = sorted(
        t.qualified_name for t in tables if t.primary_key is None and t.persistence is Persistence.PERMANENT
    )
    assert missing == sorted(without_pk)


def test_adventureworks_schema_elements_and_views() -> None:
    result = read_schema([SCHEMAS / "AdventureWorks-for-Postgres__install.sql"])
    catalog = result.catalog
    person = catalog.table("person", "person")
    assert person is not None
    assert person.primary_key == ("businessentityid",)
    firstname = next(c for c in person.columns if c.name == "firstname")
    assert (firstname.type.name, firstname.type.builtin) == ("Name", False)  # the quoted domain, not name
    assert catalog.domain("Name") is not None
    assert catalog.table("pe", "a") is not None and catalog.table("pe", "a").kind is TableKind.VIEW
    assert [p for p in result.problems if p.code in ("ZE901", "ZE905")] == []


def test_pagila_partitions_and_special_columns() -> None:
    catalog = read_schema([SCHEMAS / "pagila__pagila-schema.sql"]).catalog
    parent = catalog.table("public", "payment")
    assert parent is not None and parent.is_partitioned
    partitions = [t for t in catalog.tables if t.partition_of is not None and t.partition_of.name == "payment"]
    assert partitions and all(p.primary_key_inherited for p in partitions)
    film = catalog.table("public", "film")
    assert film is not None
    generated = {c.name: c.generated for c in film.columns if c.generated}
    assert generated == {"length_hours": "virtual"}


def test_postgrest_spec_names_keep_case_and_script() -> None:
    catalog = read_schema([SCHEMAS / "postgrest__spec_fixtures_schema.sql"]).catalog
    arabic = catalog.table("تست", "موارد")
    assert arabic is not None and [c.name for c in arabic.columns] == ["هویت"]
    assert catalog.table("test", "Server Today") is not None
    assert any(s.name == 'EXTRA "@/\\#~_-' for s in catalog.schemas)
    partitions = [t for t in catalog.tables if t.is_partition]
    assert len(partitions) == 8 and len([t for t in catalog.tables if t.is_partitioned]) == 4


def test_big_schema_psql_variable_is_not_fatal() -> None:
    result = read_schema([SCHEMAS / "postgrest__big_schema.sql"])
    assert len([t for t in result.catalog.tables if t.kind is TableKind.VIEW]) > 250


@pytest.mark.skipif(not REGRESS.is_dir(), reason="pg-regress corpus not present")
@pytest.mark.parametrize("path", sorted(REGRESS.glob("*.sql")) if REGRESS.is_dir() else [], ids=lambda p: p.name)
def test_pg_regress_reads_without_escaping_exceptions(path: Path) -> None:
    started = time.perf_counter()
    result = read_schema([path])
    assert time.perf_counter() - started < 10
    assert all(p.code in ("ZE901", "ZE905") for p in result.problems)
    assert all(p.location.line for p in result.problems)
