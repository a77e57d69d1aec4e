"""ZE506 filter-missing-include."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._filters import label
from zeroetl_lint.checks._reads import rds_integration
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.conditions import describe_branches, removed_where
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Read, rule


@rule(code="ZE506", name="filter-missing-include", severity=Severity.ERROR,
      reads=(Read("integration", "sources", rds_integration),
      Read("integration", "data_filter", rds_integration),))
def filter_missing_include(project: Project) -> Iterator[Violation]:
    """Checks for PostgreSQL-source integrations whose filter names no database to include.

    ## What it does
    Reports an `AWS::RDS::Integration` with a PostgreSQL source that has no `DataFilter` (also in
    an `Fn::If` branch that removes it with `!Ref AWS::NoValue`), or whose filter has no
    `include:` clause naming a literal database (`include: *.*.*` names none).

    ## Why is this bad?
    For Aurora PostgreSQL a filter is mandatory: without one the API fails with
    `InvalidParameterValue: Your data filter must contain at least one include statement`, and
    each PostgreSQL database must be named because it replicates into its own Redshift database.

    ## Example
    ```yaml
    Integration:
      Type: AWS::RDS::Integration
      Properties:
        SourceArn: !GetAtt AuroraPostgres.DBClusterArn
        TargetArn: !GetAtt Namespace.Namespace.NamespaceArn
    ```

    Terraform:
    ```hcl
    resource "aws_rds_integration" "this" {
      source_arn = aws_rds_cluster.aurora_postgres.arn
      target_arn = aws_redshiftserverless_namespace.ns.arn
    }
    ```

    ## How to fix
    ```yaml
        DataFilter: "include: shop.*.*"
    ```
    ```hcl
    data_filter = "include: shop.*.*"
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.filtering.html
    """
    for site in project.filters:
        if site.engine != "postgresql":
            continue
        if site.text is None:
            data_filter = site.integration.resource.vocabulary.name("data_filter") if site.integration else "DataFilter"
            yield Violation(
                message=f"Integration {site.integration.label if site.integration else site.object} has a "
                f"PostgreSQL source but no {data_filter}; zero-ETL requires an include: clause naming a database",
                fix=f"Add a {data_filter} such as `include: mydb.*.*` naming each source database to replicate.",
                location=site.location,
                object=site.object,
            )
        elif not site.databases():
            yield Violation(
                message=f"{label(site)} has no include: clause that names a database literally; "
                "a PostgreSQL source needs at least one (`include: mydb.*.*`)",
                fix="Add `include: <database>.*.*` for each source database to replicate.",
                location=site.location,
                object=site.object,
            )
    yield from _removed_filters(project)


def _removed_filters(project: Project) -> Iterator[Violation]:
    """PostgreSQL-source integrations whose DataFilter an Fn::If branch removes (AWS::NoValue)."""
    deployment = project.deployment
    for integration in deployment.integrations:
        prop = integration.data_filter
        if integration.resource_type != "rds" or prop is None or not prop.absent_in_some_branch:
            continue
        families = {source.facts.family for source in deployment.integration_sources(integration) if source.facts}
        if families != {"postgresql"} or removed_where(prop, exists=integration.resource) is not True:
            continue
        yield Violation(
            message=(f"{prop.name} of {integration.label} is removed (AWS::NoValue) {describe_branches(prop.absent_when)}; "
                     "its PostgreSQL source then has no filter, and zero-ETL requires an include: clause naming a database"),
            fix=f"Give {prop.name} an `include: <database>.*.*` value in every Fn::If branch.",
            location=prop.removal_location,
            object=prop.object,
        )
