"""ZE902 unresolved-reference."""

from __future__ import annotations

from collections.abc import Iterator

from dataclasses import fields as dataclass_fields
from typing import Any

from zeroetl_lint.checks._live import live_sources
from zeroetl_lint.checks._phrasing import policies_label
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.deployment import Deployment, Integration, Source, Target
from zeroetl_lint.model.iam import (
    SOURCE_KINDS,
    target_allows_principal,
    target_authorizes_source,
    unread_reasons,
)
from zeroetl_lint.model.problems import ProblemKind
from zeroetl_lint.model.project import Project
from zeroetl_lint.model.values import Field, Unknown, describe
from zeroetl_lint.registry import rule
from zeroetl_lint.rulebook import Rulebook


@rule(code="ZE902", name="unresolved-reference", severity=Severity.INFO, reports=ProblemKind.UNRESOLVED)
def unresolved_reference(project: Project) -> Iterator[Violation]:
    """Checks for references that cannot be resolved among the inputs, so some checks were skipped.

    ## What it does
    Reports, once per integration, everything a rule needed but could not see: an
    `Fn::ImportValue` with no matching `Export` among the templates of the run (or one that export
    names with `${AWS::StackName}` match more than once), a `Ref` to a parameter without a
    `Default` or an `Fn::FindInMap` keyed on the Region wherever a rule reads the value (the
    source's `Engine`, `EngineVersion`, `EngineMode`, backup and Backtrack settings, the required
    parameters, the target's node type, encryption and case sensitivity), a source cluster,
    parameter group or target defined outside the inputs, a resource policy that cannot be read or
    whose verdict cannot be decided (ZE305/ZE306 stay silent then, and this says why: for instance a
    literal `aws:SourceArn` against a source whose identifier CloudFormation generates), a computed
    `DataFilter`, a database the filter replicates whose schema SQL was not given while other
    databases' was (with no SQL at all, the report's summary says instead that no table was
    checked). The rules that need those objects stay silent rather than guess; this finding says
    what they skipped. It also says when the target is a SageMaker
    lakehouse catalog (an AWS Glue catalog ARN), to which the Redshift target checks (ZE3xx) do not
    apply, when a source is a read replica whose primary (and so its engine) is not among the
    inputs, and when a custom resource backed by a Lambda function is given a source and a target
    ARN: it creates an integration with code the inputs do not contain, which cannot be checked (a
    CDK `AwsCustomResource` calling `rds:CreateIntegration` is checked like an
    `AWS::RDS::Integration`, and one calling `redshift:PutResourcePolicy` counts as the target's
    resource policy). For a live source database (`--schema DB=postgresql://...`) it says what
    the server did not tell: a replication parameter `SHOW` does not answer, an engine that neither
    an integration nor the server reveals (so ZE101/ZE202 compared nothing), or a part of the
    catalog the user may not read.

    ## Why is this bad?
    It is not an error in the deployment, but a clean report only means something for what was
    checked. Lint all stacks of a deployment together so that exports resolve.

    ## Example
    ```yaml
    SourceArn: !ImportValue AuroraClusterArn   # no template of the run exports it
    ```

    Terraform:
    ```hcl
    resource "aws_rds_integration" "this" {
      source_arn = module.aurora.cluster_arn   # a registry module: not read
    }
    ```

    ## How to fix
    Pass the template that defines the export (or give the parameter a `Default`) in the same run,
    e.g. `zeroetl-lint check infra/`.

    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-importvalue.html
    """
    yield from _live_settings(project)
    deployment = project.deployment
    for integration in deployment.integrations:
        words = integration.resource.vocabulary
        together = words.name("lint_together")
        gaps = [(text, together) for text in _gaps(deployment, integration, project.rulebook)]
        gaps += [(text, words.name("resolve")) for text in _unresolved_values(deployment, integration,
                                                                              project.rulebook)]
        gaps += [(text, fix or together) for text, fix in _undecided_policies(deployment, integration,
                                                                            project.rulebook)]
        gaps += [(text, _LAKEHOUSE) for text in dict.fromkeys(_other_targets(integration))]
        gaps += [(text, _GIVE_SCHEMA) for text in _missing_schemas(project, integration)]
        if gaps:
            yield Violation(
                message=f"Integration {integration.label}: some checks were skipped: " + "; ".join(t for t, _ in gaps),
                fix=" ".join(dict.fromkeys(fix for _, fix in gaps)),
                location=integration.resource.location,
                object=integration.resource.object,
            )
    for opaque in deployment.opaque_integrations:
        named = ", ".join(dict.fromkeys(arn.written for arn in (*opaque.sources, *opaque.targets)))
        yield Violation(
            message=(f"{opaque.resource.type} {opaque.label} is given a source and a target ({named}), so it "
                     "appears to create a zero-ETL integration with code that is not among the inputs (its Lambda "
                     "function): the integration could not be checked"),
            fix=("Create the integration with AWS::RDS::Integration (or a CDK AwsCustomResource calling "
                 "rds:CreateIntegration) so that it can be checked, and set the target's resource policy the same "
                 "way."),
            location=opaque.resource.location,
            object=opaque.resource.object,
        )


_READABLE_POLICY = ("Write the resource policy so that it can be decided statically, as in AWS's setup: a literal "
                    "Effect and Action, Principal {principal} in the source statement, and aws:SourceArn "
                    "naming the source as the integration does ({same}) or a source with a literal identifier.")
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
    missing = [db for db in site.databases() if db not in project.schemas]
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
    words = integration.resource.vocabulary
    roles = ((words.name("source_arn"), integration.sources), (words.name("target_arn"), integration.targets))
    for role, arns in roles:
        for arn in arns:
            if arn.kind == "unknown":
                yield f"{role}{arn.when} is unresolved ({arn.explanation}), so {role[:6].lower()} checks were skipped"
            elif arn.kind in ("cluster", "instance", "namespace") and arn.resource is None:
                if deployment.target_of(arn) is not None:
                    yield (f"{role} {arn.written}{arn.when} names a namespace that is not among the inputs, so "
                           f"ZE301-ZE304 were skipped (only its {words.types['resource_policy']} is, which ZE305 and "
                           "ZE306 checked)")
                else:
                    yield f"{role} {arn.written}{arn.when} names a resource that is not among the inputs"
    out_of_scope = rulebook.sources.out_of_scope_engines.values
    source_default = rulebook.sources.default_parameter_group_prefix.value.lower()
    for source in deployment.integration_sources(integration):
        if source.is_replica and not source.engine.present and source.replica_of is not None:
            yield (f"source {source.label} is a read replica whose primary is not among the inputs "
                   f"({describe(source.replica_of.value)}), so its engine and version, which are the primary's, are "
                   "unknown and the source checks were skipped")
        if source.engine_name in out_of_scope:
            yield f"source {source.label} runs {source.engine_name}, a zero-ETL source engine zeroetl-lint does not check"
        link = source.parameter_group
        if link.unknown is not None:
            yield f"the parameter group of {source.label} is unresolved ({link.unknown.reason})"
        elif link.group is None and link.name is not None and not link.name.lower().startswith(source_default):
            yield f"parameter group {link.name!r} of {source.label} is not among the inputs"
    target_default = rulebook.targets.default_parameter_group.prefix.lower()
    for target in deployment.integration_targets(integration):
        link = target.parameter_group
        if link is not None and link.unknown is not None:
            yield f"the parameter group of {target.label} is unresolved ({link.unknown.reason})"
        elif (link is not None and link.group is None and link.name is not None
              and not link.name.lower().startswith(target_default)):
            yield f"parameter group {link.name!r} of {target.label} is not among the inputs"
        if target.kind == "serverless" and not target.workgroups and target.arn is None:
            # The workgroup may live in a stack that was not given; ZE304 stays silent then.
            yield f"no workgroup of {target.label} is among the inputs, so case sensitivity was not checked"
    if integration.data_filter is not None and integration.data_filter.text() is None:
        yield (f"{integration.data_filter.name} is {describe(integration.data_filter.value)}, so filter checks were "
               "skipped")


def _readers(of: str, field: str, obj: Any, rulebook: Rulebook) -> str:
    """'ZE101 and ZE203': the rules that declare they read the field of such an object (registry.Read).

    A series every rule of which reads it is named as one ("ZE2xx"); "" when no rule reads it.
    """
    from zeroetl_lint.checks import ALL_RULES  # the whole catalog: a rule skips whether selected or not

    codes = [rule.code for rule in ALL_RULES if any(
        read.of == of and read.field == field and (read.when is None or read.when(obj, rulebook)) for read in rule.reads)]
    names: list[str] = []
    for code in codes:
        series = [rule.code for rule in ALL_RULES if rule.code[:3] == code[:3]]
        if all(other in codes for other in series) and len(series) > 1:
            if f"{code[:3]}xx" not in names:
                names.append(f"{code[:3]}xx")
        else:
            names.append(code)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def _unresolved(prop: Field | None, what: str, rules: str) -> Iterator[str]:
    """'Engine of Cluster is unresolved (why), so ZE101 ... skipped it', once per unresolved branch."""
    if prop is None or not rules:
        return
    for branch in prop.unresolved():
        yield f"{what}{branch.when} is unresolved ({branch.unresolved}), so {rules} skipped it"


def _unresolved_values(deployment: Deployment, integration: Integration, rulebook: Rulebook) -> Iterator[str]:
    """Values the source and target rules read that do not resolve (a parameter without a Default, ...)."""
    found: list[str] = []
    for source in deployment.integration_sources(integration):
        found += _source_values(source, rulebook)
    for target in deployment.integration_targets(integration):
        found += _target_values(target, rulebook)
    yield from dict.fromkeys(found)


def _fields_read(of: str, obj: Any, rulebook: Rulebook) -> Iterator[tuple[Field | None, str]]:
    """The model fields of obj that some rule reads, in the model's order, each with the rules that read it."""
    for name in (field.name for field in dataclass_fields(obj)):
        value = getattr(obj, name)
        if isinstance(value, Field) or value is None:
            rules = _readers(of, name, obj, rulebook)
            if rules:
                yield value, rules


def _source_values(source: Source, rulebook: Rulebook) -> Iterator[str]:
    for prop, rules in _fields_read("source", source, rulebook):
        if prop is not None:
            yield from _unresolved(prop, f"{prop.name} of {source.label}", rules)
    group = source.parameter_group.group
    if source.facts is None or group is None:
        return
    yield from _unresolved(group.family, f"{group.family.name} of {group.resource.label}",
                           _readers("source_group", "family", group, rulebook))
    parameters = _readers("source_group", "parameters", group, rulebook)
    if not group.readable and group.parameters_prop.present and parameters:
        yield (f"the Parameters of {group.resource.label} are {_shown(group.parameters_prop.value)}, so {parameters} "
               "skipped them")
        return
    for fact in source.facts.parameters:
        yield from _unresolved(group.parameters.get(fact.name), f"{fact.name} in {group.resource.label}", parameters)


def _target_values(target: Target, rulebook: Rulebook) -> Iterator[str]:
    facts = rulebook.targets.case_sensitivity
    for prop, rules in _fields_read("target", target, rulebook):
        if prop is not None:
            yield from _unresolved(prop, f"{prop.name} of {target.label}", rules)
    group = target.parameter_group.group if target.parameter_group is not None else None
    if group is not None:
        rules = _readers("target_group", "case_sensitivity", group, rulebook)
        yield from _keyed(group.resource.label, group.readable, group.parameters_prop.name, rules)
        yield from _unresolved(group.parameters.get(facts.parameter), f"{facts.parameter} in {group.resource.label}",
                               rules)
    for workgroup in target.workgroups:
        label = f"workgroup {workgroup.resource.label}"
        rules = _readers("workgroup", "case_sensitivity", workgroup, rulebook)
        yield from _keyed(label, workgroup.readable, workgroup.config_prop.name, rules)
        yield from _unresolved(workgroup.config.get(facts.parameter), f"{facts.parameter} in {label}", rules)


def _keyed(label: str, readable: bool, prop_name: str, rules: str) -> Iterator[str]:
    """A [{Key: k, Value: v}] list that cannot be read, so a missing key may be set after all."""
    if not readable and rules:
        yield f"the {prop_name} of {label} cannot be read statically, so {rules} skipped them"


def _shown(value: Any) -> str:
    return f"unresolved ({value.reason})" if isinstance(value, Unknown) else f"{describe(value, 60)}, not a map"


def _undecided_policies(deployment: Deployment, integration: Integration,
                        rulebook: Rulebook) -> Iterator[tuple[str, str | None]]:
    """Unreadable policies and the ZE305/ZE306 verdicts that could not be decided, and why (they stay
    silent then); each with its own fix, or None for the usual one."""
    facts = rulebook.targets.authorization
    for target in deployment.integration_targets(integration):
        words = target.resource.vocabulary  # the policy's fix is written where the target is
        subject = policies_label(target) if target.policies else f"the resource policy of {target.label}"
        unread = unread_reasons(target)
        verdicts = [("ZE305", f"{subject} authorizes the source {source.written}{source.when}",
                     target_authorizes_source(deployment, target, facts, source))
                    for source in integration.sources if source.kind in SOURCE_KINDS]
        verdicts.append(("ZE306", f"{subject} allows {facts.principal_action} to a principal",
                         target_allows_principal(target, facts.principal_action)))
        undecided = [(code, question, verdict) for code, question, verdict in verdicts if verdict.result is None]
        if unread:
            codes = list(dict.fromkeys(code for code, _, verdict in undecided if set(unread) & set(verdict.why)))
            yield (f"the resource policy of {target.label} is unresolved "
                   f"({'; '.join(unknown.reason for unknown in target.policy_unknowns)})"
                   + (f", so {' and '.join(codes)} could not decide" if codes else ""), words.name("unread_policy"))
        for code, question, verdict in undecided:
            own = [reason for reason in verdict.why if reason not in unread]
            if own and verdict.excluded_by is not None:
                policy, statement = verdict.excluded_by
                own.append(f"statement {statement.index} of {policy.label} leaves it out with NotAction")
            if own:
                yield f"{code} could not tell whether {question}: {'; '.join(own)}", _READABLE_POLICY.format(
                    principal=words.document({"Service": facts.source_principal_service}),
                    same=words.name("same_reference"))


def _live_settings(project: Project) -> Iterator[Violation]:
    """What a live source database did not tell, so ZE101/ZE202 did not check it (never a guessed value)."""
    for live in live_sources(project):
        server = live.server
        if live.facts is None:
            gap = f"its engine is unknown ({live.basis}), so its server version and replication parameters"
            rules = "ZE101 and ZE202"
        else:
            unread = [fact.name for fact in live.facts.parameters if server.setting(fact.name) is None]
            if not unread:
                continue
            why = f" ({server.unreadable})" if server.unreadable else ""
            gap = f"the server does not report {', '.join(unread)}{why} ({live.basis}), so they"
            rules = "ZE202"
        yield Violation(
            message=f"The live database {live.database}: {gap} were not checked ({rules})",
            fix="Check them on the source itself (SHOW name on the writer, or its parameter group), or lint "
                "the templates that define its source together with --schema.",
            location=server.location,
            object=f"{live.database}/settings",
        )
