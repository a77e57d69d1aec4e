"""ZE302 target-single-node."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE302", name="target-single-node", severity=Severity.WARNING, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "targets"),
      Read("target", "node_type"), Read("target", "cluster_type"),
      Read("target", "number_of_nodes"),))
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

    Terraform:
    ```hcl
    resource "aws_redshift_cluster" "warehouse" {
      node_type    = "ra3.xlplus"
      cluster_type = "single-node"
    }
    ```

    ## How to fix
    Use `ClusterType: multi-node` with `NumberOfNodes: 2` or more (Terraform: `cluster_type =
    "multi-node"`, `number_of_nodes = 2`), or a Redshift Serverless namespace.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.setting-up.html
    """
    facts = project.rulebook.targets
    minimum = facts.node_types.minimum_nodes
    allowed = tuple(prefix.lower() for prefix in facts.node_types.allowed_prefixes)
    single = facts.cluster_shape.single_node_cluster_type.lower()
    for target in project.deployment.targets_in_use:
        if (target.kind != "provisioned" or target.node_type is None or target.cluster_type is None
                or target.number_of_nodes is None):
            continue
        node_types = [branch.text for branch in target.node_type.branches]
        ra3 = [node for node in node_types if node is not None and node.lower().startswith(allowed)]
        if not ra3:
            continue  # not RA3 (ZE301) or unknown
        node = ra3[0]
        found = None
        shape, nodes = target.cluster_type, target.number_of_nodes
        for branch in shape.branches:
            if (branch.text or "").lower() == single:
                found = (shape, branch, f"{shape.name} is {branch.text!r}{branch.when}")
                break
        if found is None:
            for branch in nodes.branches:
                count = branch.text
                if count is not None and count.isdigit() and int(count) < minimum:
                    found = (nodes, branch, f"{nodes.name} is {count}{branch.when}")
                    break
        if found is None:
            continue
        prop, branch, what = found
        words = target.resource.vocabulary
        yield Violation(
            message=(f"{what} on {target.label} ({node}); the zero-ETL setup pages ask for an RA3 cluster "
                     f"with at least {minimum} nodes"),
            fix=(f"Use {words.assign(shape.name, words.literal(facts.cluster_shape.multi_node_cluster_type))} with "
                 f"{words.assign(nodes.name, str(minimum))} or more on {target.resource.logical_id}."),
            location=branch.location,
            object=prop.object,
        )
