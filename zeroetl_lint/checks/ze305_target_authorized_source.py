"""ZE305 target-authorized-source."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._phrasing import no_policy, policies_label, policy_fix, qualified, removal_phrase
from zeroetl_lint.findings import Related, Severity, Violation
from zeroetl_lint.model.conditions import describe_branches
from zeroetl_lint.model.deployment import ArnRef, Deployment, Integration, Policy, Target
from zeroetl_lint.model.iam import authorizes_source, single_removal
from zeroetl_lint.model.project import Project
from zeroetl_lint.model.vocabulary import Verbatim
from zeroetl_lint.registry import Need, Read, rule
from zeroetl_lint.rulebook import Authorization as AuthorizationFacts

@rule(code="ZE305", name="target-authorized-source", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),
      Read("integration", "targets"),
      Read("policy", "authorizes_source"),))
def target_authorized_source(project: Project) -> Iterator[Violation]:
    """Checks for integrations whose source is not an authorized integration source of the target.

    ## What it does
    For every integration whose target is among the inputs, reads the target's resource policy:
    its `NamespaceResourcePolicy` and every `AWS::Redshift::ResourcePolicy` whose `ResourceArn`
    names the target's namespace (`!GetAtt Namespace.Namespace.NamespaceArn`,
    `!GetAtt Cluster.ClusterNamespaceArn`, or the same literal namespace ARN as the integration's
    `TargetArn`), their statements read together. It looks for an `Allow` of
    `redshift:AuthorizeInboundIntegration` (also `redshift:*`, `*` and other wildcards, in any
    case, or a `NotAction` that does not list it) whose `aws:SourceArn` condition names the
    integration's source: the same resource, an equal literal ARN, or a `StringLike`/`ArnLike`
    pattern that matches it. Negated operators (`StringNotEquals`, `StringNotLike`,
    `ArnNotEquals`, `ArnNotLike`) admit every source but the ones they name;
    `StringEqualsIgnoreCase`, the `ForAnyValue:`/`ForAllValues:` prefixes and the `IfExists`
    suffix are understood, and several operators on `aws:SourceArn` must all hold. A statement
    without an `aws:SourceArn` condition admits every source; a matching `Deny` takes the
    permission back. A target with no resource policy at all authorizes nothing, nor does one
    whose policy an `Fn::If` branch removes (`!Ref AWS::NoValue`), or whose
    `AWS::Redshift::ResourcePolicy` a resource `Condition` leaves out, while the integration
    exists. Every `Fn::If` branch of `SourceArn` is checked; when values, operators, conditions
    or policies cannot be read, or a literal ARN cannot be compared with a source whose identifier
    is generated, the rule stays silent and ZE902 says why.

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

    Terraform:
    ```hcl
    resource "aws_redshiftserverless_namespace" "ns" {
      namespace_name = "analytics"   # no aws_redshift_resource_policy names its ARN
    }
    ```

    ## How to fix
    Add a statement to the target's `NamespaceResourcePolicy` (for a provisioned cluster, or to
    an `AWS::Redshift::ResourcePolicy` with `ResourceArn: !GetAtt Cluster.ClusterNamespaceArn`):
    `{Effect: Allow, Principal: {Service: redshift.amazonaws.com}, Action:
    redshift:AuthorizeInboundIntegration, Condition: {StringEquals: {aws:SourceArn: <source ARN>}}}`.
    Terraform: an `aws_redshift_resource_policy` with `resource_arn =
    aws_redshiftserverless_namespace.ns.arn` (`aws_redshift_cluster.rs.cluster_namespace_arn`)
    whose `jsonencode` policy has `{ Effect = "Allow", Principal = { Service =
    "redshift.amazonaws.com" }, Action = "redshift:AuthorizeInboundIntegration", Condition = {
    StringEquals = { "aws:SourceArn" = aws_rds_cluster.src.arn } } }`.

    ## References
    - https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl-using.redshift-iam.html
    """
    deployment = project.deployment
    facts = project.rulebook.targets.authorization
    verdicts = project.policy_verdicts
    for integration in deployment.integrations:
        source_prop = integration.source_prop
        sources = verdicts.sources_asked(integration)
        if source_prop is None or not sources:
            continue
        for target in deployment.integration_targets(integration):
            statement = target.resource.vocabulary.document({
                "Effect": "Allow", "Principal": {"Service": facts.source_principal_service},
                "Action": facts.source_action,
                "Condition": {"StringEquals": {facts.source_condition_key: Verbatim("<the source ARN>")}}})
            refused: list[ArnRef] = []
            denied = excluded = None
            for source in sources:
                verdict = verdicts.authorizes_source(target, source)
                if verdict.result is False:
                    refused.append(source)
                    denied = denied or verdict.denied_by
                    excluded = excluded or verdict.excluded_by
            if not refused:
                yield from _removed_policy(deployment, integration, sources, target, facts)
                continue
            source_text = f"the source of {integration.label}, {_written(refused)}"
            if not target.policies:
                message = (f"{no_policy(target)}, so {source_text}, is not an authorized integration source; "
                           f"zero-ETL needs an Allow of {facts.source_action} for it")
                related = (Related(target.resource.location, f"{target.label} has no resource policy"),)
                fix = policy_fix(target, statement)
            elif denied is not None:
                policy, denying = denied
                message = f"A Deny statement in {policy.label} refuses {facts.source_action} to {source_text}"
                related = (Related(policy.location_of(denying), f"this statement denies {facts.source_action}"),)
                fix = f"Remove the source from the Deny statement ({denying.object})."
            else:
                label = policies_label(target)
                message = (f"{label[0].upper()}{label[1:]} {'has' if len(target.policies) == 1 else 'have'} no Allow "
                           f"of {facts.source_action} whose {facts.source_condition_key} matches {source_text}")
                related = tuple(Related(policy.prop.location, f"{policy.label} does not authorize this source")
                                for policy in target.policies)
                fix = policy_fix(target, statement)
                if excluded is not None:
                    policy, excluding = excluded
                    related += (Related(policy.location_of(excluding),
                                        f"this statement's NotAction leaves out {facts.source_action}"),)
                    fix = (f"List {facts.source_action} under Action, not NotAction, in {excluding.object}; "
                           f"or {fix[0].lower()}{fix[1:]}")
            yield Violation(message, fix, source_prop.location, source_prop.object, related)


def _written(arns: list[ArnRef] | tuple[ArnRef, ...]) -> str:
    """How messages name the source values: each with its Fn::If branch unless all branches share it."""
    return " / ".join(dict.fromkeys(qualified(arn, arns) for arn in arns))


def _removed_policy(deployment: Deployment, integration: Integration, sources: tuple[ArnRef, ...], target: Target,
                    facts: AuthorizationFacts) -> Iterator[Violation]:
    """The policies authorize the source, but the one that does is removed while the integration exists."""
    if integration.source_prop is None:
        return
    def grants(one: Policy) -> bool:
        return any(authorizes_source(deployment, (one,), facts.source_action, source,
                                     service=facts.source_principal_service).result is True for source in sources)

    policy = single_removal(target.policies, grants, integration.resource)
    if policy is None:
        return
    when = describe_branches(policy.prop.absent_when)
    removed = removal_phrase(policy)
    label = f"{policy.label[0].upper()}{policy.label[1:]}"
    yield Violation(
        f"{label} {removed} {when}, so the source of {integration.label}, {_written(sources)}, is then not an "
        f"authorized integration source; zero-ETL needs an Allow of {facts.source_action}",
        (f"Create {policy.owner.logical_id} under every condition in which {integration.resource.logical_id} exists."
         if policy.standalone and removed == "is not created" else
         f"Keep {policy.label} in every Fn::If branch in which {integration.resource.logical_id} exists."),
        integration.source_prop.location,
        integration.source_prop.object,
        (Related(policy.prop.removal_location, f"{policy.label} {removed} {when}"),),
    )
