"""ZE408 integration-creation-order."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Applicability, Fix, Related, Severity, Violation
from zeroetl_lint.model.dependencies import CreationOrder
from zeroetl_lint.model.deployment import Entity
from zeroetl_lint.model.edits import offer
from zeroetl_lint.model.project import Project
from zeroetl_lint.model.values import Field
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE408", name="integration-creation-order",
      severity=Severity.WARNING, fixes=(Applicability.SAFE, Applicability.UNSAFE), needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),
      Read("integration", "targets"),))
def integration_creation_order(project: Project) -> Iterator[Violation]:
    """Checks for integrations that CloudFormation may create before their source instance or target workgroup.

    ## What it does
    When an integration is in the same template as a DB instance of its source cluster (or its
    source instance) or as a workgroup of its target namespace, checks that the integration waits
    for one of them: through `DependsOn` or through `Ref`, `Fn::GetAtt` and `Fn::Sub` references,
    directly or via other resources of the template.

    ## Why is this bad?
    CloudFormation creates resources in parallel unless a dependency orders them. An integration
    that only references the cluster and the namespace can start before the cluster has an
    available instance, or before the workgroup that turns case sensitivity on exists, and fails.

    ## Example
    ```yaml
    Integration:
      Type: AWS::RDS::Integration
      Properties:
        SourceArn: !GetAtt Aurora.DBClusterArn                  # Aurora's instance: no dependency
        TargetArn: !GetAtt Namespace.Namespace.NamespaceArn     # the workgroup: no dependency
    ```

    Terraform:
    ```hcl
    resource "aws_rds_integration" "this" {
      source_arn = aws_rds_cluster.aurora.arn                 # no depends_on the cluster instance
      target_arn = aws_redshiftserverless_namespace.ns.arn    # nor on the workgroup
    }
    ```

    ## How to fix
    Add `DependsOn: [AuroraWriter, Workgroup]` to the integration (Terraform: `depends_on =
    [aws_rds_cluster_instance.writer, aws_redshiftserverless_workgroup.wg]`).

    ## Fix safety
    Safe (`--fix`) when the integration has no `DependsOn` (one is added, as a list) or has a list
    (the missing names are appended in its style). Unsafe (`--unsafe-fixes`) when `DependsOn` is a
    single name: it is rewritten as a list of that name and the missing ones. In Terraform, safe:
    `depends_on = [...]` is added as the block's last argument, or the missing resources are added to
    the list written (one line, or one per line with trailing commas); another expression gets no fix.

    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.setting-up.html
    """
    deployment = project.deployment
    order = deployment.creation_order
    for integration in deployment.integrations:
        resource = integration.resource
        missing: list[tuple[str, tuple[Entity, ...]]] = []
        for source in deployment.integration_sources(integration):
            instances = (source.resource,) if source.kind == "instance" else source.instances
            if _waits_for_none(order, resource, instances):
                what = "its source instance" if source.kind == "instance" else f"any DB instance of {source.label}"
                missing.append((f"{what}, so it may start before the cluster has an available instance"
                                if source.kind == "cluster" else f"{what}, so it may start before the instance is available",
                                _local(resource, instances)))
        for target in deployment.integration_targets(integration):
            workgroups = tuple(workgroup.resource for workgroup in target.workgroups)
            if _waits_for_none(order, resource, workgroups):
                missing.append((f"any workgroup of {target.label}, so it may start before case sensitivity is set",
                                _local(resource, workgroups)))
        own = order.of(resource)
        if not missing or own is None:
            continue
        needed = list(dict.fromkeys(entity.logical_id for _, entities in missing for entity in entities[:1]))
        listed, names = own.listed, ", ".join(needed)
        yield Violation(
            message=f"{integration.label} does not depend on " + "; nor on ".join(reason for reason, _ in missing),
            fix=(f"Add {names} to the {listed.name} of {resource.logical_id}." if own.names
                 else f"Add {resource.vocabulary.assign(listed.name, f'[{names}]')} to {resource.logical_id}."),
            location=listed.location,
            object=listed.object if own.names else resource.object,
            related=tuple(Related(entity.location, f"{entity.label} is created independently")
                          for _, entities in missing for entity in entities),
            fixes=_depend(resource, listed, needed),
        )


def _depend(resource: Entity, listed: Field, needed: list[str]) -> tuple[Fix, ...]:
    """The explicit list gains the resources: safe when it is absent or a list; a single name becomes a list (unsafe)."""
    editor = resource.editor()
    title = f"Add {', '.join(needed)} to the {listed.name} of {resource.logical_id}"
    if listed.value is None:
        return offer(title, editor.put(listed.object, needed))
    if isinstance(listed.value, list):
        return offer(title, editor.append(listed.object, *needed))
    if isinstance(listed.value, str):
        return offer(title + " (its single name becomes a list)", editor.put(listed.object, [listed.value, *needed]),
                     Applicability.UNSAFE)
    return ()


def _local(resource: Entity, others: tuple[Entity, ...]) -> tuple[Entity, ...]:
    return tuple(other for other in others if other.stack is resource.stack)


def _waits_for_none(order: CreationOrder, resource: Entity, others: tuple[Entity, ...]) -> bool:
    """True when some of the others share the resource's stack and it waits for none of them."""
    local = _local(resource, others)
    if not local:
        return False  # other stacks: stack order (exports) decides, not an explicit dependency
    return not any(order.waits_for(resource, other) for other in local)
