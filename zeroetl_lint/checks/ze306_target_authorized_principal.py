"""ZE306 target-authorized-principal."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.artifacts.cloudformation import describe_branches, removed_where
from zeroetl_lint.checks._targets import allows_principal, integrations_with, referenced_targets
from zeroetl_lint.findings import Related, Severity, Violation
from zeroetl_lint.project import Project
from zeroetl_lint.registry import rule


@rule(code="ZE306", name="target-authorized-principal", severity=Severity.WARNING)
def target_authorized_principal(project: Project) -> Iterator[Violation]:
    """Checks for Redshift targets whose resource policy names no principal that may create integrations.

    ## What it does
    For every target that an integration names, looks in its `NamespaceResourcePolicy` for an
    `Allow` of `redshift:CreateInboundIntegration` (wildcards such as `redshift:*` count) with a
    `Principal`. A target without a resource policy has none, nor one whose policy an `Fn::If`
    branch removes (`!Ref AWS::NoValue`) while an integration targets it. Policies that cannot be
    resolved keep the rule silent.

    ## Why is this bad?
    The resource policy of a zero-ETL target has two parts: the authorized integration sources and
    the authorized principals that may create integrations into it. Without the second,
    `CreateIntegration` is refused unless source and target share an account and the creating role
    has an identity policy allowing it, hence a warning rather than an error.

    ## Example
    ```yaml
    NamespaceResourcePolicy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: {Service: redshift.amazonaws.com}
          Action: redshift:AuthorizeInboundIntegration
          Condition: {StringEquals: {aws:SourceArn: !GetAtt Aurora.DBClusterArn}}
    ```

    ## How to fix
    Add `{Effect: Allow, Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"},
    Action: redshift:CreateInboundIntegration}` to the policy.

    ## References
    - https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl-using.redshift-iam.html
    """
    deployment = project.deployment
    action = project.rulebook.targets.authorization.principal_action
    fix_statement = (f"{{Effect: Allow, Principal: {{AWS: !Sub \"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:root\"}}, "
                     f"Action: {action}}}")
    for target in referenced_targets(deployment):
        if target.policy_unknown is not None:
            continue
        integrations = list(integrations_with(deployment, target))
        related = tuple(
            Related(integration.target_prop.location, f"{integration.label} targets {target.resource.logical_id}")
            for integration in integrations if integration.target_prop is not None
        )
        if target.policy is None:
            yield Violation(
                message=(f"{target.label} has no NamespaceResourcePolicy, so no principal is allowed {action}; "
                         f"zero-ETL needs an authorized principal unless the creator's own account policy allows it"),
                fix=f"Add a NamespaceResourcePolicy to {target.resource.logical_id} with the statement {fix_statement}.",
                location=target.resource.location,
                object=target.resource.object,
                related=related,
            )
        elif any(removed_where(target.policy.prop, exists=integration.resource) is True for integration in integrations):
            when = describe_branches(target.policy.prop.absent_when)
            yield Violation(
                message=(f"The NamespaceResourcePolicy of {target.label} is removed (AWS::NoValue) {when}, so no "
                         f"principal is then allowed {action}; zero-ETL needs an authorized principal unless the "
                         f"creator's own account policy allows it"),
                fix=(f"Keep the NamespaceResourcePolicy of {target.resource.logical_id} in every Fn::If branch in "
                     f"which an integration targets it."),
                location=target.policy.prop.removal_location,
                object=target.policy.prop.object,
                related=related,
            )
        elif allows_principal(target.policy, action) is False:
            yield Violation(
                message=(f"The NamespaceResourcePolicy of {target.label} allows {action} to no principal; "
                         f"zero-ETL needs an authorized principal unless the creator's own account policy allows it"),
                fix=f"Add the statement {fix_statement} to the NamespaceResourcePolicy of {target.resource.logical_id}.",
                location=target.policy.prop.location,
                object=target.policy.prop.object,
                related=related,
            )
