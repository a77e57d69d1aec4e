"""ZE301 target-node-type."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE301", name="target-node-type", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "targets"),
      Read("target", "node_type"),))
def target_node_type(project: Project) -> Iterator[Violation]:
    """Checks for provisioned Redshift targets whose node type cannot receive zero-ETL integrations.

    ## What it does
    For every provisioned `AWS::Redshift::Cluster` that an integration's `TargetArn` names, checks
    each possible `NodeType` (every `Fn::If` branch). Anything but an RA3 node type (`ra3.*`) is an
    error; `rg.*` (`rg.large`, `rg.xlarge`, `rg.4xlarge`, `rg.12xlarge`), which the API accepts
    but no zero-ETL page mentions, is a warning.

    ## Why is this bad?
    Zero-ETL integrations need a Redshift Serverless namespace or a provisioned RA3 cluster. With a
    DC2 cluster as target, `CreateIntegration` fails after the rest of the stack has deployed.

    ## Example
    ```yaml
    Warehouse:
      Type: AWS::Redshift::Cluster
      Properties:
        NodeType: dc2.large
    ```

    Terraform:
    ```hcl
    resource "aws_redshift_cluster" "warehouse" {
      node_type = "dc2.large"
    }
    ```

    ## How to fix
    Use an RA3 node type (`ra3.large`, `ra3.xlplus`, `ra3.4xlarge`, `ra3.16xlarge`), or a Redshift
    Serverless namespace.

    ## References
    - https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl.reqs-lims.html
    """
    facts = project.rulebook.targets
    allowed = tuple(prefix.lower() for prefix in facts.node_types.allowed_prefixes)
    doubtful = tuple(prefix.lower() for prefix in facts.unverified_node_types.prefixes)
    wanted = " or ".join(f"{prefix}*" for prefix in facts.node_types.allowed_prefixes)
    for target in project.deployment.targets_in_use:
        prop = target.node_type
        if target.kind != "provisioned" or prop is None or not prop.present:
            continue
        for branch in prop.branches:
            node_type = branch.text
            if node_type is None or node_type.lower().startswith(allowed):
                continue
            unverified = node_type.lower().startswith(doubtful)
            yield Violation(
                message=(f"{prop.name} of {target.label} is {node_type!r}{branch.when}; zero-ETL needs an RA3 node type "
                         f"({wanted})" + (", and no zero-ETL page lists this node type" if unverified else "")),
                fix=f"Set {prop.name} to an RA3 node type ({wanted}), or use a Redshift Serverless namespace.",
                location=branch.location,
                object=prop.object,
                severity=Severity.WARNING if unverified else None,
            )
