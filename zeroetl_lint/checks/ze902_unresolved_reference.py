"""ZE902 unresolved-reference."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields as dataclass_fields
from typing import Any

from zeroetl_lint.checks._live import live_sources
from zeroetl_lint.checks._phrasing import policies_label
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.deployment import Deployment, Integration, Source, Target
from zeroetl_lint.model.iam import unread_reasons
from zeroetl_lint.model.problems import ProblemKind
from zeroetl_lint.model.project import Project
from zeroetl_lint.model.values import Field, Unknown, describe
from zeroetl_lint.registry import Need, readers, rule, rule_list
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
    whose verdict cannot be decided (the authorization rules stay silent then, and this says why: for instance a
    literal `aws:SourceArn` against a source whose identifier CloudFormation generates), a computed
    `DataFilter`, a database the filter replicates whose schema SQL was not given while other
    databases' was (with no SQL at all, the report's summary says instead that no table was
    checked). The rules that need those objects stay silent rather than guess; this finding says
    what they skipped, naming them from what each rule declares it reads. It also says when the
    target is a SageMaker lakehouse catalog (an AWS Glue catalog ARN), to which the Redshift target
    checks do not apply, when a source is a read replica whose primary (and so its engine) is not among the
    inputs, and when a custom resource backed by a Lambda function is given a source and a target
    ARN: it creates an integration with code the inputs do not contain, which cannot be checked (a
    CDK `AwsCustomResource` calling `rds:CreateIntegration` is checked like an
    `AWS::RDS::Integration`, and one calling `redshift:PutResourcePolicy` counts as the target's
    resource policy). For a live source database (`--schema DB=postgresql://...`) it says what
    the server did not tell: a replication parameter `SHOW` does not answer, an engine that neither
    an integration nor the server reveals (so its version and parameters were compared with nothing), or a part of the
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
    book = project.rulebook
    for integration in deployment.integrations:
        words = integration.resource.vocabulary
        together = words.name("lint_together")
        gaps = [(text, together) for text in _gaps(deployment, integration, book)]
        gaps += [(text, words.name("resolve")) for text in _unresolved_values(deployment, integration, book)]
        gaps += [(text, fix or together) for text, fix in _undecided_policies(project, integration)]
        gaps += [(text, _LAKEHOUSE) for text in dict.fromkeys(_other_targets(integration, book))]
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
# What the rules of a Redshift target read of it (its own properties, its parameter group, its workgroups),
# and of its resource policies.
_TARGET_ITSELF = (("target", None), ("target_group", None), ("workgroup", None))
_TARGET_POLICY = (("policy", None),)

Wanted = tuple[str, "str | None"]  # (Read.of, Read.field); field None: any field of that object


def _readers(obj: Any, rulebook: Rulebook, *wanted: Wanted) -> str:
    """The rules that declare they read any of these of such an object (registry.Read), named as
    registry.rule_list names them; obj None stands for any such object; "" when no rule reads it."""
    from zeroetl_lint.checks import ALL_RULES  # the whole catalog: a rule skips whether selected or not

    codes = [code for of, field in wanted for code in readers(ALL_RULES, of, obj, rulebook, field)]
    return rule_list(codes, ALL_RULES)


def _schema_rules() -> str:
    """The rules that check the tables of the schema SQL (registry.Need.SCHEMA)."""
    from zeroetl_lint.checks import ALL_RULES

    return rule_list((rule.code for rule in ALL_RULES if rule.needs is Need.SCHEMA), ALL_RULES)


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
        several = len(missing) > 1
        yield (f"no schema SQL was given for database{'s' if several else ''} {names}, "
               f"so {_schema_rules()} did not check {'their' if several else 'its'} tables")


def _other_targets(integration: Integration, rulebook: Rulebook) -> Iterator[str]:
    """Valid targets that are not Redshift, so the Redshift target rules do not apply to them."""
    if integration.resource_type != "rds":
        return  # a Redshift-created integration takes a namespace only
    for arn in integration.targets:
        if arn.kind == "catalog":
            rules = _readers(None, rulebook, *_TARGET_ITSELF, *_TARGET_POLICY)
            yield (f"{integration.resource.vocabulary.name('target_arn')} {arn.written} is a SageMaker lakehouse "
                   f"catalog (AWS Glue), not a Redshift target, so the Redshift target checks ({rules}) were skipped")


def _gaps(deployment: Deployment, integration: Integration, rulebook: Rulebook) -> Iterator[str]:
    words = integration.resource.vocabulary
    roles = (("sources", words.name("source_arn"), integration.sources),
             ("targets", words.name("target_arn"), integration.targets))
    for field, role, arns in roles:
        for arn in arns:
            if arn.kind == "unknown":
                rules = _readers(integration, rulebook, ("integration", field))
                yield f"{role}{arn.when} is unresolved ({arn.explanation}), so {rules} skipped it"
            elif arn.kind in ("cluster", "instance", "namespace") and arn.resource is None:
                target = deployment.target_of(arn)
                if target is not None:
                    yield (f"{role} {arn.written}{arn.when} names a namespace that is not among the inputs, so "
                           f"{_readers(target, rulebook, *_TARGET_ITSELF)} were skipped (only its "
                           f"{words.types['resource_policy']} is, which {_readers(target, rulebook, *_TARGET_POLICY)} "
                           "checked)")
                else:
                    yield f"{role} {arn.written}{arn.when} names a resource that is not among the inputs"
    out_of_scope = rulebook.sources.out_of_scope_engines.values
    source_default = rulebook.sources.default_parameter_group_prefix.value.lower()
    for source in deployment.integration_sources(integration):
        if source.is_replica and not source.engine.present and source.replica_of is not None:
            rules = _readers(source, rulebook, ("source", "engine"), ("source", "engine_version"))
            yield (f"source {source.label} is a read replica whose primary is not among the inputs "
                   f"({describe(source.replica_of.value)}), so its engine and version, which are the primary's, are "
                   f"unknown and {rules} skipped it")
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
            # The workgroup may live in a stack that was not given; the case sensitivity rule stays silent then.
            yield (f"no workgroup of {target.label} is among the inputs, so "
                   f"{_readers(None, rulebook, ('workgroup', 'case_sensitivity'))} did not check its case sensitivity")
    if integration.data_filter is not None and integration.data_filter.text() is None:
        rules = _readers(integration, rulebook, ("integration", "data_filter"))
        yield f"{integration.data_filter.name} is {describe(integration.data_filter.value)}, so {rules} skipped it"


def _unresolved(prop: Field | None, what: str, rules: str) -> Iterator[str]:
    """'Engine of Cluster is unresolved (why), so <its readers> skipped it', once per unresolved branch."""
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
            rules = _readers(obj, rulebook, (of, name))
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
                           _readers(group, rulebook, ("source_group", "family")))
    parameters = _readers(group, rulebook, ("source_group", "parameters"))
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
        rules = _readers(group, rulebook, ("target_group", "case_sensitivity"))
        yield from _keyed(group.resource.label, group.readable, group.parameters_prop.name, rules)
        yield from _unresolved(group.parameters.get(facts.parameter), f"{facts.parameter} in {group.resource.label}",
                               rules)
    for workgroup in target.workgroups:
        label = f"workgroup {workgroup.resource.label}"
        rules = _readers(workgroup, rulebook, ("workgroup", "case_sensitivity"))
        yield from _keyed(label, workgroup.readable, workgroup.config_prop.name, rules)
        yield from _unresolved(workgroup.config.get(facts.parameter), f"{facts.parameter} in {label}", rules)


def _keyed(label: str, readable: bool, prop_name: str, rules: str) -> Iterator[str]:
    """A [{Key: k, Value: v}] list that cannot be read, so a missing key may be set after all."""
    if not readable and rules:
        yield f"the {prop_name} of {label} cannot be read statically, so {rules} skipped them"


def _shown(value: Any) -> str:
    return f"unresolved ({value.reason})" if isinstance(value, Unknown) else f"{describe(value, 60)}, not a map"


def _undecided_policies(project: Project, integration: Integration) -> Iterator[tuple[str, str | None]]:
    """Unreadable policies and the policy verdicts that could not be decided, and why (the rules that need
    them stay silent then); each with its own fix, or None for the usual one."""
    deployment, book = project.deployment, project.rulebook
    facts = book.targets.authorization
    verdicts = project.policy_verdicts
    for target in deployment.integration_targets(integration):
        words = target.resource.vocabulary  # the policy's fix is written where the target is
        subject = policies_label(target) if target.policies else f"the resource policy of {target.label}"
        unread = unread_reasons(target)
        # Each verdict under the name rules declare they need it by (registry.Read("policy", ...)).
        asked = [("authorizes_source", f"{subject} authorizes the source {source.written}{source.when}",
                  verdicts.authorizes_source(target, source)) for source in verdicts.sources_asked(integration)]
        asked.append(("allows_principal", f"{subject} allows {facts.principal_action} to a principal",
                      verdicts.allows_principal(target)))
        undecided = [(need, question, verdict) for need, question, verdict in asked if verdict.result is None]
        if unread:
            needs = dict.fromkeys(need for need, _, verdict in undecided if set(unread) & set(verdict.why))
            rules = _readers(target, book, *(("policy", need) for need in needs))
            yield (f"the resource policy of {target.label} is unresolved "
                   f"({'; '.join(unknown.reason for unknown in target.policy_unknowns)})"
                   + (f", so {rules} could not decide" if rules else ""), words.name("unread_policy"))
        for need, question, verdict in undecided:
            own = [reason for reason in verdict.why if reason not in unread]
            if own and verdict.excluded_by is not None:
                policy, statement = verdict.excluded_by
                own.append(f"statement {statement.index} of {policy.label} leaves it out with NotAction")
            if own:
                yield (f"{_readers(target, book, ('policy', need))} could not tell whether {question}: "
                       f"{'; '.join(own)}", _READABLE_POLICY.format(
                           principal=words.document({"Service": facts.source_principal_service}),
                           same=words.name("same_reference")))


def _live_settings(project: Project) -> Iterator[Violation]:
    """What a live source database did not tell, so the rules that compare it did not (never a guessed value)."""
    for live in live_sources(project):
        server = live.server
        if live.facts is None:
            gap = f"its engine is unknown ({live.basis}), so its server version and replication parameters"
            rules = _readers(live, project.rulebook, ("live", None))
        else:
            unread = [fact.name for fact in live.facts.parameters if server.setting(fact.name) is None]
            if not unread:
                continue
            why = f" ({server.unreadable})" if server.unreadable else ""
            gap = f"the server does not report {', '.join(unread)}{why} ({live.basis}), so they"
            rules = _readers(live, project.rulebook, ("live", "parameters"))
        yield Violation(
            message=f"The live database {live.database}: {gap} were not checked ({rules})",
            fix="Check them on the source itself (SHOW name on the writer, or its parameter group), or lint "
                "the templates that define its source together with --schema.",
            location=server.location,
            object=f"{live.database}/settings",
        )
