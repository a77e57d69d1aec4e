"""ZE405 integration-quota."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Related, Severity, Violation
from zeroetl_lint.model.deployment import ArnRef, Integration
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule

_Key = tuple[object, ...]


@rule(code="ZE405", name="integration-quota", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),
      Read("integration", "targets"),))
def integration_quota(project: Project) -> Iterator[Violation]:
    """Checks for more integrations into one target or from one source than the quotas allow, and duplicates.

    ## What it does
    Counts the integrations among the inputs per target and per source (a resource among the
    inputs, or the same literal ARN) and reports more than 50 into one target or more than 5 from
    one source, more than 100 in one account and Region (the account and Region of the stacks that
    define them, where a CDK manifest or literal ARNs tell; stacks whose environment is not known
    count as one), and two integrations with the same source and the same target. An integration
    whose `SourceArn` or `TargetArn` depends on a condition or cannot be resolved is not counted
    per source or target.

    ## Why is this bad?
    The quotas are fixed per account and Region, per source cluster or instance and per Redshift
    target; the integration
    beyond them fails to create. A second integration between the same source and target is
    rejected as a duplicate.

    ## Example
    ```yaml
    OrdersIntegration:
      Type: AWS::RDS::Integration
      Properties: {SourceArn: !GetAtt Aurora.DBClusterArn, TargetArn: !GetAtt Namespace.Namespace.NamespaceArn}
    OrdersIntegrationCopy:
      Type: AWS::RDS::Integration
      Properties: {SourceArn: !GetAtt Aurora.DBClusterArn, TargetArn: !GetAtt Namespace.Namespace.NamespaceArn}
    ```

    Terraform (each instance of a `count` or `for_each` resource counts as one integration):
    ```hcl
    resource "aws_rds_integration" "team" {
      for_each   = toset(["finance", "marketing", "ops", "sales", "support", "warehouse"])   # 6 > 5
      source_arn = aws_rds_cluster.aurora.arn
      target_arn = aws_redshiftserverless_namespace.team[each.key].arn
    }
    ```

    ## How to fix
    Use one integration per source and target, narrowing what it replicates with `DataFilter`
    (`data_filter`); spread integrations over more targets or sources when a quota is reached.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.html
    """
    quotas = project.rulebook.integrations.quotas
    by_target: dict[_Key, list[Integration]] = {}
    by_source: dict[_Key, list[Integration]] = {}
    by_pair: dict[tuple[_Key, _Key], Integration] = {}
    by_account: dict[tuple[str | None, str | None], list[Integration]] = {}
    for integration in project.deployment.integrations:
        by_account.setdefault(_account_region(integration), []).append(integration)
        source = _definite(integration.sources)
        target = _definite(integration.targets)
        if target is not None:
            by_target.setdefault(target, []).append(integration)
        if source is not None:
            by_source.setdefault(source, []).append(integration)
        if source is None or target is None:
            continue
        first = by_pair.setdefault((source, target), integration)
        if first is not integration:
            yield Violation(
                message=(f"{integration.label} has the same source ({integration.sources[0].written}) and target "
                         f"({integration.targets[0].written}) as {first.label}; a source and target pair allows "
                         f"one integration"),
                fix=("Remove the duplicate, or merge what both replicate into one "
                     f"{integration.resource.vocabulary.name('data_filter')}."),
                location=integration.resource.location,
                object=integration.resource.object,
                related=(Related(first.resource.location, f"{first.label} already connects them"),),
            )
    yield from _over(by_target, quotas.per_target, "target")
    yield from _over(by_source, quotas.per_source, "source")
    yield from _over_account(by_account, quotas.per_account)


def _account_region(integration: Integration) -> tuple[str | None, str | None]:
    """Where the integration is created: its stack's environment, else the Region its ARNs name."""
    stack = integration.resource.stack
    regions = {arn.region for arn in (*integration.sources, *integration.targets) if arn.region}
    region = stack.region or (next(iter(regions)) if len(regions) == 1 else None)
    return stack.account, region


def _over_account(groups: dict[tuple[str | None, str | None], list[Integration]], quota: int) -> Iterator[Violation]:
    for (account, region), integrations in groups.items():
        if len(integrations) <= quota:
            continue
        first_over = integrations[quota]
        stacks = f"{first_over.resource.vocabulary.name('stack')}s"
        where = " ".join(part for part in (f"account {account}" if account else "", f"Region {region}" if region
                                           else "") if part) or f"{stacks} whose account and Region are not known"
        yield Violation(
            message=(f"{len(integrations)} integrations among the inputs are created in one account and Region "
                     f"({where}); the quota is {quota} per account and Region, so {first_over.label} and later ones "
                     "exceed it"),
            fix="Spread the integrations over more accounts or Regions, or ask AWS for a higher Integrations quota.",
            location=first_over.resource.location,
            object=first_over.resource.object,
        )


def _key(arn: ArnRef) -> _Key | None:
    if arn.kind == "unknown":
        return None
    if arn.resource is not None:
        return ("resource", id(arn.resource.stack), arn.resource.logical_id)
    if arn.text is not None:
        return ("arn", arn.text.lower())
    return None


def _definite(arns: tuple[ArnRef, ...]) -> _Key | None:
    """The one thing every Fn::If branch names, or None."""
    keys = {_key(arn) for arn in arns}
    if len(keys) != 1:
        return None
    return next(iter(keys))


def _over(groups: dict[_Key, list[Integration]], quota: int, role: str) -> Iterator[Violation]:
    for integrations in groups.values():
        if len(integrations) <= quota:
            continue
        first_over = integrations[quota]
        arn = first_over.targets[0] if role == "target" else first_over.sources[0]
        prop = first_over.target_prop if role == "target" else first_over.source_prop
        related = (Related(arn.resource.location, f"the {role}"),) if arn.resource is not None else ()
        yield Violation(
            message=(f"{len(integrations)} integrations among the inputs have the {role} {arn.written}; the quota is "
                     f"{quota} per {role}, so {first_over.label} and later ones exceed it"),
            fix=(f"Spread the integrations over more {role}s, or combine them with broader "
                 f"{first_over.resource.vocabulary.name('data_filters')}."),
            location=prop.location if prop is not None else first_over.resource.location,
            object=prop.object if prop is not None else first_over.resource.object,
            related=related,
        )
