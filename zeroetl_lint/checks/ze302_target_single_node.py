"""ZE302 target-single-node."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.artifacts.cloudformation.template import branches
from zeroetl_lint.checks._targets import referenced_targets
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import rule


@rule(code="ZE302", name="target-single-node", severity=Severity.WARNING)
def target_single_node(project: Project) -> Iterator[Violation]:
    """Checks for provisioned RA3 Redshift targets with a single node.

    ## What it does
    For every provisioned RA3 `AWS::Redshift::Cluster` that an integration's `TargetArn` names,
    reports `ClusterType: single-node` or a `NumberOfNodes` below two (in any `Fn::If` branch).

    ## Why is this bad?
    The Aurora and RDS zero-ETL setup pages ask for "RA3 node type with at least two nodes"; the
    Redshift pages only say RA3. Because the documentation conflicts this is a warning: a
    single-node target may be refused, and is a poor home for continuous replication anyway.

    ## Example
    ```yaml
    Warehouse:
      Type: AWS::Redshift::Cluster
      Properties:
        NodeType: ra3.xlplus
        ClusterType: single-node
    ```

    ## How to fix
    Use `ClusterType: multi-node` with `NumberOfNodes: 2` or more, or a Redshift Serverless
    namespace.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.setting-up.html
    """
    facts = project.rulebook.targets
    minimum = facts.node_types.minimum_nodes
    allowed = tuple(prefix.lower() for prefix in facts.node_types.allowed_prefixes)
    single = facts.cluster_shape.single_node_cluster_type.lower()
    for target in referenced_targets(project.deployment):
        if target.kind != "provisioned" or target.node_type is None:
            continue
        node_types = [branch.text for branch in branches(target.node_type)]
        ra3 = [node for node in node_types if node is not None and node.lower().startswith(allowed)]
        if not ra3:
            continue  # not RA3 (ZE301) or unknown
        node = ra3[0]
        found = None
        if target.cluster_type is not None:
            for branch in branches(target.cluster_type):
                if (branch.text or "").lower() == single:
                    found = (target.cluster_type, branch, f"ClusterType is {branch.text!r}{branch.when}")
                    break
        if found is None and target.number_of_nodes is not None:
            for branch in branches(target.number_of_nodes):
                count = branch.text
                if count is not None and count.isdigit() and int(count) < minimum:
                    found = (target.number_of_nodes, branch, f"NumberOfNodes is {count}{branch.when}")
                    break
        if found is None:
            continue
        prop, branch, what = found
        yield Violation(
            message=(f"{what} on {target.label} ({node}); the zero-ETL setup pages ask for an RA3 cluster "
                     f"with at least {minimum} nodes"),
            fix=f"Use ClusterType: {facts.cluster_shape.multi_node_cluster_type} with NumberOfNodes: {minimum} or more on {target.resource.logical_id}.",
            location=branch.location,
            object=prop.object,
        )
