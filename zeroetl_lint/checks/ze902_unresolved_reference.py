"""ZE902 unresolved-reference."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.artifacts.cfn_values import describe
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model import Deployment, Integration
from zeroetl_lint.project import Project
from zeroetl_lint.registry import rule
from zeroetl_lint.rulebook import Rulebook


@rule(code="ZE902", name="unresolved-reference", severity=Severity.INFO)
def unresolved_reference(project: Project) -> Iterator[Violation]:
    """Checks for references that cannot be resolved among the inputs, so some checks were skipped.

    ## What it does
    Reports, once per integration, everything a rule needed but could not see: an
    `Fn::ImportValue` with no matching `Export` among the templates of the run, a `Ref` to a
    parameter without a `Default`, a source cluster, parameter group or target defined outside the
    inputs, a computed `DataFilter`, a database the filter replicates whose schema SQL was not given
    while other databases' was (with no SQL at all, the report's summary says instead that no table
    was checked). The rules that need those objects stay silent rather than guess; this finding
    says what they skipped. It also says when the target is a SageMaker
    lakehouse catalog (an AWS Glue catalog ARN), to which the Redshift target checks (ZE3xx) do not
    apply.

    ## Why is this bad?
    It is not an error in the deployment, but a clean report only means something for what was
    checked. Lint all stacks of a deployment together so that exports resolve.

    ## Example
    ```yaml
    SourceArn: !ImportValue AuroraClusterArn   # no template of the run exports it
    ```

    ## How to fix
    Pass the template that defines the export (or give the parameter a `Default`) in the same run,
    e.g. `zeroetl-lint check infra/`.

    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-importvalue.html
    """
    yield from project.unresolved
    deployment = project.deployment
    for integration in deployment.integrations:
        gaps = [(text, _LINT_TOGETHER) for text in _gaps(deployment, integration, project.rulebook)]
        gaps += [(text, _LAKEHOUSE) for text in dict.fromkeys(_other_targets(integration))]
        gaps += [(text, _GIVE_SCHEMA) for text in _missing_schemas(project, integration)]
        if gaps:
            yield Violation(
                message=f"Integration {integration.label}: some checks were skipped: " + "; ".join(t for t, _ in gaps),
                fix=" ".join(dict.fromkeys(fix for _, fix in gaps)),
                location=integration.resource.location,
                object=integration.resource.object,
            )


_LINT_TOGETHER = "Lint every stack of the deployment in one run so that references resolve."
_LAKEHOUSE = ("For the lakehouse target, set up the catalog's resource policy and Lake Formation permissions "
              "as the SageMaker lakehouse guide describes; zeroetl-lint checks Redshift targets only.")
_GIVE_SCHEMA = "Give each replicated database's schema SQL, e.g. --schema DB=db/schema.sql, to check its tables."


def _missing_schemas(project: Project, integration: Integration) -> Iterator[str]:
    """Databases the integration's filter names for which no schema SQL was given."""
    if not project.schemas:
        return  # no SQL at all: the report's summary says the tables were not checked
    site = next((s for s in project.filters if s.integration is integration and s.text), None)
    if site is None or site.engine != "postgresql":
        return
    from zeroetl_lint.artifacts.data_filter_checks import included_databases
    from zeroetl_lint.checks._filters import parsed

    missing = [db for db in included_databases(parsed(site.text or "")) if db not in project.schemas]
    if missing:
        names = ", ".join(missing)
        yield (f"no schema SQL was given for database{'s' if len(missing) > 1 else ''} {names}, "
               "so its tables were not checked (ZE509, ZE6xx)")


def _other_targets(integration: Integration) -> Iterator[str]:
    """Valid targets that are not Redshift, so the ZE3xx rules do not apply to them."""
    if integration.resource_type != "rds":
        return  # AWS::Redshift::Integration takes a namespace only (ZE402)
    for arn in integration.targets:
        if arn.kind == "catalog":
            yield (f"TargetArn {arn.written} is a SageMaker lakehouse catalog (AWS Glue), not a Redshift "
                   "target, so the Redshift target checks (ZE3xx) were skipped")


def _gaps(deployment: Deployment, integration: Integration, rulebook: Rulebook) -> Iterator[str]:
    for role, arns in (("SourceArn", integration.sources), ("TargetArn", integration.targets)):
        for arn in arns:
            if arn.kind == "unknown":
                yield f"{role} is unresolved ({arn.explanation}), so {role[:6].lower()} checks were skipped"
            elif arn.kind in ("cluster", "instance", "namespace") and arn.resource is None:
                yield f"{role} {arn.written} names a resource that is not among the inputs"
    out_of_scope = rulebook.sources.out_of_scope_engines.values
    for source in deployment.integration_sources(integration):
        if source.engine_name in out_of_scope:
            yield f"source {source.label} runs {source.engine_name}, a zero-ETL source engine zeroetl-lint does not check"
        link = source.parameter_group
        if link.unknown is not None:
            yield f"the parameter group of {source.label} is unresolved ({link.unknown.reason})"
        elif link.group is None and link.name is not None and not link.name.startswith("default."):
            yield f"parameter group {link.name!r} of {source.label} is not among the inputs"
    for target in deployment.integration_targets(integration):
        if target.policy_unknown is not None:
            yield f"the resource policy of {target.label} is unresolved ({target.policy_unknown.reason})"
        if target.parameter_group is not None and target.parameter_group.unknown is not None:
            yield f"the parameter group of {target.label} is unresolved ({target.parameter_group.unknown.reason})"
        elif (target.parameter_group is not None and target.parameter_group.group is None
              and target.parameter_group.name is not None and not target.parameter_group.name.startswith("default.")):
            yield f"parameter group {target.parameter_group.name!r} of {target.label} is not among the inputs"
        if target.kind == "serverless" and not target.workgroups:
            # The workgroup may live in a stack that was not given; ZE304 stays silent then.
            yield f"no workgroup of {target.label} is among the inputs, so case sensitivity was not checked"
    if integration.data_filter is not None and integration.data_filter.text() is None:
        yield f"DataFilter is {describe(integration.data_filter.value)}, so filter checks were skipped"
