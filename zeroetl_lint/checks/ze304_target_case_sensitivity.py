"""ZE304 target-case-sensitivity."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from zeroetl_lint.model.conditions import describe_branches, removed_where
from zeroetl_lint.model.values import Branch, Field
from zeroetl_lint.findings import Applicability, Fix, Location, Related, Severity, Violation
from zeroetl_lint.model.edits import offer
from zeroetl_lint.model.deployment import Entity, Target
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Read, rule
from zeroetl_lint.rulebook import Rulebook


@dataclass(frozen=True, slots=True)
class _Miss:
    """Why one place does not turn case sensitivity on."""

    message: str
    fix: str
    location: Location
    object: str
    related: tuple[Related, ...] = ()
    fixes: tuple[Fix, ...] = ()


@rule(code="ZE304", name="target-case-sensitivity",
      severity=Severity.ERROR, fixes=(Applicability.SAFE,), needs=Need.DEPLOYMENT,
      reads=(Read("integration", "targets"),
      Read("target_group", "case_sensitivity"), Read("workgroup", "case_sensitivity"),))
def target_case_sensitivity(project: Project) -> Iterator[Violation]:
    """Checks for Redshift targets that do not turn on case-sensitive identifiers.

    ## What it does
    For a Redshift Serverless namespace that an integration targets, looks at the workgroups of
    the namespace (joined by `NamespaceName`): one of them must set
    `enable_case_sensitive_identifier` to `true` in `ConfigParameters`. For a provisioned cluster,
    the cluster must use a custom `AWS::Redshift::ClusterParameterGroup` that sets the parameter to
    `true`. Every `Fn::If` branch of the value is checked; a branch that removes the parameter,
    `ConfigParameters` or `ClusterParameterGroupName` (`!Ref AWS::NoValue`) while an integration
    into the target exists leaves the default `false`. When the workgroup or parameter group is
    not among the inputs, the rule stays silent and ZE902 says so.

    ## Why is this bad?
    `enable_case_sensitive_identifier` is `false` by default on every workgroup and cluster, and
    zero-ETL refuses to create (or fails) an integration into a target without it.

    ## Example
    ```yaml
    Workgroup:
      Type: AWS::RedshiftServerless::Workgroup
      Properties:
        NamespaceName: !Ref Namespace
        ConfigParameters:
          - ParameterKey: enable_case_sensitive_identifier
            ParameterValue: "false"
    ```

    Terraform:
    ```hcl
    resource "aws_redshiftserverless_workgroup" "wg" {
      namespace_name = aws_redshiftserverless_namespace.ns.namespace_name
      config_parameter {
        parameter_key   = "enable_case_sensitive_identifier"
        parameter_value = "false"
      }
    }
    ```

    ## How to fix
    Serverless: add `{ParameterKey: enable_case_sensitive_identifier, ParameterValue: "true"}` to
    the workgroup's `ConfigParameters`. Provisioned: create a cluster parameter group (family
    `redshift-1.0`) with `{ParameterName: enable_case_sensitive_identifier, ParameterValue: "true"}`,
    set it as `ClusterParameterGroupName`, and reboot the cluster if it already exists. Terraform:
    a `config_parameter` block with `parameter_key = "enable_case_sensitive_identifier"` and
    `parameter_value = "true"` in the `aws_redshiftserverless_workgroup`; for a provisioned
    cluster, a `parameter` block with `name` and `value = "true"` in an
    `aws_redshift_parameter_group` named in `cluster_parameter_group_name`.

    ## Fix safety
    Safe (`--fix`): a wrong `ParameterValue` becomes `"true"`; a missing entry is added to the
    workgroup's `ConfigParameters` (or the cluster parameter group's `Parameters`) as one more list
    item in the list's style, and the list is created when absent (in Terraform, one more
    `config_parameter` or `parameter` block). A provisioned cluster needs a
    reboot afterwards. A cluster on a default parameter group has no fix: a new group resource
    is a design decision.

    ## References
    - https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl-setting-up.case-sensitivity.html
    """
    rulebook = project.rulebook
    deployment = project.deployment
    for target in deployment.targets_in_use:
        removed = partial(_removed, tuple(integration.resource for integration in deployment.integrations_with(target)))
        misses = (_serverless(target, rulebook, removed) if target.kind == "serverless"
                  else _provisioned(target, rulebook, removed))
        for miss in misses:
            yield Violation(miss.message, miss.fix, miss.location, miss.object, miss.related, fixes=miss.fixes)


def _removed(users: tuple[Entity, ...], prop: Field) -> bool:
    """Can an Fn::If branch remove prop while an integration into the target (one of users) exists?"""
    return any(removed_where(prop, exists=user) is True for user in users)


def _value_miss(prop: Field, rulebook: Rulebook) -> tuple[bool | None, Branch | None]:
    """(True, None) when every branch is the required value, (False, branch) when one is not, (None, None) unknown."""
    required = rulebook.targets.case_sensitivity.value.lower()
    found = prop.branches
    wrong = next((branch for branch in found if branch.text is not None and branch.text.lower() != required), None)
    if wrong is not None:
        return False, wrong
    return (None, None) if any(branch.text is None for branch in found) else (True, None)


def _serverless(target: Target, rulebook: Rulebook, removed: Callable[[Field], bool]) -> list[_Miss]:
    facts = rulebook.targets.case_sensitivity
    misses: list[_Miss] = []
    for workgroup in target.workgroups:
        name = workgroup.resource.label
        words = workgroup.resource.vocabulary
        wanted = (("key", facts.parameter), ("value", f'"{facts.value}"'))
        fix = (f"Add {words.entry('config_parameters', wanted)} to "
               f"{words.into('config_parameters', workgroup.resource.logical_id)}.")
        config = words.name("config_parameters")
        role = "" if target.intended else ", the integration's target"
        related = (Related(target.resource.location, f"namespace {target.label}{role}"),)
        value = workgroup.config.get(facts.parameter)
        editor = workgroup.resource.editor()
        title = f'Set {facts.parameter} to "{facts.value}" in {workgroup.resource.logical_id}'
        entry = {"ParameterKey": facts.parameter, "ParameterValue": facts.value}
        if value is not None:
            ok, found = _value_miss(value, rulebook)
            if ok is True and removed(value):
                misses.append(_Miss(
                    f"{facts.parameter} is removed (AWS::NoValue) from workgroup {name} of namespace {target.label} "
                    f"{describe_branches(value.absent_when)}, so it then keeps its default ({facts.default}); "
                    f"zero-ETL requires {facts.value!r}",
                    f"Set {facts.parameter} to \"{facts.value}\" in {workgroup.resource.logical_id} in every Fn::If branch.",
                    value.removal_location, value.object, related))
                continue
            if ok is not False:
                return []  # on in this workgroup, or cannot be told
            misses.append(_Miss(
                f"{facts.parameter} is {found.text!r}{found.when} in workgroup {name} of namespace {target.label}; "
                f"zero-ETL requires {facts.value!r}",
                f"Set the {words.name('config_parameters.value')} of {facts.parameter} to \"{facts.value}\" in "
                f"{workgroup.resource.logical_id}.",
                found.location, value.object, related, offer(title, editor.replace(found.location, facts.value))))
        elif not workgroup.readable:
            return []  # a computed list or key may set it
        elif not workgroup.config_prop.present:
            misses.append(_Miss(
                f"Workgroup {name} of namespace {target.label} has no {config}, so {facts.parameter} "
                f"keeps its default ({facts.default}); zero-ETL requires {facts.value!r}",
                fix, workgroup.resource.location, workgroup.resource.object, related,
                offer(title, editor.put(workgroup.config_prop.object, [entry]))))
        else:
            misses.append(_Miss(
                f"{config[0].upper()}{config[1:]} of workgroup {name} (namespace {target.label}) do not set "
                f"{facts.parameter}, "
                f"so it keeps its default ({facts.default}); zero-ETL requires {facts.value!r}",
                fix, workgroup.config_prop.key_location, workgroup.config_prop.object, related,
                offer(title, editor.append(workgroup.config_prop.object, entry))))
    return misses


def _provisioned(target: Target, rulebook: Rulebook, removed: Callable[[Field], bool]) -> list[_Miss]:
    facts = rulebook.targets.case_sensitivity
    link = target.parameter_group
    if link is None or link.unknown is not None:
        return []
    words = target.resource.vocabulary
    wanted = (("key", facts.parameter), ("value", f'"{facts.value}"'))
    group_name = link.prop.name
    group_fix = (f"Give {target.resource.logical_id} a {group_name} that names an "
                 f"{words.types['redshift_parameter_group']} with {words.entry('redshift_parameters', wanted)}, "
                 "then reboot the cluster.")
    if not link.prop.present:
        return [_Miss(
            f"{target.label} has no {group_name}, so it uses the default parameter group, where "
            f"{facts.parameter} is {facts.default}; zero-ETL requires {facts.value!r}",
            group_fix, target.resource.location, target.resource.object)]
    if removed(link.prop):
        return [_Miss(
            f"{group_name} of {target.label} is removed (AWS::NoValue) "
            f"{describe_branches(link.prop.absent_when)}, so it then uses the default parameter group, where "
            f"{facts.parameter} is {facts.default}; zero-ETL requires {facts.value!r}",
            group_fix, link.prop.removal_location, link.prop.object)]
    if link.group is None:
        default = rulebook.targets.default_parameter_group.prefix.lower()
        if link.name is not None and link.name.lower().startswith(default):
            return [_Miss(
                f"{target.label} uses the default parameter group {link.name!r}, which cannot be edited and has "
                f"{facts.parameter} {facts.default}; zero-ETL requires {facts.value!r}",
                group_fix, link.prop.location, link.prop.object)]
        return []  # a group outside the inputs: ZE902 reports it
    group = link.group
    related = (Related(link.prop.location, f"the parameter group of {target.label}"),)
    value = group.parameters.get(facts.parameter)
    editor = group.resource.editor()
    title = (f'Set {facts.parameter} to "{facts.value}" in {group.resource.logical_id} '
             f"(then reboot {target.resource.logical_id})")
    fix = (f"Add {words.entry('redshift_parameters', wanted)} to "
           f"{words.into('redshift_parameters', group.resource.logical_id)} and reboot {target.resource.logical_id}.")
    if value is not None:
        ok, found = _value_miss(value, rulebook)
        if ok is True and removed(value):
            return [_Miss(
                f"{facts.parameter} is removed (AWS::NoValue) from {group.resource.label}, the parameter group of "
                f"{target.label}, {describe_branches(value.absent_when)}, so it then keeps its default "
                f"({facts.default}); zero-ETL requires {facts.value!r}",
                f"Set {facts.parameter} to \"{facts.value}\" in {group.resource.logical_id} in every Fn::If branch "
                f"and reboot {target.resource.logical_id}.",
                value.removal_location, value.object, related)]
        if ok is not False:
            return []
        return [_Miss(
            f"{facts.parameter} is {found.text!r}{found.when} in {group.resource.label}, the parameter group of "
            f"{target.label}; zero-ETL requires {facts.value!r}",
            f"Set the {words.name('redshift_parameters.value')} of {facts.parameter} to \"{facts.value}\" in "
            f"{group.resource.logical_id} "
            f"and reboot {target.resource.logical_id}.",
            found.location, value.object, related, offer(title, editor.replace(found.location, facts.value)))]
    if not group.readable:
        return []
    where = group.parameters_prop
    return [_Miss(
        f"Parameter group {group.resource.label} of {target.label} does not set {facts.parameter}, so it keeps "
        f"its default ({facts.default}); zero-ETL requires {facts.value!r}",
        fix,
        where.key_location if where.present else group.resource.location,
        where.object if where.present else group.resource.object,
        related,
        offer(title, editor.append(where.object, {"ParameterName": facts.parameter, "ParameterValue": facts.value})))]
