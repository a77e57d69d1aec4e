"""`zeroetl-lint filter`: normal form, databases, findings, and per-table verdicts with --schema."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from zeroetl_lint.cli import app

runner = CliRunner()
SCHEMA = """\
CREATE TABLE public.orders (id bigint PRIMARY KEY);
CREATE TABLE mystery.stephen_king (id int PRIMARY KEY);
CREATE TABLE public.mystery (id int PRIMARY KEY);
"""


def test_filter_prints_normal_form_and_databases() -> None:
    result = runner.invoke(app, ["filter", "INCLUDE:books.*.*,  exclude : books.*.mystery"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:4] == [
        "filter: include: books.*.*, exclude: books.*.mystery",
        "  1. include: books.*.*",
        "  2. exclude: books.*.mystery",
        "databases included: books",
    ]


def test_filter_with_findings_exits_one() -> None:
    result = runner.invoke(app, ["filter", "include: books.mystery"])
    assert result.exit_code == 1
    assert "ZE504 [error]" in result.stdout


def test_schema_listing_says_which_clause_decided(tmp_path: Path) -> None:
    schema = tmp_path / "books.sql"
    schema.write_text(SCHEMA)
    result = runner.invoke(app, ["filter", "include: books.*.*, exclude: books.*.mystery",
                                 "--schema", f"books={schema}", "--format", "json"])
    assert result.exit_code == 0
    tables = json.loads(result.stdout)["tables"]
    assert tables == [
        {"table": "books.mystery.stephen_king", "replicated": True, "clause": 1},
        {"table": "books.public.mystery", "replicated": False, "clause": 2},
        {"table": "books.public.orders", "replicated": True, "clause": 1},
    ]


def test_no_matching_clause_is_null(tmp_path: Path) -> None:
    schema = tmp_path / "shop.sql"
    schema.write_text(SCHEMA)
    result = runner.invoke(app, ["filter", "include: books.*.*", "--schema", f"shop={schema}", "--format", "json"])
    assert {t["clause"] for t in json.loads(result.stdout)["tables"]} == {None}


def test_missing_schema_path_is_a_usage_error() -> None:
    result = runner.invoke(app, ["filter", "include: a.*.*", "--schema", "a=/no/such.sql"])
    assert result.exit_code == 2


NEVER_REPLICATED = """\
CREATE TABLE public.orders (id bigint PRIMARY KEY);
CREATE VIEW public.v AS SELECT 1;
CREATE MATERIALIZED VIEW public.mv AS SELECT 1;
CREATE UNLOGGED TABLE public.u (id int PRIMARY KEY);
CREATE FOREIGN TABLE public.f (a int) SERVER s;
CREATE TABLE public.audit (id int PRIMARY KEY);
CREATE VIEW public.audit_v AS SELECT 1;
"""


def test_objects_zero_etl_never_replicates_are_listed_as_not_replicated(tmp_path: Path) -> None:
    schema = tmp_path / "shop.sql"
    schema.write_text(NEVER_REPLICATED)
    args = ["filter", "include: shop.public.*, exclude: shop.public./audit.*/", "--schema", f"shop={schema}"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert "tables: 1 of 7 replicated" in lines
    assert lines[lines.index("tables: 1 of 7 replicated") + 1:] == [
        "  no   shop.public.audit  (clause 2)",
        "  no   shop.public.audit_v  (view: never replicated; clause 2 excludes it too)",
        "  no   shop.public.f  (foreign table: never replicated; clause 1 matches)",
        "  no   shop.public.mv  (materialized view: never replicated; clause 1 matches)",
        "  yes  shop.public.orders  (clause 1)",
        "  no   shop.public.u  (unlogged table: never replicated; clause 1 matches)",
        "  no   shop.public.v  (view: never replicated; clause 1 matches)",
    ]
    tables = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)["tables"]
    assert tables[1] == {"table": "shop.public.audit_v", "replicated": False, "clause": 2, "reason": "view"}
    assert tables[6] == {"table": "shop.public.v", "replicated": False, "clause": 1, "reason": "view"}
    assert tables[4] == {"table": "shop.public.orders", "replicated": True, "clause": 1}


def test_clauses_that_match_no_table_are_reported_as_check_does(tmp_path: Path) -> None:
    schema = tmp_path / "books.sql"
    schema.write_text(SCHEMA)
    expression = "include: books.public.*, include: books.nosuch.*"
    result = runner.invoke(app, ["filter", expression, "--schema", f"books={schema}", "--format", "json"])
    assert result.exit_code == 0  # ZE509 is a warning
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["message"]) for f in findings] == [
        ("ZE509", "--filter: clause 2 `include: books.nosuch.*` matches no table of database books in the given schema"),
    ]
    check = runner.invoke(app, ["check", "--filter", expression, "--schema", f"books={schema}", "--select", "ZE509",
                                "--format", "json"])
    assert [f["message"] for f in json.loads(check.stdout)["findings"]] == [findings[0]["message"]]
    # Without a schema nothing can match or fail to match.
    assert json.loads(runner.invoke(app, ["filter", expression, "--format", "json"]).stdout)["findings"] == []


_TF_INTEGRATION = """\
variable "filter" {}
resource "aws_rds_integration" "zetl" {
  integration_name = "shop-zetl"
  source_arn       = "arn:aws:rds:us-east-1:123456789012:cluster:shop"
  target_arn       = "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/abc"
  data_filter      = var.filter
}
"""


def test_from_explains_each_integration_filter_where_it_is_written(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(_TF_INTEGRATION)
    (tmp_path / "prod.tfvars").write_text('filter = "include: books.*.*, exclude: books.*.mystery"\n')
    (tmp_path / "books.sql").write_text(SCHEMA)
    result = runner.invoke(app, ["filter", "--from", str(tmp_path / "main.tf"), "--var-file", str(tmp_path / "prod.tfvars"),
                                 "--schema", f"books={tmp_path / 'books.sql'}"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # The filter comes from the var file, so that is where it is written.
    assert lines[0] == f"aws_rds_integration.zetl ({tmp_path / 'prod.tfvars'}:1:10):"
    assert lines[1:4] == ["  filter: include: books.*.*, exclude: books.*.mystery", "    1. include: books.*.*",
                          "    2. exclude: books.*.mystery"]
    assert "  tables: 2 of 3 replicated" in lines
    assert "    no   books.public.mystery  (clause 2)" in lines


def test_from_shows_findings_at_the_file_and_says_when_a_filter_is_not_known(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(_TF_INTEGRATION)
    result = runner.invoke(app, ["filter", "--from", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    [item] = json.loads(result.stdout)["integrations"]
    assert item["integration"] == "aws_rds_integration.zetl" and item["line"] == 6
    assert item["unresolved"].startswith("var.filter has no value")
    (tmp_path / "terraform.tfvars").write_text('filter = "include shop.*.*"\n')
    result = runner.invoke(app, ["filter", "--from", str(tmp_path)])
    assert result.exit_code == 1
    assert f"  {tmp_path / 'terraform.tfvars'}:1:19: ZE501 [error] data_filter of aws_rds_integration.zetl" in result.stdout


def test_from_a_template_reads_the_data_filter_property() -> None:
    seed = Path(__file__).resolve().parents[1] / "examples" / "seed"
    result = runner.invoke(app, ["filter", "--from", str(seed)])
    assert result.exit_code == 0, result.output
    first, second = result.stdout.splitlines()[:2]
    assert first.startswith("Integration (") and first.endswith("zero-etl-integration.yaml:10:19):")
    assert second == "  filter: include: mydb.myschema.mytable"


def test_from_needs_an_integration_and_excludes_an_expression(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_rds_cluster" "src" {\n  engine = "aurora-postgresql"\n}\n')
    result = runner.invoke(app, ["filter", "--from", str(tmp_path)])
    assert result.exit_code == 2 and "no integration with a data filter in" in result.output
    result = runner.invoke(app, ["filter", "include: a.*.*", "--from", str(tmp_path)])
    assert result.exit_code == 2 and "either a filter EXPRESSION or --from PATH" in result.output
    result = runner.invoke(app, ["filter"])
    assert result.exit_code == 2 and "either a filter EXPRESSION or --from PATH" in result.output
