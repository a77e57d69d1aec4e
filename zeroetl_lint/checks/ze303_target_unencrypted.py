"""ZE303 target-unencrypted."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE303", name="target-unencrypted", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "targets"),
      Read("target", "encrypted"),))
def target_unencrypted(project: Project) -> Iterator[Violation]:
    """Checks for provisioned Redshift targets that are explicitly unencrypted.

    ## What it does
    For every provisioned `AWS::Redshift::Cluster` that an integration's `TargetArn` names, reports
    an `Encrypted: false` (in any `Fn::If` branch). An absent `Encrypted` is accepted: new clusters
    are encrypted by default.

    ## Why is this bad?
    A zero-ETL target must be encrypted. An integration into an unencrypted cluster fails to
    create, and current API versions reject `Encrypted: false` for new clusters outright.

    ## Example
    ```yaml
    Warehouse:
      Type: AWS::Redshift::Cluster
      Properties:
        Encrypted: false
    ```

    Terraform:
    ```hcl
    resource "aws_redshift_cluster" "warehouse" {
      encrypted = false
    }
    ```

    ## How to fix
    Set `Encrypted: true` (optionally with `KmsKeyId`; Terraform: `encrypted = true`, `kms_key_id`),
    or remove the property.

    ## References
    - https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl.reqs-lims.html
    """
    if not project.rulebook.targets.encryption.required:
        return
    for target in project.deployment.targets_in_use:
        prop = target.encrypted
        if target.kind != "provisioned" or prop is None or not prop.present:
            continue
        for branch in prop.branches:
            if (branch.text or "").lower() == "false":
                yield Violation(
                    message=(f"{prop.name} is {branch.text}{branch.when} on {target.label}; a zero-ETL target must be "
                             "encrypted"),
                    fix=(f"Set {target.resource.vocabulary.assign(prop.name, 'true')} on {target.resource.logical_id} "
                         "(or remove it: new clusters are encrypted by default)."),
                    location=branch.location,
                    object=prop.object,
                )
                break
