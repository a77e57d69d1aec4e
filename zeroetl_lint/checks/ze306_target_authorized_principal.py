"""ZE306 target-authorized-principal."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._phrasing import no_policy, policies_label, policy_fix, removal_phrase
from zeroetl_lint.findings import Related, Severity, Violation
from zeroetl_lint.model.conditions import describe_branches
from zeroetl_lint.model.iam import allows_principal, single_removal
from zeroetl_lint.model.project import Project
from zeroetl_lint.model.vocabulary import Verbatim
from zeroetl_lint.registry import Need, Read, rule

_NEEDED = "zero-ETL needs an authorized principal unless the creator's own account policy allows it"


@rule(code="ZE306", name="target-authorized-principal", severity=Severity.WARNING, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "targets"),
      Read("policy", "allows_principal"),))
def target_authorized_principal(project: Project) -> Iterator[Violation]:
    """Checks for Redshift targets whose resource policy names no principal that may create integrations.

    ## What it does
    For every target that an integration names, looks in its resource policy (its
    `NamespaceResourcePolicy` and every `AWS::Redshift::ResourcePolicy` whose `ResourceArn` names
    its namespace, read together) for an `Allow` of `redshift:CreateInboundIntegration`
    (wildcards such as `redshift:*` count, and so does a `NotAction` that does not list it) with a
    `Principal`. A target without a resource policy has none, nor one whose policy an `Fn::If`
    branch removes (`!Ref AWS::NoValue`), or a resource `Condition` leaves out, while an
    integration targets it. Policies that cannot be resolved keep the rule silent (ZE902 says so).

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

    Terraform:
    ```hcl
    resource "aws_redshift_resource_policy" "ns" {
      resource_arn = aws_redshiftserverless_namespace.ns.arn
      policy = jsonencode({
        Version = "2012-10-17"
        Statement = [{
          Effect    = "Allow"
          Principal = { Service = "redshift.amazonaws.com" }
          Action    = "redshift:AuthorizeInboundIntegration"
          Condition = { StringEquals = { "aws:SourceArn" = aws_rds_cluster.aurora.arn } }
        }]
      })
    }
    ```

    ## How to fix
    Add `{Effect: Allow, Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"},
    Action: redshift:CreateInboundIntegration}` to the policy; in Terraform's `jsonencode`,
    `{ Effect = "Allow", Principal = { AWS =
    "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action =
    "redshift:CreateInboundIntegration" }`.

    ## References
    - https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl-using.redshift-iam.html
    """
    deployment = project.deployment
    action = project.rulebook.targets.authorization.principal_action
    for target in deployment.targets_in_use:
        words = target.resource.vocabulary
        statement = words.document({"Effect": "Allow", "Principal": {"AWS": Verbatim(words.name("account_root"))},
                                    "Action": action})
        verdict = project.policy_verdicts.allows_principal(target)
        if verdict.result is None:
            continue  # ZE902 says why
        integrations = list(deployment.integrations_with(target))
        related = tuple(
            Related(integration.target_prop.location, f"{integration.label} targets {target.name}")
            for integration in integrations if integration.target_prop is not None
        )
        if not target.policies:
            yield Violation(
                message=f"{no_policy(target)}, so no principal is allowed {action}; {_NEEDED}",
                fix=policy_fix(target, statement),
                location=target.resource.location,
                object=target.resource.object,
                related=related,
            )
            continue
        if verdict.result is False:
            label = policies_label(target)
            first = target.policies[0]
            related += tuple(Related(policy.prop.location, f"{policy.label} allows it to no account, role or user")
                             for policy in target.policies[1:])
            fix = policy_fix(target, statement)
            if verdict.excluded_by is not None:
                policy, excluding = verdict.excluded_by
                related += (Related(policy.location_of(excluding),
                                    f"this statement's NotAction leaves out {action}"),)
                fix = f"List {action} under Action, not NotAction, in {excluding.object}; or {fix[0].lower()}{fix[1:]}"
            yield Violation(
                message=f"{label[0].upper()}{label[1:]} {'allows' if len(target.policies) == 1 else 'allow'} "
                        f"{action} to no account, role or user; {_NEEDED}",
                fix=fix,
                location=first.prop.location,
                object=first.prop.object,
                related=related,
            )
            continue
        for integration in integrations:
            policy = single_removal(target.policies, lambda one: allows_principal((one,), action).result is True,
                                    integration.resource)
            if policy is None:
                continue
            when = describe_branches(policy.prop.absent_when)
            removed = removal_phrase(policy)
            yield Violation(
                message=(f"{policy.label[0].upper()}{policy.label[1:]} {removed} {when}, so no principal is then "
                         f"allowed {action}; {_NEEDED}"),
                fix=(f"Create {policy.owner.logical_id} under every condition in which an integration targets "
                     f"{target.name}." if policy.standalone and removed == "is not created" else
                     f"Keep {policy.label} in every Fn::If branch in which an integration targets it."),
                location=policy.prop.removal_location,
                object=policy.prop.object,
                related=related,
            )
            break
