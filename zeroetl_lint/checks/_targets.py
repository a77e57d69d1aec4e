"""Helpers shared by the target and integration rules: policy evaluation, ARN comparison, dependencies."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from zeroetl_lint.artifacts.cloudformation import Resource, Template
from zeroetl_lint.findings import Location
from zeroetl_lint.model import ArnRef, Deployment, Integration, Policy, SourceTest, Statement, Target
from zeroetl_lint.rulebook import Rulebook

# IAM policy grammar, not zero-ETL facts: the two effects a statement can have.
_ALLOW = "allow"
_DENY = "deny"
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


def referenced_targets(deployment: Deployment) -> tuple[Target, ...]:
    """Targets among the inputs that some integration's TargetArn names, in input order."""
    found: dict[int, Target] = {}
    for integration in deployment.integrations:
        for target in deployment.integration_targets(integration):
            found.setdefault(id(target), target)
    return tuple(found.values())


def scalar_text(value: Any) -> str | None:
    """A resolved scalar as CloudFormation passes it on (YAML true -> "true"); None when symbolic."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def entry_location(resource: Resource, key: str) -> Location:
    """Where a resource attribute (Type, DependsOn) is written; the logical id when it is absent."""
    span = resource.body.value_spans.get(key)
    return resource.template.location(span) if span is not None else resource.location


def same_resource(a: Resource | None, b: Resource | None) -> bool:
    return a is not None and b is not None and a.template is b.template and a.logical_id == b.logical_id


# -- policies ----------------------------------------------------------------------------------


@cache
def _action_regex(pattern: str) -> re.Pattern[str]:
    # IAM action names are case-insensitive and allow * and ? wildcards (so redshift:* and * match).
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.IGNORECASE)


def action_matches(pattern: str, action: str) -> bool:
    return _action_regex(pattern).fullmatch(action) is not None


def _any3(results: Iterable[bool | None]) -> bool | None:
    """True if any is True, else None if any is None, else False (three-valued or)."""
    unknown = False
    for result in results:
        if result is True:
            return True
        if result is None:
            unknown = True
    return None if unknown else False


def _covers_action(statement: Statement, action: str) -> bool | None:
    if not statement.actions:
        # No readable Action: a conditional (Fn::If) Action, NotAction, or an invalid statement.
        return None
    return any(action_matches(pattern, action) for pattern in statement.actions)


def _effect(statement: Statement) -> str | None:
    return statement.effect.lower() if statement.effect is not None else None


def same_arn(deployment: Deployment, a: ArnRef, b: ArnRef) -> bool | None:
    """Do two ARN references name the same resource? None when the inputs cannot tell."""
    if a.kind == "unknown" or b.kind == "unknown":
        return None
    if a.resource is not None and b.resource is not None:
        return same_resource(a.resource, b.resource)
    if a.text is not None and b.text is not None:
        # RDS lower-cases identifiers in ARNs; a difference in case alone names the same source.
        return a.text.lower() == b.text.lower()
    known, literal = (a, b) if a.resource is not None else (b, a)
    if known.resource is not None and literal.text is not None and literal.kind in ("cluster", "instance"):
        # The model matches literal ARNs to sources by identifier; a literal that matched none
        # names some other database, unless the source's identifier is generated at deploy time.
        source = deployment.source_of(known)
        return False if source is not None and source.identifier is not None else None
    return None


@dataclass(frozen=True, slots=True)
class _Operator:
    """How a condition operator compares aws:SourceArn with a policy value."""

    match: str  # "equals" (exact text), "like" (* and ? over the whole text), "arn" (* and ? per ARN part)
    negated: bool


# IAM policy grammar, not zero-ETL facts: the string and ARN operators, without the ForAnyValue:/
# ForAllValues: prefixes and the IfExists suffix (aws:SourceArn is single-valued and always present
# when Redshift authorizes an inbound integration, so those change nothing). ArnEquals matches
# wildcards like ArnLike does.
_OPERATORS = {
    "stringequals": _Operator("equals", False),
    "stringnotequals": _Operator("equals", True),
    "stringequalsignorecase": _Operator("equals", False),
    "stringnotequalsignorecase": _Operator("equals", True),
    "stringlike": _Operator("like", False),
    "stringnotlike": _Operator("like", True),
    "arnequals": _Operator("arn", False),
    "arnlike": _Operator("arn", False),
    "arnnotequals": _Operator("arn", True),
    "arnnotlike": _Operator("arn", True),
}
_SET_PREFIXES = ("foranyvalue:", "forallvalues:")
_IF_EXISTS = "ifexists"
_ARN_PARTS = 6  # arn:partition:service:region:account:resource


def condition_operator(operator: str) -> _Operator | None:
    """The comparison an operator makes, or None when it is not a string/ARN operator this reads."""
    name = operator.lower()
    for prefix in _SET_PREFIXES:
        name = name.removeprefix(prefix)
    return _OPERATORS.get(name.removesuffix(_IF_EXISTS))


def _not3(result: bool | None) -> bool | None:
    return None if result is None else not result


def _all3(results: Iterable[bool | None]) -> bool | None:
    """False if any is False, else None if any is None, else True (three-valued and)."""
    return _not3(_any3(_not3(result) for result in results))


def _agree(results: Iterable[bool | None]) -> bool | None:
    """The verdict every Fn::If branch of a value gives, or None when they differ."""
    found = set(results)
    return found.pop() if len(found) == 1 else None


def _wildcard_match(pattern: str, text: str) -> bool:
    return fnmatch.fnmatchcase(text, pattern)


def _value_matches(deployment: Deployment, operator: _Operator, value: ArnRef, source: ArnRef) -> bool | None:
    """Does one policy value match the source's ARN under the operator? None when the inputs cannot tell."""
    pattern = value.text
    if operator.match == "equals" or pattern is None or not any(c in pattern for c in "*?"):
        return same_arn(deployment, value, source)
    if source.text is None:
        return None  # a wildcard against an ARN known only symbolically
    if operator.match == "like":
        return _wildcard_match(pattern, source.text)
    # ArnLike: each of the six colon-separated parts is matched on its own (* stays within a part).
    pattern_parts, source_parts = pattern.split(":", _ARN_PARTS - 1), source.text.split(":", _ARN_PARTS - 1)
    if len(pattern_parts) != _ARN_PARTS or len(source_parts) != _ARN_PARTS:
        return None
    return all(_wildcard_match(p, t) for p, t in zip(pattern_parts, source_parts))


def source_test_holds(deployment: Deployment, test: SourceTest, source: ArnRef) -> bool | None:
    """Does one aws:SourceArn test hold for this source? None when the operator or a value is unknown."""
    operator = condition_operator(test.operator)
    if operator is None or not test.values:
        return None
    # The values of one test are alternatives: a positive operator holds when one matches, a
    # negated one when none does.
    found = _any3(_agree(_value_matches(deployment, operator, option, source) for option in value)
                  for value in test.values)
    return _not3(found) if operator.negated else found


def _statement_names_source(deployment: Deployment, statement: Statement, source: ArnRef) -> bool | None:
    # No aws:SourceArn test: the statement applies to every source; several must all hold.
    return _all3(source_test_holds(deployment, test, source) for test in statement.source_tests)


@dataclass(frozen=True, slots=True)
class Authorization:
    """Whether a policy lets a source in, and the statement that decided when one did."""

    result: bool | None
    denied_by: Statement | None = None


def authorizes_source(deployment: Deployment, policy: Policy, action: str, source: ArnRef) -> Authorization:
    """Does the policy Allow action for this source (and no Deny take it back)?"""
    allowed: list[bool | None] = []
    denied: list[bool | None] = []
    denied_by: Statement | None = None
    for statement in policy.statements:
        effect = _effect(statement)
        covers = _covers_action(statement, action)
        if effect == _DENY:
            if covers is False:
                continue
            names = _statement_names_source(deployment, statement, source)
            verdict = True if covers is True and names is True else None if names is not False else False
            denied.append(verdict)
            if verdict is True and denied_by is None:
                denied_by = statement
            continue
        if effect not in (_ALLOW, None) or covers is False:
            continue
        names = _statement_names_source(deployment, statement, source)
        if effect is None or covers is None:
            allowed.append(None if names is not False else False)
        else:
            allowed.append(names)
    if denied_by is not None:
        return Authorization(False, denied_by)
    allow = _any3(allowed)
    if allow is True and _any3(denied) is None:
        return Authorization(None)
    return Authorization(allow)


def allows_principal(policy: Policy, action: str) -> bool | None:
    """Does some statement Allow action to a principal? None when a statement cannot be read."""
    results: list[bool | None] = []
    for statement in policy.statements:
        effect = _effect(statement)
        if effect == _DENY:
            continue
        covers = _covers_action(statement, action)
        if covers is False or not statement.has_principal:
            continue
        results.append(True if effect == _ALLOW and covers else None if effect is None or covers is None else False)
    return _any3(results)


# -- dependencies ------------------------------------------------------------------------------


@dataclass
class DependencyGraph:
    """What each resource of one template waits for: DependsOn plus Ref, GetAtt and Sub references."""

    template: Template
    _edges: dict[str, frozenset[str]] = field(default_factory=dict)

    def direct(self, logical_id: str) -> frozenset[str]:
        if logical_id not in self._edges:
            body = self.template.resources.get(logical_id)
            found: set[str] = set()
            if body is not None:
                resource = Resource(self.template, logical_id, body["Type"], body)
                found.update(name for name in resource.depends_on if name in self.template.resources)
                # References anywhere in the entry order resources, Metadata included (a known way to
                # express a conditional dependency, which DependsOn cannot).
                _references({key: value for key, value in body.items() if key != "DependsOn"},
                            self.template.resources, found)
            self._edges[logical_id] = frozenset(found)
        return self._edges[logical_id]

    def depends_on(self, logical_id: str, other: str) -> bool:
        """Does logical_id wait for other, directly or through other resources?"""
        seen: set[str] = set()
        pending = [logical_id]
        while pending:
            current = pending.pop()
            for name in self.direct(current):
                if name == other:
                    return True
                if name not in seen:
                    seen.add(name)
                    pending.append(name)
        return False


def _references(node: Any, resources: dict[str, Any], out: set[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _references(item, resources, out)
        return
    if not isinstance(node, dict):
        return
    if len(node) == 1:
        name, argument = next(iter(node.items()))
        if name == "Ref" and isinstance(argument, str) and argument in resources:
            out.add(argument)
        elif name == "Fn::GetAtt":
            target = argument.split(".", 1)[0] if isinstance(argument, str) else (
                argument[0] if isinstance(argument, list) and argument and isinstance(argument[0], str) else None)
            if target in resources:
                out.add(target)
        elif name == "Fn::Sub":
            text, variables = (argument[0], argument[1]) if isinstance(argument, list) and len(argument) == 2 else (argument, {})
            local = frozenset(variables) if isinstance(variables, dict) else frozenset()
            if isinstance(text, str):
                for variable in _SUB_VARIABLE.findall(text):
                    target = variable.split(".", 1)[0]
                    if not variable.startswith("!") and target in resources and target not in local:
                        out.add(target)
            _references(variables, resources, out)
            return
    for value in node.values():
        _references(value, resources, out)


def integrations_with(deployment: Deployment, target: Target) -> Iterator[Integration]:
    """The integrations whose TargetArn can name target."""
    for integration in deployment.integrations:
        if any(t is target for t in deployment.integration_targets(integration)):
            yield integration


def keyed_list_readable(resource: Resource, prop_name: str, key_field: str) -> bool:
    """Is every item of a [{Key: k, Value: v}] list a literal key, so a missing key is truly missing?"""
    container = resource.prop(prop_name)
    if container is None:
        return True
    if not isinstance(container.value, list):
        return False
    for index in range(len(container.value)):
        key = resource.prop(prop_name, index, key_field)
        if key is None or not isinstance(key.value, str):
            return False
    return True


def getatt_fix(rulebook: Rulebook, resource: Resource) -> str | None:
    """`!GetAtt X.<ArnAttribute>` for a resource type an integration can name, else None."""
    entry = rulebook.arn_attribute(resource.type)
    return f"!GetAtt {resource.logical_id}.{entry.attribute}" if entry is not None else None


def namespace_of_workgroup(deployment: Deployment, workgroup: Resource) -> Target | None:
    for target in deployment.targets:
        if any(same_resource(w.resource, workgroup) for w in target.workgroups):
            return target
    return None


# How messages name the ARN kinds that are wrong for a role.
ARN_KIND_NAMES = {
    "cluster": "an RDS DB cluster ARN",
    "instance": "an RDS DB instance ARN",
    "namespace": "a Redshift namespace ARN",
    "workgroup": "a Redshift Serverless workgroup ARN",
    "redshift-cluster": "a provisioned Redshift cluster ARN (not its namespace ARN)",
    "catalog": "an AWS Glue catalog ARN (a SageMaker lakehouse target)",
}


def display_pattern(pattern: str) -> str:
    """A rulebook pattern as the API documents it: without the named groups the model adds."""
    out = pattern
    while (start := out.find("(?P<")) >= 0:
        depth, index = 0, start
        while index < len(out):
            if out[index] == "\\":
                index += 2
                continue
            depth += out[index] == "("
            depth -= out[index] == ")"
            if depth == 0:
                break
            index += 1
        body = out[out.index(">", start) + 1:index]
        # An alternation keeps its (now unnamed) group; anything else needs none.
        out = out[:start] + (f"({body})" if "|" in body else body) + out[index + 1:]
    return out
