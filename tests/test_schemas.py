"""Which database each SQL input describes, and which of its tables the run's filters replicate."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cli_helpers import edit, line_of, run, seed_copy
from zeroetl_lint.engine import LintOptions, lint
from zeroetl_lint.findings import Finding, Report

SCHEMA = """\
CREATE TABLE public.orders (id bigint PRIMARY KEY);
CREATE TABLE public.audit_log (logged_at timestamptz);
CREATE TABLE public.sessions (token text);
CREATE TABLE archive.orders_2019 (id bigint);
"""
KEYLESS = ("public.audit_log", "public.sessions", "archive.orders_2019")  # lines 2, 3, 4 of SCHEMA
FILTER_LINE = "      DataFilter: 'include: mydb.myschema.mytable'\n"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current directory, so that paths in findings are relative to it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def check(*paths: str, schemas: dict[str, tuple[str, ...]] | None = None, data_filter: str | None = None) -> Report:
    return lint(LintOptions(paths=paths, schemas=schemas or {}, filter=data_filter))


def found(report: Report, code: str) -> list[Finding]:
    return [f for f in report.findings if f.rule == code]


def objects(report: Report, code: str) -> list[str]:
    return sorted(f.object for f in found(report, code))


def keyless_in(database: str, *tables: str) -> list[str]:
    return sorted(f"{database}.{table}" for table in tables or KEYLESS)


def deployment(directory: Path, data_filter: str | None) -> Path:
    """The seed deployment (which lints clean) with the integration's DataFilter replaced or removed."""
    seed_copy(directory, broken=False)
    template = directory / "zero-etl-integration.yaml"
    edit(template, FILTER_LINE, "" if data_filter is None else FILTER_LINE.replace("include: mydb.myschema.mytable", data_filter))
    return template


# --- --schema DB=PATH ------------------------------------------------------------------------


def test_schema_option_names_the_database_and_without_filters_every_table_counts(workdir: Path) -> None:
    write(workdir / "db" / "schema.sql", SCHEMA)
    result = run("check", "--schema", "shop=db/schema.sql", "--format", "json")
    assert result.exit_code == 1, result.output
    reported = [(f["object"], f["path"], f["line"]) for f in json.loads(result.stdout)["findings"] if f["rule"] == "ZE601"]
    assert reported == [("shop.public.audit_log", "db/schema.sql", 2), ("shop.public.sessions", "db/schema.sql", 3),
                        ("shop.archive.orders_2019", "db/schema.sql", 4)]


def test_absolute_schema_path_is_shown_relative_and_its_suppressions_apply(workdir: Path) -> None:
    schema = write(workdir / "db" / "schema.sql",
                   SCHEMA.replace("CREATE TABLE public.audit_log", "-- zeroetl-lint: ignore[ZE601] append-only log\n"
                                  "CREATE TABLE public.audit_log"))
    report = check(schemas={"shop": (str(schema.resolve()),)})
    assert objects(report, "ZE601") == keyless_in("shop", "public.sessions", "archive.orders_2019")
    assert {f.location.path for f in found(report, "ZE601")} == {"db/schema.sql"}
    assert report.suppressed == 1 and not found(report, "ZE903")


def test_migrations_directory_applies_files_in_natural_order(workdir: Path) -> None:
    migrations = workdir / "migrations"
    write(migrations / "V1__init.sql", "CREATE TABLE public.orders (id int NOT NULL);\n")
    write(migrations / "V2__key.sql", "ALTER TABLE public.orders ADD PRIMARY KEY (id);\n")
    # Sorted as text, V10 would run before V2 and the key would survive.
    write(migrations / "V10__unkey.sql", "ALTER TABLE public.orders DROP CONSTRAINT orders_pkey;\n")
    report = check(schemas={"shop": ("migrations",)})
    [missing] = found(report, "ZE601")
    assert (missing.object, missing.location.path, missing.location.line) == ("shop.public.orders", "migrations/V1__init.sql", 1)
    [resync] = found(report, "ZE611")
    assert (resync.object, resync.location.path, resync.location.line) == ("shop.public.orders", "migrations/V2__key.sql", 1)
    assert report.files == 3


def test_resync_ddl_is_reported_only_for_migrations(workdir: Path) -> None:
    write(workdir / "schema.sql", "CREATE TABLE public.orders (id int NOT NULL);\n"
          "ALTER TABLE public.orders ADD PRIMARY KEY (id);\n")
    report = check(schemas={"shop": ("schema.sql",)})
    assert found(report, "ZE611") == [] and found(report, "ZE601") == []


def test_schema_rename_is_reported_only_when_it_holds_tables_of_earlier_migrations(workdir: Path) -> None:
    migrations = workdir / "migrations"
    write(migrations / "V1__init.sql", "CREATE TABLE public.orders (id int PRIMARY KEY);\n")
    # staging is created and filled in this migration: renaming it resyncs nothing that existed before.
    write(migrations / "V2__rename.sql", "CREATE SCHEMA staging;\nCREATE TABLE staging.t (id int PRIMARY KEY);\n"
          "ALTER SCHEMA staging RENAME TO reporting;\nALTER SCHEMA public RENAME TO shop;\n")
    [rename] = found(check(schemas={"shop": ("migrations",)}), "ZE611")
    assert (rename.object, rename.location.path, rename.location.line) == ("shop.public", "migrations/V2__rename.sql", 4)
    assert rename.message == ("ALTER SCHEMA public RENAME TO shop: renames schema public: Redshift drops it and "
                              "resyncs every table of it (public.orders, created by an earlier migration)")


def test_columns_copied_with_like_point_at_the_like_clause(workdir: Path) -> None:
    write(workdir / "schema.sql", "CREATE TABLE public.t5 (id int PRIMARY KEY, pt point, n numeric,\n"
          "  g int GENERATED ALWAYS AS (id * 2) STORED);\n"
          "CREATE TABLE public.t6 (LIKE public.t5 INCLUDING INDEXES);\n")
    report = check(schemas={"shop": ("schema.sql",)})
    copied = [f for f in report.findings if f.object.startswith("shop.public.t6.")]
    assert [(f.rule, f.object, f.location.line, f.location.column, f.location.end_column) for f in copied] == [
        ("ZE602", "shop.public.t6.pt", 3, 25, 38),
        ("ZE603", "shop.public.t6.n", 3, 25, 38),
    ]  # no ZE612: without INCLUDING GENERATED the copy of g is a plain column
    note = copied[0].related[-1]
    assert (note.location.line, note.location.column) == (1, 45)
    assert note.message == "pt is declared here, in public.t5, and copied by `LIKE public.t5 INCLUDING INDEXES`"
    assert found(report, "ZE601") == []  # the key came with INCLUDING INDEXES


def test_numeric_without_scale_is_a_warning_and_bare_numeric_an_error(workdir: Path) -> None:
    write(workdir / "schema.sql", "CREATE TABLE public.t (id int PRIMARY KEY, a numeric(10), b numeric, c decimal(5,-2));\n")
    report = check(schemas={"shop": ("schema.sql",)})
    assert [(f.object, f.severity.value) for f in found(report, "ZE603")] == [
        ("shop.public.t.a", "warning"), ("shop.public.t.b", "error"), ("shop.public.t.c", "error"),
    ]
    assert found(report, "ZE901") == []  # sqlglot rejects decimal(5,-2); the token reader does not


# --- SQL files found by walking ----------------------------------------------------------------


@pytest.mark.parametrize("connect", ["\\connect shop", "\\c shop", '\\connect "shop"', "\\connect -reuse-previous=on shop"])
def test_walked_file_takes_the_database_of_its_connect_line(workdir: Path, connect: str) -> None:
    write(workdir / "db" / "schema.sql", f"{connect}\n{SCHEMA}")
    report = check("db")
    assert objects(report, "ZE601") == keyless_in("shop")
    assert found(report, "ZE902") == []


def test_walked_file_without_hint_takes_the_one_database_of_the_filter_option(workdir: Path) -> None:
    write(workdir / "db" / "schema.sql", SCHEMA)
    report = check("db", data_filter="include: shop.*.*, exclude: shop.public.audit_log")
    assert objects(report, "ZE601") == keyless_in("shop", "public.sessions", "archive.orders_2019")


def test_walked_files_of_one_database_form_one_schema_in_path_order(workdir: Path) -> None:
    write(workdir / "db" / "01_types.sql", "CREATE TYPE public.mood AS ENUM ('sad', 'ok');\n")
    write(workdir / "db" / "02_tables.sql", "CREATE TABLE public.person (id int, current_mood public.mood);\n")
    write(workdir / "db" / "03_keys.sql", "ALTER TABLE ONLY public.person ADD CONSTRAINT person_pkey PRIMARY KEY (id);\n")
    report = check("db", data_filter="include: shop.*.*")
    assert found(report, "ZE902") == [] and found(report, "ZE601") == []
    # The enum of the first file is known when the second file uses it.
    assert [f.message.split(" of ")[1].split(",")[0] for f in found(report, "ZE602")] == ["enum `mood`"]


def test_template_filter_names_the_database_and_selects_the_tables(workdir: Path) -> None:
    template = deployment(workdir, "include: shop.public.*, exclude: shop.public.audit_log")
    write(workdir / "schema.sql", SCHEMA)
    report = check(".")
    # audit_log is excluded by clause 2, archive.* matches no clause: only sessions replicates without a key.
    # (The seed deployment itself is clean; filter, schema and run findings are the ones this test is about.)
    about = [f for f in report.findings if f.rule[:3] in ("ZE5", "ZE6", "ZE9")]
    assert [(f.rule, f.object) for f in about] == [("ZE601", "shop.public.sessions")]
    [finding] = about
    assert (finding.location.path, finding.location.line, finding.location.column) == ("schema.sql", 3, 21)
    [note] = finding.related
    line = line_of(template, "DataFilter:")
    text = template.read_text().splitlines()[line - 1]
    start = text.index("include: shop.public.*") + 1
    assert note.message == "replicated by clause 1 `include: shop.public.*`"
    assert (note.location.path, note.location.line, note.location.column) == ("zero-etl-integration.yaml", line, start)
    assert (note.location.end_line, note.location.end_column) == (line, start + len("include: shop.public.*") - 1)


@pytest.mark.parametrize(("data_filter", "reason"), [
    (None, "no filter names a database"),
    ("include: shop.*.*, include: crm.*.*", "the filters name several databases"),
])
def test_walked_file_of_unknown_database_is_reported_by_name(workdir: Path, data_filter: str | None, reason: str) -> None:
    write(workdir / "db" / "schema.sql", SCHEMA)
    report = check("db", data_filter=data_filter)
    [unknown] = found(report, "ZE902")
    assert unknown.message == (f"db/schema.sql is SQL, but which source database it describes is unknown ({reason}); "
                               "its tables were not checked")
    assert (unknown.location.path, unknown.object) == ("db/schema.sql", "db/schema.sql")
    assert "--schema DB=db/schema.sql" in unknown.fix
    assert found(report, "ZE601") == []


def test_mysql_filter_does_not_name_the_database_of_postgresql_sql(workdir: Path) -> None:
    deployment(workdir, "include: shop.orders")
    edit(workdir / "aurora-postgresql.yaml", 'Engine: "aurora-postgresql"', 'Engine: "aurora-mysql"')
    write(workdir / "schema.sql", SCHEMA)
    report = check(".")
    assert [f.object for f in found(report, "ZE902") if f.location.path == "schema.sql"] == ["schema.sql"]
    assert found(report, "ZE601") == []


def test_file_given_with_schema_and_found_by_walking_is_read_once(workdir: Path) -> None:
    write(workdir / "db" / "schema.sql", SCHEMA)
    write(workdir / "migrations" / "V1__init.sql", "CREATE TABLE public.events (id int);\n")
    report = check(".", schemas={"shop": ("db/schema.sql",), "crm": ("migrations",)})
    assert objects(report, "ZE601") == sorted(keyless_in("shop") + ["crm.public.events"])
    assert found(report, "ZE902") == []
    assert report.files == 2


def test_dumpall_file_gives_each_connected_database_its_tables(workdir: Path) -> None:
    write(workdir / "all.sql", "\\connect template1\nCREATE ROLE app;\nCREATE DATABASE shop;\n"
          "\\connect shop\nCREATE TABLE public.orders (id int);\n"
          "\\connect crm\nCREATE TABLE public.contacts (id int PRIMARY KEY);\nCREATE TABLE public.leads (id int);\n")
    report = check(".", data_filter="include: shop.*.*")
    assert [(f.object, f.location.line) for f in found(report, "ZE601")] == [("shop.public.orders", 5)]
    assert objects(check("."), "ZE601") == ["crm.public.leads", "shop.public.orders"]


# --- [tool.zeroetl-lint.schemas] ---------------------------------------------------------------


def test_configured_schemas_are_relative_to_the_config_file(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    schema = write(workdir / "db" / "schema.sql", SCHEMA)
    write(workdir / "pyproject.toml", '[tool.zeroetl-lint.schemas]\nshop = ["db/schema.sql"]\n')
    (workdir / "sub").mkdir()
    monkeypatch.chdir(workdir / "sub")
    result = run("check", "--format", "json")
    assert result.exit_code == 1, result.output
    reported = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "ZE601"]
    assert sorted(f["object"] for f in reported) == keyless_in("shop")
    assert {Path(f["path"]).resolve() for f in reported} == {schema.resolve()}


# --- which tables replicate ----------------------------------------------------------------------


def test_postgresql_integration_without_filter_replicates_nothing(workdir: Path) -> None:
    deployment(workdir, None)
    write(workdir / "db" / "schema.sql", SCHEMA)
    report = check(".", schemas={"shop": ("db/schema.sql",)})
    assert found(report, "ZE506") != []  # the integration was read, and lacks its filter
    assert [f for f in report.findings if re.fullmatch(r"ZE6\d\d", f.rule)] == []


def test_computed_filter_replicates_no_table_it_could_exclude(workdir: Path) -> None:
    template = deployment(workdir, "placeholder")
    text = template.read_text()
    text = text.replace("Resources:\n", "Parameters:\n  TableFilter:\n    Type: String\nResources:\n", 1)
    template.write_text(re.sub(r"DataFilter: '.*'", "DataFilter: !Ref TableFilter", text))
    write(workdir / "db" / "schema.sql", SCHEMA)
    report = check(".", schemas={"shop": ("db/schema.sql",)})
    assert any("DataFilter" in f.message for f in found(report, "ZE902"))
    assert found(report, "ZE601") == []


def test_dumpall_keeps_same_named_tables_of_different_databases_apart(workdir: Path) -> None:
    write(workdir / "all.sql", "\\connect shop\nCREATE TABLE public.orders (id int PRIMARY KEY);\n"
                               "\\connect legacy\nCREATE TABLE public.orders (id int);\n")
    report = check(".", data_filter="include: shop.*.*, include: legacy.*.*")
    assert objects(report, "ZE601") == ["legacy.public.orders"]


def test_later_files_continue_the_database_an_earlier_file_connected_to(workdir: Path) -> None:
    write(workdir / "db" / "01_tables.sql", "\\connect shop\nCREATE TABLE public.orders (id int);\n")
    write(workdir / "db" / "02_keys.sql", "ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);\n")
    report = check("db", data_filter="include: shop.*.*")
    assert found(report, "ZE601") == [] and found(report, "ZE902") == []
