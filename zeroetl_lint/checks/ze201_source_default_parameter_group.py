"""ZE201 source-default-parameter-group."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._phrasing import GROUP_NOUN
from zeroetl_lint.model.conditions import describe_branches, removed_where
from zeroetl_lint.rulebook.sources import expected_family
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE201", name="source-default-parameter-group", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),
      Read("source", "engine"),))
def source_default_parameter_group(project: Project) -> Iterator[Violation]:
    """Checks for integration sources that use a default parameter group.

    ## What it does
    Reports an Aurora cluster without `DBClusterParameterGroupName`, or an RDS instance without
    `DBParameterGroupName`, when an integration uses it as its source; and one whose group is a
    literal `default.*` name. Each `Fn::If` branch is checked; a branch that removes the property
    (`!Ref AWS::NoValue`) while the integration exists counts as no group. For an Aurora cluster
    only the cluster parameter group counts: a `DBParameterGroupName` on its instances does not
    set the replication parameters.

    ## Why is this bad?
    Zero-ETL needs replication parameters that differ from the engine defaults (for Aurora
    PostgreSQL `rds.logical_replication=1` and `aurora.enhanced_logical_replication=1`), and a
    default parameter group cannot be modified. RDS rejects the integration until the source uses
    a custom group with those values.

    ## Example
    ```yaml
    SourceCluster:
      Type: AWS::RDS::DBCluster
      Properties:
        Engine: aurora-postgresql
        EngineVersion: "16.4"
        DBClusterParameterGroupName: default.aurora-postgresql16
    ```

    Terraform:
    ```hcl
    resource "aws_rds_cluster" "source" {
      engine         = "aurora-postgresql"
      engine_version = "16.4"
      # no db_cluster_parameter_group_name: the default group
    }
    ```

    ## How to fix
    Create an `AWS::RDS::DBClusterParameterGroup` (an `AWS::RDS::DBParameterGroup` for an RDS
    instance) of the engine's family with the required parameters, point the source at it with
    `!Ref`, and reboot the writer if the cluster already exists. Terraform: an
    `aws_rds_cluster_parameter_group` named in `db_cluster_parameter_group_name` (for an
    `aws_db_instance`, an `aws_db_parameter_group` named in `parameter_group_name`).

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.setting-up.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/zero-etl.setting-up.html
    """
    prefix = project.rulebook.sources.default_parameter_group_prefix.value.lower()
    for source in project.deployment.sources_in_use:
        facts = source.facts
        if facts is None:
            continue  # ZE102 reports engines that are not zero-ETL sources
        link, noun = source.parameter_group, GROUP_NOUN[source.kind]
        prop = link.prop
        name = prop.name
        family = expected_family(facts, source.version_text)
        words = source.resource.vocabulary
        group_type = words.types[f"{source.kind}_parameter_group"]
        family_text = f" with {words.name('family')} {family}" if family else ""
        fix = (f"Create an {group_type}{family_text} that sets the parameters zero-ETL requires, and set {name} "
               f"of {source.resource.logical_id} to {words.name('reference_to_it')}.")
        if not prop.present:
            yield Violation(
                message=(f"{source.label} has no {name}, so it uses the default {noun}, where the parameters "
                         "zero-ETL requires cannot be set"),
                fix=fix,
                location=source.resource.location,
                object=prop.object,
            )
            continue
        if any(removed_where(prop, exists=integration.resource) is True
               for integration in project.deployment.integrations_using(source)):
            when = describe_branches(prop.absent_when)
            yield Violation(
                message=(f"{name} of {source.label} is removed (AWS::NoValue) {when}, so the source then uses the default "
                         f"{noun}, where the parameters zero-ETL requires cannot be set"),
                fix=(f"Set {name} of {source.resource.logical_id} to a custom group in every Fn::If branch, or "
                     "create the integration only under the conditions that keep it (a resource Condition)."),
                location=prop.removal_location,
                object=prop.object,
            )
        for branch in prop.branches:
            if isinstance(branch.value, str) and branch.value.lower().startswith(prefix):
                yield Violation(
                    message=(f"{name} of {source.label} is {branch.written}{branch.when}, a default {noun}, which "
                             "cannot be modified to set the parameters zero-ETL requires"),
                    fix=fix,
                    location=branch.location,
                    object=prop.object,
                )

