"""ZE305 target-authorized-source."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.artifacts.cloudformation import describe_branches, removed_where
from zeroetl_lint.checks._targets import authorizes_source
from zeroetl_lint.findings import Related, Severity, Violation
from zeroetl_lint.model import ArnRef, Integration, Target
from zeroetl_lint.project import Project
from zeroetl_lint.registry import rule

# Source ARNs that are not a database ARN are ZE401's business; unknown ones are ZE902's.
_SOURCE_KINDS = ("cluster", "instance")


@rule(code="ZE305", name="target-authorized-source", severity=Severity.ERROR)
def target_authorized_source(project: Project) -> Iterator[Violation]:
    """Checks for integrations whose source is not an authorized integration source of the target.

    ## What it does
    For every integration whose target is among the inputs, reads the target's
    `NamespaceResourcePolicy` and looks for an `Allow` of `redshift:AuthorizeInboundIntegration`
    (also `redshift:*`, `*` and other wildcards, in any case) whose `aws:SourceArn` condition names
    the integration's source: the same resource, an equal literal ARN, or a `StringLike`/`ArnLike`
    pattern that matches it. Negated operators (`StringNotEquals`, `StringNotLike`,
    `ArnNotEquals`, `ArnNotLike`) admit every source but the ones they name;
    `StringEqualsIgnoreCase`, the `ForAnyValue:`/`ForAllValues:` prefixes and the `IfExists`
    suffix are understood, and several operators on `aws:SourceArn` must all hold. A statement
    without an `aws:SourceArn` condition admits every source; a matching `Deny` takes the
    permission back. A target with no resource policy at all authorizes nothing, nor does one
    whose policy an `Fn::If` branch removes (`!Ref AWS::NoValue`) while the integration exists.
    Every `Fn::If` branch of `SourceArn` is checked; values, operators and conditions that cannot
    be read keep the rule silent (ZE902 reports unresolved values).

    ## Why is this bad?
    Redshift accepts inbound integrations only from sources its resource policy authorizes.
    Without that statement `CreateIntegration` fails with "Authorization failed", after the rest of
    the deployment has been created.

    ## Example
    ```yaml
    Namespace:
      Type: AWS::RedshiftServerless::Namespace
      Properties:
        NamespaceName: analytics        # no NamespaceResourcePolicy
    ```

    ## How to fix
    Add a statement to the target's `NamespaceResourcePolicy`:
    `{Effect: Allow, Principal: {Service: redshift.amazonaws.com}, Action:
    redshift:AuthorizeInboundIntegration, Condition: {StringEquals: {aws:SourceArn: <source ARN>}}}`.

    ## References
    - https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl-using.redshift-iam.html
    """
    deployment = project.deployment
    facts = project.rulebook.targets.authorization
    for integration in deployment.integrations:
        source_prop = integration.source_prop
        if source_prop is None:
            continue
        for target in deployment.integration_targets(integration):
            if target.policy_unknown is not None:
                continue
            refused: list[ArnRef] = []
            denied = None
            for source in integration.sources:
                if source.kind not in _SOURCE_KINDS:
                    continue
                if target.policy is None:
                    refused.append(source)
                    continue
                verdict = authorizes_source(deployment, target.policy, facts.source_action, source)
                if verdict.result is False:
                    refused.append(source)
                    denied = denied or verdict.denied_by
            if not refused:
                yield from _removed_policy(integration, target, facts.source_action)
                continue
            written = " / ".join(dict.fromkeys(arn.written for arn in refused))
            statement = (f"{{Effect: Allow, Principal: {{Service: {facts.source_principal_service}}}, "
                         f"Action: {facts.source_action}, Condition: {{StringEquals: "
                         f"{{{facts.source_condition_key}: <the source ARN>}}}}}}")
            if target.policy is None:
                message = (f"{target.label} has no NamespaceResourcePolicy, so the source {written} of "
                           f"{integration.label} is not an authorized integration source; zero-ETL needs an "
                           f"Allow of {facts.source_action} for it")
                related = Related(target.resource.location, f"{target.label} has no NamespaceResourcePolicy")
                fix = f"Add a NamespaceResourcePolicy to {target.resource.logical_id} with the statement {statement}."
            elif denied is not None:
                message = (f"A Deny statement in the NamespaceResourcePolicy of {target.label} refuses "
                           f"{facts.source_action} to the source {written} of {integration.label}")
                location = denied.prop.location if denied.prop is not None else target.policy.prop.location
                related = Related(location, f"this statement denies {facts.source_action}")
                fix = f"Remove the source from the Deny statement ({denied.object})."
            else:
                message = (f"The NamespaceResourcePolicy of {target.label} has no Allow of {facts.source_action} "
                           f"whose {facts.source_condition_key} matches the source {written} of {integration.label}")
                related = Related(target.policy.prop.location,
                                  f"the resource policy of {target.label} does not authorize this source")
                fix = f"Add the statement {statement} to the NamespaceResourcePolicy of {target.resource.logical_id}."
            yield Violation(message, fix, source_prop.location, source_prop.object, (related,))


def _removed_policy(integration: Integration, target: Target, action: str) -> Iterator[Violation]:
    """The policy authorizes the source, but an Fn::If branch removes it while the integration exists."""
    sources = [arn for arn in integration.sources if arn.kind in _SOURCE_KINDS]
    policy = target.policy
    if (not sources or policy is None or integration.source_prop is None
            or removed_where(policy.prop, exists=integration.resource) is not True):
        return
    when = describe_branches(policy.prop.absent_when)
    written = " / ".join(dict.fromkeys(arn.written for arn in sources))
    yield Violation(
        f"The NamespaceResourcePolicy of {target.label} is removed (AWS::NoValue) {when}, so the source {written} "
        f"of {integration.label} is then not an authorized integration source; zero-ETL needs an Allow of {action}",
        f"Keep the NamespaceResourcePolicy of {target.resource.logical_id} in every Fn::If branch in which "
        f"{integration.resource.logical_id} exists.",
        integration.source_prop.location,
        integration.source_prop.object,
        (Related(policy.prop.removal_location, f"the resource policy of {target.label} is removed {when}"),),
    )
