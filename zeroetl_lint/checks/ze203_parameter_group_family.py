"""ZE203 parameter-group-family."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._phrasing import once
from zeroetl_lint.rulebook.sources import expected_family, family_pattern
from zeroetl_lint.findings import Applicability, Related, Severity, Violation
from zeroetl_lint.model.edits import offer
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE203", name="parameter-group-family",
      severity=Severity.ERROR, fixes=(Applicability.UNSAFE,), needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),
      Read("source", "engine"),
      Read("source", "engine_version"), Read("source_group", "family"),))
def parameter_group_family(project: Project) -> Iterator[Violation]:
    """Checks for source parameter groups whose family does not match the source engine and major version.

    ## What it does
    Compares the `Family` of the parameter group of every integration source with the family its
    engine version needs: `aurora-postgresql16` for Aurora PostgreSQL 16.x, `aurora-mysql8.0` for
    Aurora MySQL 3, `aurora-mysql8.4` for Aurora MySQL 8.4 (`8.4.7`), `postgres16` for RDS for PostgreSQL 16.x, `mysql8.0` for RDS for MySQL 8.0.
    When the version is not a literal, only the engine part of the family is checked. Each
    `Fn::If` branch of `Family` is checked.

    ## Why is this bad?
    A DB cluster or instance can only use a parameter group of its own engine and major version:
    the stack fails when the source is created or upgraded, and the replication parameters in
    the group never reach the database.

    ## Example
    ```yaml
    ClusterParams:
      Type: AWS::RDS::DBClusterParameterGroup
      Properties:
        Family: aurora-postgresql15     # the cluster runs 16.4
    ```

    Terraform:
    ```hcl
    resource "aws_rds_cluster_parameter_group" "params" {
      family = "aurora-postgresql15"   # the cluster runs 16.4
    }
    ```

    ## How to fix
    Set `Family` to the family of the source's major version (`aurora-postgresql16` for 16.4).
    `Family` cannot change in place: CloudFormation replaces the group, so a fixed
    `DBClusterParameterGroupName` must change too.

    ## Fix safety
    Unsafe (`--unsafe-fixes`): `Family` is set to the family of the source's literal
    `EngineVersion`; CloudFormation then replaces the parameter group. No fix is offered when the
    version is not a literal (the right family is not known).

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.setting-up.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_WorkingWithParamGroups.html
    """
    yield from once(_violations(project))


def _violations(project: Project) -> Iterator[Violation]:
    for source in project.deployment.sources_in_use:
        facts, group = source.facts, source.parameter_group.group
        if facts is None or group is None or not group.family.present:
            continue
        version = source.version_text
        expected = expected_family(facts, version)
        related: tuple[Related, ...] = ()
        if expected is not None and source.engine_version.present:
            related = (Related(source.engine_version.location, f"{source.label} runs {facts.label} {version}"),)
        for branch in group.family.branches:
            if not isinstance(branch.value, str):
                continue
            family = branch.value.lower()
            if expected is not None and family == expected.lower():
                continue
            if expected is None and family_pattern(facts).match(family) is not None:
                continue  # the version is not a literal: only the engine part can be checked
            runs = f"{facts.label} {version}" if expected is not None else facts.label
            wanted = expected or facts.parameter_family.split("{")[0] + "<major version>"
            message = (f"{group.family.name} of {group.resource.label} is {branch.written}{branch.when}, but {source.label} runs "
                       f"{runs}, which needs family {wanted}")
            yield Violation(
                message=message,
                fix=(f"Set {group.family.name} of {group.resource.logical_id} to {wanted} "
                     f"({group.resource.vocabulary.name('replaces_group')})."),
                location=branch.location,
                object=group.family.object,
                related=related,
                # Only a literal engine version says which family is right.
                fixes=offer(f"Set {group.family.name} of {group.resource.logical_id} to {expected} "
                            f"({group.resource.vocabulary.name('replaces_group')})",
                            group.resource.editor().replace(branch.location, expected), Applicability.UNSAFE)
                if expected is not None else (),
            )
