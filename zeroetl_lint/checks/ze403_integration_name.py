"""ZE403 integration-name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from zeroetl_lint.findings import Related, Severity, Violation
from zeroetl_lint.model.deployment import Integration
from zeroetl_lint.model.project import Project
from zeroetl_lint.model.values import Branch
from zeroetl_lint.registry import Need, rule
from zeroetl_lint.rulebook import compiled


@rule(code="ZE403", name="integration-name", severity=Severity.ERROR, needs=Need.DEPLOYMENT)
def integration_name(project: Project) -> Iterator[Violation]:
    """Checks for integration names the API rejects, and names used twice.

    ## What it does
    Checks every `Fn::If` branch of `IntegrationName`: at most 63 characters, matching
    `^[a-zA-Z](?:-?[a-zA-Z0-9]+)*$` (a letter first, then ASCII letters and digits with single
    hyphens, no hyphen at the end). It also reports two integrations among the inputs with the same
    literal name, unless their stacks are known to deploy to different accounts or Regions, or
    they are the same resource of same-named templates (one stack, one copy per environment).

    ## Why is this bad?
    CloudFormation's schema allows 64 characters but the `CreateIntegration` API allows 63, so a
    64-character name passes template validation and fails on deploy. Integration names must be
    unique within an account and Region: the second integration fails with "already exists".

    ## Example
    ```yaml
    IntegrationName: orders_to_redshift    # underscores are not allowed
    ```

    Terraform:
    ```hcl
    integration_name = "orders_to_redshift"   # underscores are not allowed
    ```

    ## How to fix
    Use letters, digits and single hyphens (`orders-to-redshift`), at most 63 characters, and a
    different name for each integration.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateIntegration.html
    """
    facts = project.rulebook.integrations.name
    pattern = compiled(facts.pattern)
    first_by_name: dict[tuple[str, str], list[Integration]] = {}
    for integration in project.deployment.integrations:
        prop = integration.name
        if prop is None:
            continue  # CloudFormation generates a valid name
        written: dict[str, Branch] = {}
        for branch in prop.branches:
            if branch.text is not None:
                written.setdefault(branch.text, branch)
        for option, branch in written.items():
            if len(option) > facts.max_length:
                yield Violation(
                    message=(f"{prop.name} of {integration.label} is {len(option)} characters long "
                             f"({option!r}){branch.when}; the API allows at most {facts.max_length}"),
                    fix=f"Shorten the name to {facts.max_length} characters or fewer.",
                    location=branch.location,
                    object=prop.object,
                )
            elif pattern.fullmatch(option) is None:
                yield Violation(
                    message=(f"{prop.name} of {integration.label} is {option!r}{branch.when}, which does not "
                             f"match {facts.pattern}"),
                    fix=("Start the name with a letter and use only ASCII letters, digits and single hyphens, "
                         "with no hyphen at the end."),
                    location=branch.location,
                    object=prop.object,
                )
        name = prop.text()
        if name is None:
            continue
        earlier = first_by_name.setdefault((integration.resource_type, name), [])
        clash = next((other for other in earlier if _may_collide(other, integration)), None)
        earlier.append(integration)
        if clash is None or clash.name is None:
            continue
        yield Violation(
            message=(f"{prop.name} {name!r} of {integration.label} is also the name of {clash.label}; "
                     f"integration names must be unique within an account and Region"),
            fix=f"Give {integration.resource.logical_id} a different {prop.name}.",
            location=prop.location,
            object=prop.object,
            related=(Related(clash.name.location, f"{clash.label} uses the same name"),),
        )


def _may_collide(a: Integration, b: Integration) -> bool:
    """Could both exist in one account and Region? Known, different environments say no."""
    one, other = a.resource.stack, b.resource.stack
    if a.resource.logical_id == b.resource.logical_id and Path(one.path).name == Path(other.path).name:
        # The same resource in same-named templates (envs/dev/x.yaml, envs/prod/x.yaml) is one stack
        # deployed per environment, not two integrations side by side.
        return False
    return all(x is None or y is None or x == y for x, y in ((one.region, other.region), (one.account, other.account)))
