"""ZE901 parse-error."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.problems import ProblemKind
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import rule


@rule(code="ZE901", name="parse-error", severity=Severity.ERROR, reports=ProblemKind.UNREADABLE)
def parse_error(project: Project) -> Iterator[Violation]:
    """Checks for inputs that cannot be parsed.

    ## What it does
    Reports a template, Terraform file, SQL statement, filter file or config file that cannot be
    read: malformed YAML, JSON or HCL, duplicate mapping keys, YAML aliases that expand without
    bound, binary files, bytes that are neither UTF-8 nor UTF-16/UTF-32 with a byte-order mark (with
    their offset), text that is not SQL, or a SQL statement, column or constraint that cannot be
    read (named in the message). Linting goes on with everything else; a bad SQL statement is
    skipped, not the whole file, and a bad column or constraint only loses itself.

    ## Why is this bad?
    CloudFormation rejects a template it cannot parse, Terraform a configuration, and what
    zeroetl-lint cannot parse it cannot check: every other rule is blind to that file or statement.

    ## Example
    ```yaml
    Resources:
      ClusterParams:
        Type: AWS::RDS::DBClusterParameterGroup
        Type: AWS::RDS::DBParameterGroup   # duplicate key
    ```

    Terraform:
    ```hcl
    resource "aws_rds_cluster" "aurora" {
      engine_version =        # no value
    }
    ```

    ## How to fix
    Correct the syntax at the reported line and column.

    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
    """
    # Its findings are the run's recorded problems of this kind, which the engine reports; the model
    # holds nothing more for it to find.
    return iter(())
