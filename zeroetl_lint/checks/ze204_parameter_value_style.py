"""ZE204 parameter-value-style."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._phrasing import group_label, once
from zeroetl_lint.rulebook.sources import spelling_problem
from zeroetl_lint.findings import Applicability, Severity, Violation
from zeroetl_lint.model.edits import offer
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule


@rule(code="ZE204", name="parameter-value-style",
      severity=Severity.WARNING, fixes=(Applicability.SAFE,), needs=Need.DEPLOYMENT,
      reads=(Read("integration", "sources"),
      Read("source", "engine"),
      Read("source_group", "parameters"),))
def parameter_value_style(project: Project) -> Iterator[Violation]:
    """Checks for required parameters written with the right meaning in a risky spelling.

    ## What it does
    Reports a required replication parameter of an integration source whose value means the
    right thing but is not spelled the way AWS documents it: a YAML or JSON boolean
    (`true`, `false`, and in YAML `on`, `off`, `yes`, `no` unquoted), a synonym such as `"on"` for
    `1`, a number written as `"1.0"` or `01`, or the wrong case (`row` for `ROW`, `FULL` for
    `full`). `1` and `"1"` are both fine. Wrong meanings are ZE202's.

    ## Why is this bad?
    CloudFormation turns a boolean into the text `true`/`false`, which a parameter whose allowed
    values are `0` and `1` may reject, and which hides what was meant; unquoted `OFF` in YAML is
    not the text `OFF` at all. RDS validates parameter values against the documented spelling, so
    a value that the engine itself would accept can still fail the stack.

    ## Example
    ```yaml
    Parameters:
      rds.logical_replication: true      # write 1
      binlog_format: row                 # write ROW
    ```

    Terraform:
    ```hcl
    parameter {
      name  = "rds.logical_replication"
      value = "true"                     # write 1
    }
    ```

    ## How to fix
    Write the documented value, quoted when YAML could read it as something else:
    `rds.logical_replication: "1"`, `binlog_format: ROW`, `binlog_transaction_compression: "OFF"`.

    ## Fix safety
    Safe (`--fix`): the value becomes the documented spelling (`true` -> `1`, `"1.0"` -> `"1"`,
    `row` -> `ROW`), quoted when YAML would otherwise read it as something else, keeping the
    original quotes otherwise. The meaning does not change, so no reboot is needed.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.setting-up.html
    - https://yaml.org/type/bool.html
    """
    yield from once(_violations(project))


def _violations(project: Project) -> Iterator[Violation]:
    words = project.rulebook.sources.boolean_words
    for source in project.deployment.sources_in_use:
        group = source.parameter_group.group
        if source.facts is None or group is None or not group.readable:
            continue
        for fact in source.facts.parameters:
            for branch in group.parameter(fact.name).branches:
                problem = spelling_problem(fact, branch, words)
                if problem is None:
                    continue
                why, spelling = problem
                fix = (f'Write {fact.name} as "{spelling}" in {group.resource.label}.' if spelling is not None
                       else f"Quote the value of {fact.name} in {group.resource.label} so that it stays text.")
                yield Violation(
                    message=f"{fact.name} is written as {branch.written}{branch.when} in {group_label(group, source)}, {why}",
                    fix=fix,
                    location=branch.location,
                    object=group.parameter(fact.name).object,
                    fixes=offer(f"Write {fact.name} as {spelling} in {group.resource.logical_id}",
                                group.resource.editor().replace(branch.location, spelling))
                    if spelling is not None else (),
                )
