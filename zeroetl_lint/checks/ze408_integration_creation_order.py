"""ZE408 integration-creation-order."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.artifacts.cloudformation.template import Resource, Template
from zeroetl_lint.checks._targets import DependencyGraph, entry_location
from zeroetl_lint.findings import Applicability, Fix, Related, Severity, Violation
from zeroetl_lint.model.deployment import Integration
from zeroetl_lint.model.edits import offer
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import rule


@rule(code="ZE408", name="integration-creation-order", severity=Severity.WARNING, fixes=(Applicability.SAFE, Applicability.UNSAFE))
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
    Add `DependsOn: [AuroraWriter, Workgroup]` to the integration.

    ## Fix safety
    Safe (`--fix`) when the integration has no `DependsOn` (one is added, as a list) or has a list
    (the missing names are appended in its style). Unsafe (`--unsafe-fixes`) when `DependsOn` is a
    single name: it is rewritten as a list of that name and the missing ones.

    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.setting-up.html
    """
    deployment = project.deployment
    graphs: dict[int, DependencyGraph] = {}
    for integration in deployment.integrations:
        template = integration.resource.template
        graph = graphs.setdefault(id(template), DependencyGraph(template))
        missing: list[tuple[str, tuple[Resource, ...]]] = []
        for source in deployment.integration_sources(integration):
            instances = (source.resource,) if source.kind == "instance" else source.instances
            if _waits_for_none(integration, graph, template, instances):
                what = "its source instance" if source.kind == "instance" else f"any DB instance of {source.label}"
                missing.append((f"{what}, so it may start before the cluster has an available instance"
                                if source.kind == "cluster" else f"{what}, so it may start before the instance is available",
                                _local(template, instances)))
        for target in deployment.integration_targets(integration):
            workgroups = tuple(workgroup.resource for workgroup in target.workgroups)
            if _waits_for_none(integration, graph, template, workgroups):
                missing.append((f"any workgroup of {target.label}, so it may start before case sensitivity is set",
                                _local(template, workgroups)))
        if not missing:
            continue
        needed = list(dict.fromkeys(resource.logical_id for _, resources in missing for resource in resources[:1]))
        has_depends_on = bool(integration.resource.depends_on)
        words = integration.resource.vocabulary
        depends_on, listed = words.name("depends_on"), ", ".join(needed)
        yield Violation(
            message=f"{integration.label} does not depend on " + "; nor on ".join(reason for reason, _ in missing),
            fix=(f"Add {listed} to the {depends_on} of {integration.resource.logical_id}." if has_depends_on
                 else f"Add {words.assign(depends_on, f'[{listed}]')} to {integration.resource.logical_id}."),
            location=entry_location(integration.resource, "DependsOn"),
            object=f"{integration.resource.object}/DependsOn" if has_depends_on else integration.resource.object,
            related=tuple(Related(resource.location, f"{resource.label} is created independently")
                          for _, resources in missing for resource in resources),
            fixes=_depend(integration.resource, needed),
        )


def _depend(resource: Resource, needed: list[str]) -> tuple[Fix, ...]:
    """DependsOn gains the resources: safe when it is absent or a list; a single name becomes a list (unsafe)."""
    editor = resource.editor()
    title = f"Add {', '.join(needed)} to the {resource.vocabulary.name('depends_on')} of {resource.logical_id}"
    written, where = resource.body.get("DependsOn"), f"{resource.object}/DependsOn"
    if written is None:
        return offer(title, editor.put(where, needed))
    if isinstance(written, list):
        return offer(title, editor.append(where, *needed))
    if isinstance(written, str):
        return offer(title + " (its single name becomes a list)", editor.put(where, [written, *needed]),
                     Applicability.UNSAFE)
    return ()


def _local(template: Template, resources: tuple[Resource, ...]) -> tuple[Resource, ...]:
    return tuple(resource for resource in resources if resource.template is template)


def _waits_for_none(integration: Integration, graph: DependencyGraph, template: Template,
                    resources: tuple[Resource, ...]) -> bool:
    """True when some of the resources share the template and the integration waits for none of them."""
    local = _local(template, resources)
    if not local:
        return False  # other stacks: stack order (exports) decides, not DependsOn
    return not any(graph.depends_on(integration.resource.logical_id, resource.logical_id) for resource in local)
