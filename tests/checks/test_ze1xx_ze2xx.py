"""Unit tests for the source-rule helpers: version comparison, families, parameter meanings and spellings."""

from __future__ import annotations

from pathlib import Path

import pytest

from zeroetl_lint.model.values import Branch
from zeroetl_lint.rulebook.sources import (
    expected_family,
    satisfies,
    spelling_problem,
    version_key,
    version_problem,
)
from zeroetl_lint.engine import LintOptions, build_project, lint
from zeroetl_lint.findings import Location, Severity
from zeroetl_lint.rulebook import EngineFacts, ParameterFact, load_rulebook

RULEBOOK = load_rulebook()
WORDS = RULEBOOK.sources.boolean_words
HERE = Location("t.yaml", 1, 1)


def engine(name: str) -> EngineFacts:
    facts = RULEBOOK.engine(name)
    assert facts is not None
    return facts


def parameter(engine_name: str, name: str) -> ParameterFact:
    return next(fact for fact in engine(engine_name).parameters if fact.name == name)


def test_version_parts_compare_as_numbers() -> None:
    assert version_key("16.10") > version_key("16.4")
    assert version_key("3.05.2") == (3, 5, 2)


@pytest.mark.parametrize(
    ("engine_name", "version", "severity"),
    [
        ("aurora-postgresql", "16.4", None),
        ("aurora-postgresql", "16.10", None),
        ("aurora-postgresql", "17.4.1", None),
        ("aurora-postgresql", "16.3", Severity.ERROR),
        ("aurora-postgresql", "15.4", Severity.ERROR),
        ("aurora-postgresql", "16", Severity.WARNING),  # RDS picks the minor version
        ("aurora-postgresql", "17.2", Severity.WARNING),  # the 17.4 minimum is unverified
        ("aurora-postgresql", "18.1", Severity.WARNING),  # a major newer than the rulebook knows
        ("aurora-postgresql", "latest", Severity.WARNING),
        ("aurora-mysql", "8.0.mysql_aurora.3.05.2", None),
        ("aurora-mysql", "8.0.mysql_aurora.3.10.0", None),
        ("aurora-mysql", "8.0.mysql_aurora.3.05.1", Severity.ERROR),
        ("aurora-mysql", "8.0.mysql_aurora.3.04.3", Severity.ERROR),
        ("aurora-mysql", "5.7.mysql_aurora.2.11.2", Severity.ERROR),
        ("postgres", "15.7", None),
        ("postgres", "15.6", Severity.ERROR),
        ("postgres", "16.2", Severity.ERROR),
        ("postgres", "14.12", Severity.ERROR),
        ("mysql", "8.0.32", None),
        ("mysql", "8.4.3", None),
        ("mysql", "5.7.44", Severity.ERROR),
        ("mysql", "8.1.0", Severity.ERROR),  # between listed majors, never listed
        ("mysql", "9.1.0", Severity.ERROR),  # above_listed is error for RDS for MySQL
    ],
)
def test_version_problem(engine_name: str, version: str, severity: Severity | None) -> None:
    problem = version_problem(engine(engine_name), version)
    if severity is None:
        assert problem is None
    else:
        assert problem is not None
        assert (problem.severity or Severity.ERROR) is severity


@pytest.mark.parametrize(
    ("engine_name", "version", "family"),
    [
        ("aurora-postgresql", "16.4", "aurora-postgresql16"),
        ("aurora-postgresql", "17", "aurora-postgresql17"),
        ("aurora-mysql", "8.0.mysql_aurora.3.05.2", "aurora-mysql8.0"),
        ("postgres", "16.3", "postgres16"),
        ("mysql", "8.0.35", "mysql8.0"),
        ("mysql", "8.4.3", "mysql8.4"),
        ("aurora-mysql", "8.0", None),
    ],
)
def test_expected_family(engine_name: str, version: str, family: str | None) -> None:
    assert expected_family(engine(engine_name), version) == family


@pytest.mark.parametrize(
    ("engine_name", "name", "value", "ok"),
    [
        ("aurora-postgresql", "rds.logical_replication", 1, True),
        ("aurora-postgresql", "rds.logical_replication", "1", True),
        ("aurora-postgresql", "rds.logical_replication", True, True),
        ("aurora-postgresql", "rds.logical_replication", "on", True),
        ("aurora-postgresql", "rds.logical_replication", "1.0", True),
        ("aurora-postgresql", "rds.logical_replication", 0, False),
        ("aurora-postgresql", "aurora.logical_replication_backup", True, False),
        ("aurora-mysql", "binlog_format", "row", True),
        ("aurora-mysql", "binlog_format", "MIXED", False),
        ("aurora-mysql", "binlog_transaction_compression", "OFF", True),
        ("aurora-mysql", "binlog_transaction_compression", False, True),
        ("aurora-mysql", "binlog_transaction_compression", True, False),
        ("aurora-mysql", "binlog_transaction_compression", "1", False),
        ("postgres", "max_wal_senders", "25", True),
        ("postgres", "max_wal_senders", 10, False),
        ("postgres", "max_wal_senders", True, False),
        ("postgres", "max_wal_senders", "{DBInstanceClassMemory/12582880}", None),
        ("postgres", "wal_sender_timeout", 0, True),
        ("postgres", "wal_sender_timeout", "19999", False),
    ],
)
def test_satisfies_by_meaning(engine_name: str, name: str, value: object, ok: bool | None) -> None:
    assert satisfies(parameter(engine_name, name), value, WORDS) is ok


@pytest.mark.parametrize(
    ("engine_name", "name", "branch", "spelling"),
    [
        ("aurora-postgresql", "rds.logical_replication", Branch(1, HERE, "1"), None),
        ("aurora-postgresql", "rds.logical_replication", Branch("1", HERE, '"1"', quoted=True), None),
        ("aurora-postgresql", "rds.logical_replication", Branch(True, HERE, "yes"), "1"),
        ("aurora-postgresql", "rds.logical_replication", Branch(1, HERE, "01"), "1"),
        ("aurora-postgresql", "rds.logical_replication", Branch("on", HERE, '"on"', quoted=True), "1"),
        ("aurora-postgresql", "aurora.logical_replication_backup", Branch(True, HERE, "true"), None),  # ZE202's
        ("aurora-mysql", "binlog_row_image", Branch("FULL", HERE, "FULL"), "full"),
        ("aurora-mysql", "binlog_transaction_compression", Branch(False, HERE, "OFF"), "OFF"),
        ("postgres", "max_wal_senders", Branch("20.0", HERE, '"20.0"', quoted=True), "20"),
    ],
)
def test_spelling_problem(engine_name: str, name: str, branch: Branch, spelling: str | None) -> None:
    problem = spelling_problem(parameter(engine_name, name), branch, WORDS)
    assert (problem[1] if problem else None) == spelling


def test_plain_number_keeps_its_written_spelling() -> None:
    assert Branch(16.1, HERE, "16.10").text == "16.10"
    assert Branch("16.4", HERE, '"16.4"', quoted=True).text == "16.4"


CLUSTER = """\
Resources:
  Params:
    Type: AWS::RDS::DBClusterParameterGroup
    Properties:
      Family: aurora-postgresql16
      Parameters:
        rds.logical_replication: 0
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      EngineVersion: "16.4"
      DBClusterParameterGroupName: !Ref Params
  Writer:
    Type: AWS::RDS::DBInstance
    Properties:
      DBClusterIdentifier: !Ref Cluster
      Engine: aurora-postgresql
      DBInstanceClass: db.r6g.large
  Unused:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      EngineVersion: "11.9"
"""
INTEGRATION = """\
  Integration{n}:
    Type: AWS::RDS::Integration
    Properties:
      SourceArn: !GetAtt Cluster.DBClusterArn
      TargetArn: arn:aws:redshift-serverless:us-east-1:123456789012:namespace/0b4e3b86-1c5b-4d43-a9b4-2f1b2f0c4b8e
"""


def test_only_sources_named_by_integrations_are_checked_once(tmp_path: Path) -> None:
    (tmp_path / "stack.yaml").write_text(CLUSTER + INTEGRATION.format(n=1) + INTEGRATION.format(n=2))
    project = build_project(LintOptions(paths=(str(tmp_path),)))
    assert [source.resource.logical_id for source in project.deployment.sources_in_use] == ["Cluster"]
    report = lint(LintOptions(paths=(str(tmp_path),), select=("ZE202",)))
    wrong = [f for f in report.findings if f.object.endswith("rds.logical_replication")]
    assert len(wrong) == 1  # two integrations, one source, one finding


def test_no_integration_means_no_source_findings(tmp_path: Path) -> None:
    (tmp_path / "stack.yaml").write_text(CLUSTER)
    report = lint(LintOptions(paths=(str(tmp_path),), select=("ZE1", "ZE2")))
    assert [f.rule for f in report.findings] == []
