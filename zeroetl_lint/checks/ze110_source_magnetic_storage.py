"""ZE110 source-magnetic-storage."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE110", name="source-magnetic-storage", severity=Severity.ERROR, needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),))
def source_magnetic_storage(project: Project) -> Iterator[Violation]:
    """Checks for RDS for MySQL sources on magnetic storage.

    ## What it does
    Reports `StorageType: standard` (magnetic storage) on an RDS for MySQL instance that an
    integration uses as its source. Each `Fn::If` branch is checked; a missing `StorageType`
    is fine (RDS picks general purpose SSD, or `io1` with `Iops`).

    ## Why is this bad?
    RDS cannot create an integration for a source database that uses magnetic storage.

    ## Example
    ```yaml
    OrdersDatabase:
      Type: AWS::RDS::DBInstance
      Properties:
        Engine: mysql
        StorageType: standard
    ```

    Terraform:
    ```hcl
    resource "aws_db_instance" "orders" {
      engine       = "mysql"
      storage_type = "standard"
    }
    ```

    ## How to fix
    Move the instance to SSD storage (`StorageType: gp3`, Terraform `storage_type = "gp3"`), which
    RDS can do in place, before creating the integration.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/zero-etl.html
    """
    facts = project.rulebook.sources.magnetic_storage
    for source in project.deployment.sources_in_use:
        prop = source.storage_type
        if prop is None or not prop.present or source.engine_name not in facts.engines:
            continue
        for branch in prop.branches:
            if not isinstance(branch.value, str) or branch.value.lower() not in facts.storage_types:
                continue
            yield Violation(
                message=(f"{prop.name} of {source.label} is {branch.written}{branch.when}, magnetic storage; "
                         "zero-ETL cannot use a source database on magnetic storage"),
                fix=f"Set {prop.name} of {source.resource.logical_id} to gp3 (or gp2, io1, io2).",
                location=branch.location,
                object=prop.object,
            )
