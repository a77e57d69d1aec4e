"""ZE202 source-replication-parameter."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._live import live_sources
from zeroetl_lint.checks._phrasing import group_label, once
from zeroetl_lint.model.conditions import describe_branches, removed_where
from zeroetl_lint.rulebook.sources import applies, capped, preferred_value, requirement, satisfies
from zeroetl_lint.findings import Applicability, Severity, Violation
from zeroetl_lint.model.edits import offer
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE202", name="source-replication-parameter",
      severity=Severity.ERROR, fixes=(Applicability.SAFE,), needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),
      Read("live", "parameters"),
      Read("source", "engine"),
      Read("source_group", "parameters"),))
def source_replication_parameter(project: Project) -> Iterator[Violation]:
    """Checks for required replication parameters that are missing from or wrong in the source's parameter group.

    ## What it does
    Reads the custom parameter group of every integration source and reports, one finding per
    parameter, each required parameter that has the wrong value or is missing while its engine
    default is wrong. Aurora PostgreSQL needs `rds.logical_replication=1`,
    `aurora.enhanced_logical_replication=1`, `aurora.logical_replication_backup=0` and
    `aurora.logical_replication_globaldb=0`; Aurora MySQL, RDS for PostgreSQL and RDS for MySQL
    have their own sets (enhanced binlog, `binlog_format=ROW`, `rds.replica_identity_full=1`,
    `max_wal_senders >= 20`, ...); an RDS for MySQL Multi-AZ DB cluster must also not set
    `binlog_transaction_compression` to `ON`. Values are compared by meaning, so `true` counts as `1` (ZE204
    reports that spelling). Each `Fn::If` branch is checked, and a branch that removes a parameter
    (`!Ref AWS::NoValue`) leaves it missing; a missing parameter whose engine default is not known
    is a warning.

    ## Why is this bad?
    A live source database (`--schema DB=postgresql://...`) is checked by the values the server
    reports (`SHOW`), against the engine its integration's source runs or, without one, the engine
    the server shows itself to be (`aurora_version()` on Aurora, `rds.*` settings on RDS). A setting
    the server does not report is never assumed: ZE902 says it was not checked.

    Without these settings the database does not write the change stream zero-ETL reads: RDS
    refuses to create the integration, or an integration whose parameters were changed later
    stops replicating and stays in `Syncing`.

    ## Example
    ```yaml
    ClusterParams:
      Type: AWS::RDS::DBClusterParameterGroup
      Properties:
        Family: aurora-postgresql16
        Parameters:
          rds.logical_replication: 1
          aurora.enhanced_logical_replication: 0    # must be 1
          # aurora.logical_replication_backup and _globaldb missing: defaults are 1
    ```

    Terraform:
    ```hcl
    resource "aws_rds_cluster_parameter_group" "params" {
      family = "aurora-postgresql16"
      parameter {
        name  = "aurora.enhanced_logical_replication"
        value = "0"   # must be 1
      }
    }
    ```

    ## How to fix
    Set each parameter to the required value in the group, then reboot the writer instance so
    that the values take effect before the integration is created.

    ## Fix safety
    Safe (`--fix`): a wrong value is replaced by the required one, keeping its quoting; a missing
    parameter is added to the group's `Parameters` (in Terraform, as one more `parameter` block),
    indented like its siblings. The writer still
    needs a reboot, as the fix title says. No fix is offered for a value removed in an `Fn::If`
    branch, a computed `Parameters` map, or a parameter that only has a value it must not take.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.setting-up.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/zero-etl.setting-up.html
    """
    yield from once(_violations(project))
    yield from _live(project)


def _live(project: Project) -> Iterator[Violation]:
    """The values a live source database reports (SHOW); one it does not report is ZE902's to mention."""
    words = project.rulebook.sources.boolean_words
    for live in live_sources(project):
        if live.facts is None:
            continue
        noun = "DB cluster parameter group" if live.facts.parameter_group == "cluster" else "DB parameter group"
        reboot = "the writer instance" if live.facts.parameter_group == "cluster" else "the instance"
        for fact in live.facts.parameters:
            value = live.server.setting(fact.name)
            if value is None or not applies(fact, multi_az_db_cluster=False) or satisfies(fact, value, words) is not False:
                continue
            yield Violation(
                message=f"{fact.name} is {value} on the live database {live.database} ({live.basis}); "
                f"zero-ETL requires {requirement(fact)}",
                fix=f"Set {fact.name} to {preferred_value(fact, words)} in the source's {noun} and reboot {reboot}.",
                location=live.server.location,
                object=f"{live.database}/{fact.name}",
                severity=capped(None, fact.verified),
            )


def _violations(project: Project) -> Iterator[Violation]:
    words = project.rulebook.sources.boolean_words
    for source in project.deployment.sources_in_use:
        group = source.parameter_group.group
        if source.facts is None or group is None or not group.readable:
            continue  # ZE201 reports default groups, ZE902 groups that are not among the inputs
        label = group_label(group, source)
        reboot = "the writer instance" if source.kind == "cluster" else "the instance"
        for fact in source.facts.parameters:
            if not applies(fact, multi_az_db_cluster=source.multi_az_db_cluster):
                continue
            required, preferred = requirement(fact), preferred_value(fact, words)
            # A fix needs one right value: "any value but ON" without a known good default has none.
            concrete = fact.expect != "ne" or preferred == fact.default
            prop = group.parameter(fact.name)
            # A parameter that an Fn::If branch removes (AWS::NoValue) is missing in that branch.
            removed = prop.present and any(removed_where(prop, exists=integration.resource) is True
                                               for integration in project.deployment.integrations_using(source))
            if (not prop.present or removed) and not (fact.default is not None and satisfies(fact, fact.default, words)):
                unset = (f"is not set in {label}" if not prop.present else
                         f"is removed (AWS::NoValue) from {label} {describe_branches(prop.absent_when)}")
                if fact.default is None:
                    message = (f"{fact.name} {unset}, and its engine default is not known to be "
                               f"{required}; zero-ETL requires {required}")
                else:
                    message = (f"{fact.name} {unset}, so it keeps its default {fact.default}; "
                               f"zero-ETL requires {required}")
                vocabulary = group.resource.vocabulary
                entry = vocabulary.entry("rds_parameters", (("key", fact.name), ("value", preferred)))
                yield Violation(
                    message=message,
                    fix=(f"Add {entry} to {vocabulary.into('rds_parameters', group.resource.label)} and reboot {reboot}."
                         if not prop.present else
                         f"Set {fact.name} to {preferred} in every Fn::If branch in {group.resource.label} and reboot "
                         f"{reboot}."),
                    location=prop.removal_location if prop.present else prop.key_location,
                    object=prop.object,
                    severity=capped(Severity.WARNING if fact.default is None else None, fact.verified),
                    fixes=offer(f"Add {entry} to {group.resource.logical_id} (then reboot {reboot})",
                                group.resource.editor().put(prop.object, preferred))
                    if not prop.present and concrete else (),
                )
            for branch in prop.branches:
                if satisfies(fact, branch.value, words) is not False:
                    continue
                yield Violation(
                    message=f"{fact.name} is {branch.written}{branch.when} in {label}; zero-ETL requires {required}",
                    fix=f"Set {fact.name} to {preferred} in {group.resource.label} and reboot {reboot}.",
                    location=branch.location,
                    object=prop.object,
                    severity=capped(None, fact.verified),
                    fixes=offer(f"Set {fact.name} to {preferred} in {group.resource.logical_id} (then reboot {reboot})",
                                group.resource.editor().replace(branch.location, preferred))
                    if concrete else (),
                )
