"""ZE402 integration-target-arn."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._phrasing import ARN_KIND_NAMES, arn_fix, arn_forms, display_pattern, qualified, swapped
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.deployment import ArnRef, Deployment, Entity
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule
from zeroetl_lint.rulebook import Rulebook

_NEEDED = "zero-ETL needs the namespace ARN"


@rule(code="ZE402", name="integration-target-arn", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "targets"),))
def integration_target_arn(project: Project) -> Iterator[Violation]:
    """Checks for `TargetArn` values that are not the ARN of a Redshift namespace.

    ## What it does
    Follows every `Fn::If` branch of an integration's `TargetArn` and reports a branch that is a
    `Ref` to a namespace, workgroup or cluster (it returns a name), a workgroup ARN, a provisioned
    cluster ARN (`...:cluster:name`) instead of the cluster's `ClusterNamespaceArn`, an RDS ARN
    (source and target swapped), or a literal that does not match the namespace ARN pattern.
    In an `AWS::RDS::Integration` an AWS Glue catalog ARN
    (`arn:aws:glue:<region>:<account>:catalog/<name>`) is a SageMaker lakehouse target, not a
    mistake: it is accepted, and ZE902 says that the Redshift target checks were skipped. Values
    that cannot be resolved are left to ZE902.

    ## Why is this bad?
    The target of a zero-ETL integration is the Redshift namespace, while case sensitivity is set
    on the workgroup and provisioned clusters have both a cluster and a namespace ARN, so the wrong
    one is easy to pick. `CreateIntegration` rejects anything but
    `arn:aws:redshift-serverless:<region>:<account>:namespace/<id>` or
    `arn:aws:redshift:<region>:<account>:namespace:<id>`.

    ## Example
    ```yaml
    Integration:
      Type: AWS::RDS::Integration
      Properties:
        TargetArn: !Ref Namespace      # the namespace name
    ```

    Terraform:
    ```hcl
    resource "aws_rds_integration" "this" {
      target_arn = aws_redshiftserverless_workgroup.wg.arn   # a workgroup, not the namespace
    }
    ```

    ## How to fix
    Use `!GetAtt Namespace.Namespace.NamespaceArn` (Serverless) or
    `!GetAtt Cluster.ClusterNamespaceArn` (provisioned); in Terraform
    `aws_redshiftserverless_namespace.ns.arn` or `aws_redshift_cluster.rs.cluster_namespace_arn`.
    From another stack, export the namespace ARN from the warehouse's stack and `!ImportValue` it;
    from another module, pass it out as an output of the module (`module.wh.namespace_arn`). The fix
    names an export or output that already holds it.

    ## References
    - https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateIntegration.html
    """
    deployment = project.deployment
    for integration in deployment.integrations:
        prop = integration.target_prop
        if prop is None:
            continue
        seen: set[str] = set()
        for arn in integration.targets:
            problem = _problem(arn, project.rulebook, deployment, integration.resource_type, integration.resource)
            if problem is None or arn.written in seen:
                continue
            seen.add(arn.written)
            message, fix = problem
            yield Violation(f"{prop.name} of {integration.label} is {qualified(arn, integration.targets)}, {message}",
                            fix, prop.location, prop.object)


def _namespace_fix(arn: ArnRef, rulebook: Rulebook, deployment: Deployment, integration: Entity) -> str:
    """How the integration's stack gets the namespace ARN of whatever the reference names, in its words."""
    generic = f"Use {arn_forms(rulebook, integration.vocabulary, 'target')}."
    resource = arn.resource
    if resource is None:
        return generic
    namespace = deployment.namespace_of_workgroup(resource)
    if namespace is not None:
        resource = namespace.resource
    elif deployment.target_of(arn) is None:
        return generic
    fix = arn_fix(rulebook, resource, integration.stack)
    return fix if fix is not None else generic


def _problem(arn: ArnRef, rulebook: Rulebook, deployment: Deployment, resource_type: str,
             integration: Entity) -> tuple[str, str] | None:
    words = integration.vocabulary
    if arn.kind in ("namespace", "unknown"):
        return None
    if arn.kind == "catalog":
        if resource_type == "rds":
            return None  # a SageMaker lakehouse target: valid, and ZE902 notes it
        redshift, rds = words.types["redshift_integration"], words.types["rds_integration"]
        return (f"{ARN_KIND_NAMES[arn.kind]}; {redshift} needs the namespace ARN",
                f"{redshift} targets a Redshift namespace; into a SageMaker lakehouse catalog, use "
                f"{rds} (Aurora/RDS sources) or {words.types['glue_integration']}.")
    if arn.kind in ("cluster", "instance"):
        return (f"{ARN_KIND_NAMES[arn.kind]}; {_NEEDED}",
                swapped(words, "Redshift namespace"))
    fix = _namespace_fix(arn, rulebook, deployment, integration)
    if arn.kind in ("workgroup", "redshift-cluster"):
        if arn.resource is None and arn.kind == "redshift-cluster":
            fix = "Use the cluster's namespace ARN (arn:aws:redshift:<region>:<account>:namespace:<id>), not its cluster ARN."
        return f"{ARN_KIND_NAMES[arn.kind]}; {_NEEDED}", fix
    if arn.kind == "not-arn" and arn.resource is not None:
        entry = rulebook.arn_attribute(arn.resource.aws_type)
        returns = entry.ref_returns if entry is not None else "a name"
        return f"which returns {returns}; {_NEEDED}", fix
    if arn.resource is not None:
        return f"which is not a namespace ARN; {_NEEDED}", fix
    if arn.text is not None:
        pattern = display_pattern(rulebook.integrations.target_arn_pattern.value)
        return f"which does not match the namespace ARN pattern {pattern}; {_NEEDED}", fix
    return f"which is not an ARN ({arn.explanation}); {_NEEDED}", fix
