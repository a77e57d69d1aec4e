"""ZE101 source-engine-version."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._live import live_sources
from zeroetl_lint.model.values import is_scalar
from zeroetl_lint.rulebook.sources import supported_versions, version_problem
from zeroetl_lint.findings import Applicability, Severity, Violation
from zeroetl_lint.model.edits import offer
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE101", name="source-engine-version",
      severity=Severity.ERROR, fixes=(Applicability.UNSAFE,), needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),
      Read("live", "version"),
      Read("source", "engine"),
      Read("source", "engine_version"),))
def source_engine_version(project: Project) -> Iterator[Violation]:
    """Checks for integration sources that run an engine version without zero-ETL support.

    ## What it does
    Compares the `EngineVersion` of every cluster or instance that an integration uses as its
    source with the versions AWS lists for zero-ETL: Aurora PostgreSQL 16.4 or higher (17.4 or
    higher on 17, unconfirmed), Aurora MySQL 3.05.2 or higher (`8.0.mysql_aurora.3.05.2`), RDS for
    PostgreSQL 15.7, 16.3 or 17.1 and higher on each major, RDS for MySQL 8.0 and 8.4. Each
    `Fn::If` branch is checked. A missing `EngineVersion`, a version that leaves the minor to RDS
    (`16`) and a major newer than the known ones are warnings. A read replica without an engine of
    its own (`SourceDBInstanceIdentifier`) is checked with its primary's engine and version. Aurora
    MySQL version 8.4
    (`EngineVersion: "8.4.7"`, the simplified numbering of that major) is reported as not listed
    for zero-ETL, a warning: AWS's zero-ETL version table lists only Aurora MySQL version 3, and
    no page says whether 8.4 supports it. The 17.4 minimum for Aurora PostgreSQL 17 is not an AWS
    zero-ETL statement either (it is the Serverless v2 floor of that major), so it is a warning.
    A live source database (`--schema DB=postgresql://...`) is compared by the `server_version_num`
    it reports, against the engine of the integration's source or, without one, the engine the
    server shows itself to be (`aurora_version()` on Aurora, `rds.*` settings on RDS); a plain
    PostgreSQL server with no integration is not compared (ZE902 says so).

    ## Why is this bad?
    RDS refuses to create the integration for an engine version that does not support zero-ETL
    (`DescribeDBEngineVersions` reports `SupportsIntegrations: false`), so the stack fails at the
    integration after the cluster has been built. Without an `EngineVersion`, RDS picks its
    current default, which can change between two deployments.

    ## Example
    ```yaml
    SourceCluster:
      Type: AWS::RDS::DBCluster
      Properties:
        Engine: aurora-postgresql
        EngineVersion: "15.4"   # zero-ETL needs 16.4 or higher
    ```

    Terraform:
    ```hcl
    resource "aws_rds_cluster" "source" {
      engine         = "aurora-postgresql"
      engine_version = "15.4"   # zero-ETL needs 16.4 or higher
    }
    ```

    ## How to fix
    Set `EngineVersion` to a supported version, e.g. `"16.4"`, and upgrade an existing cluster
    before creating the integration.

    ## Fix safety
    Unsafe (`--unsafe-fixes`): only a version below the minimum of its own major version (or a
    major alone, `"16"`) is fixed, to that major's minimum (`16.1` -> `16.4`): an engine upgrade
    that must be applied to an existing cluster. Other majors have no fix; the upgrade path is a
    choice.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.setting-up.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.Zero-ETL.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/zero-etl.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.MySQL84.html
    """
    yield from _live(project)
    for source in project.deployment.sources_in_use:
        facts = source.facts
        if facts is None:
            continue  # ZE102 reports engines that are not zero-ETL sources
        prop = source.engine_version
        if not prop.present:
            lowest = facts.majors[0]
            # A read replica runs its primary's version: the primary is where to set it.
            owner = source.primary if source.engine_inherited and source.primary is not None else source
            subject = (f"{source.label} is a read replica of {owner.label}, which has no {prop.name}"
                       if owner is not source else f"{source.label} has no {prop.name}")
            yield Violation(
                message=(f"{subject}, so RDS picks its current default {facts.label} "
                         f"version, which can change; zero-ETL requires {supported_versions(facts)}"),
                fix=f"Set {prop.name} on {owner.resource.logical_id} to a supported version, e.g. "
                    f"{lowest.minimum or lowest.major}.",
                location=owner.resource.location,
                object=owner.engine_version.object,
                severity=Severity.WARNING,
            )
            continue
        for branch in prop.branches:
            text = branch.text
            if not is_scalar(branch.value) or text is None:
                continue  # unresolved: ZE902 says what was skipped
            problem = version_problem(facts, text)
            if problem is None:
                continue
            yield Violation(
                message=f"{prop.name} of {source.label} is {branch.written}{branch.when}{problem.reason}",
                fix=f"Set {prop.name} to a version that supports zero-ETL, e.g. {problem.suggestion}, "
                    f"and upgrade the existing {source.kind} before creating the integration.",
                location=branch.location,
                object=prop.object,
                severity=problem.severity,
                fixes=offer(f"Set {prop.name} of {source.resource.logical_id} to {problem.suggestion} (an engine upgrade)",
                            source.resource.editor().replace(branch.location, problem.suggestion),
                            Applicability.UNSAFE)
                # Aurora MySQL minimums are of the part after "mysql_aurora.", not a whole EngineVersion.
                if problem.same_major and not facts.version_group else (),
            )



def _live(project: Project) -> Iterator[Violation]:
    """A live source database's reported version against its engine's zero-ETL minimum."""
    for live in live_sources(project):
        if live.facts is None:
            continue
        problem = version_problem(live.facts, live.server.release)
        if problem is None:
            continue
        yield Violation(
            message=f"The live database {live.database} runs PostgreSQL {live.server.release} (server_version "
            f"{live.server.version!r}; {live.basis}){problem.reason}",
            fix=f"Upgrade the source to {live.facts.label} {problem.suggestion} or later before creating the integration.",
            location=live.server.location,
            object=f"{live.database}/server_version",
            severity=problem.severity,
        )
