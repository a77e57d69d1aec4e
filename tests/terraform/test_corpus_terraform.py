"""The Terraform files of ../shared/corpus/terraform lint without a crash, with the findings they really warrant."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zeroetl_lint.engine import LintOptions, lint

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "terraform"

pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not present")


def _findings(path: Path) -> list[tuple[str, str, int | None]]:
    report = lint(LintOptions(paths=(str(path),)))
    return sorted((f.rule, Path(f.location.path or "").name, f.location.line) for f in report.findings)


def test_whole_terraform_corpus_lints_without_internal_or_parse_errors() -> None:
    report = lint(LintOptions(paths=(str(CORPUS),)))
    assert not [f for f in report.findings if f.rule in ("ZE900", "ZE901")], report.findings


def test_module_examples_define_no_integration() -> None:
    # terraform-aws-modules / cloudposse examples: Aurora and Redshift through registry modules, no
    # aws_rds_integration, so no zero-ETL rule applies.
    for path in sorted(CORPUS.glob("*.tf")):
        assert _findings(path) == [], path


def test_euvanessa_deployment_has_no_integration_to_check() -> None:
    # Aurora PostgreSQL 16.4 with the four replication parameters (module rds) and a provisioned
    # ra3.large cluster whose parameter group setting enable_case_sensitive_identifier is never
    # attached (module redshift): the cluster keeps the default group. The repository creates the
    # integration elsewhere, so nothing here names a source or target; the unattached group is what
    # ZE304 reports once the target is among an integration's (fixtures/ZE304/bad_tf_provisioned_group_not_attached).
    assert _findings(CORPUS / "real" / "euvanessa-aurora-pg-provisioned") == []


def test_euvanessa_with_its_integration_wired_in_is_ze304(tmp_path: Path) -> None:
    # The integration as a user adds it: two module outputs and an aws_rds_integration. The source is
    # clean (Aurora PostgreSQL 16.4, the four parameters); the target is the single-node ra3.large
    # cluster without a parameter group (ZE304, ZE302) and without a resource policy (ZE305, ZE306);
    # its data filter needs a recent cluster patch (ZE410, info). ZE302 points at the root main.tf,
    # where cluster_type = "single-node" is written, not at the module's var.cluster_type.
    copy = tmp_path / "infra"
    shutil.copytree(CORPUS / "real" / "euvanessa-aurora-pg-provisioned", copy)
    (copy / "modules" / "rds" / "outputs.tf").write_text(
        'output "cluster_arn" {\n  value = aws_rds_cluster.aurora_cluster.arn\n}\n')
    (copy / "modules" / "redshift" / "outputs.tf").write_text(
        'output "namespace_arn" {\n  value = aws_redshift_cluster.redshift.cluster_namespace_arn\n}\n')
    (copy / "zero_etl.tf").write_text(
        'resource "aws_rds_integration" "this" {\n'
        '  integration_name = "zero-etl"\n'
        '  source_arn       = module.rds.cluster_arn\n'
        '  target_arn       = module.redshift.namespace_arn\n'
        '  data_filter      = "include: transactional.*.*"\n'
        '  depends_on       = [module.rds, module.redshift]\n'
        '}\n')
    assert _findings(copy) == [
        ("ZE302", "main.tf", 73), ("ZE304", "main.tf", 70), ("ZE305", "zero_etl.tf", 3), ("ZE306", "main.tf", 70),
        ("ZE410", "zero_etl.tf", 5)]


def test_sourcefuse_deployment_sources_and_target_come_from_unread_modules(tmp_path: Path) -> None:
    # The source is the registry module sourcefuse/arc-db/aws and the target the repository's root
    # module ("../../"), which the corpus does not include: both stay unknown (ZE902), never guessed.
    # That is all it warrants: what the files do show is right for Aurora MySQL 3.05.2 (the cluster
    # parameter group's dynamic binlog parameters, no data_filter needed for MySQL, a resource policy
    # with both the account principal and the redshift.amazonaws.com source statement), and whether
    # the modules attach the group or set case sensitivity cannot be known without their sources.
    copy = tmp_path / "examples" / "rds-redshift-zero-etl"
    shutil.copytree(CORPUS / "real" / "sourcefuse-aurora-mysql-provisioned", copy)
    report = lint(LintOptions(paths=(str(copy),)))
    assert [(f.rule, Path(f.location.path or "").name, f.location.line) for f in report.findings] == [
        ("ZE902", "main.tf", 125)]
    message = report.findings[0].message
    assert "'sourcefuse/arc-db/aws', which is not read" in message
    assert "module.redshift" in message and "holds no .tf files" in message
    assert "source_arn is unresolved" in message and "target_arn is unresolved" in message


def test_euvanessa_target_named_in_the_config_is_checked_without_an_integration(tmp_path: Path) -> None:
    # The repository creates the integration elsewhere; naming its cluster as the zero-ETL target in
    # the config (by cluster_identifier) checks it anyway: the parameter group that enables case
    # sensitivity is never attached (ZE304), the cluster is single-node (ZE302, where the root module
    # writes "single-node") and no resource policy authorizes a principal (ZE306).
    copy = tmp_path / "infra"
    shutil.copytree(CORPUS / "real" / "euvanessa-aurora-pg-provisioned", copy)
    report = lint(LintOptions(paths=(str(copy),), targets=("data-handson-mds",)))  # config: targets = [...]
    found = sorted((f.rule, Path(f.location.path or "").relative_to(copy).as_posix(), f.location.line)
                   for f in report.findings)
    assert found == [("ZE302", "main.tf", 73), ("ZE304", "modules/redshift/main.tf", 70),
                     ("ZE306", "modules/redshift/main.tf", 70)]
    ze304 = next(f for f in report.findings if f.rule == "ZE304")
    assert "has no cluster_parameter_group_name" in ze304.message
