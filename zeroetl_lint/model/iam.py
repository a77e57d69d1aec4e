"""IAM resource policies evaluated for zero-ETL: which statements let a source or a principal in, and why undecided."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from zeroetl_lint.model.conditions import removed_where
from zeroetl_lint.model.deployment import (
    ArnRef,
    Deployment,
    Entity,
    Integration,
    Policy,
    SourceTest,
    Statement,
    Target,
)
from zeroetl_lint.rulebook import Authorization as AuthorizationFacts

# IAM policy grammar, not zero-ETL facts: the two effects a statement can have.
_ALLOW = "allow"
_DENY = "deny"
# The source ARNs the authorization rules compare: database ARNs. Other kinds are judged as ARNs
# of the wrong kind, unknown ones as unknown.
SOURCE_KINDS = ("cluster", "instance")


def same_resource(a: Entity | None, b: Entity | None) -> bool:
    return a is not None and b is not None and a.stack is b.stack and a.logical_id == b.logical_id


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


# Reasons a verdict is undecided, collected as the evaluation meets them (None: not collected).
Why = list[str] | None


def _note(why: Why, reason: str) -> None:
    if why is not None:
        why.append(reason)


def covers_action(statement: Statement, action: str, why: Why = None) -> bool | None:
    """Does the statement apply to action? Action lists name it; NotAction lists apply to all they do not name."""
    named = any(action_matches(pattern, action) for pattern in statement.actions)
    if named:
        return not statement.not_action
    if not statement.actions_complete:
        _note(why, f"its {statement.action_key} is computed or missing")
        return None
    return statement.not_action


def _principal_text(statement: Statement) -> str:
    return ", ".join(f"{kind}: {value}" for kind, value in statement.principals or ())


def takes_service(statement: Statement, service: str, why: Why = None) -> bool | None:
    """Does the statement's Principal take in the service principal that checks integration sources?

    AWS's setup authorizes sources with Principal {Service: redshift.amazonaws.com}; a statement for
    other principals only may not count, which no AWS page settles: undecided, not refused.
    """
    if statement.principals is None:
        if statement.has_principal:
            _note(why, "its Principal is computed")
            return None
        return True  # no Principal at all: judged on its action and condition alone
    for kind, value in statement.principals:
        if kind == "*" or (kind.upper() == "AWS" and value == "*") or (
                kind.lower() == "service" and value.lower() == service.lower()):
            return True
    _note(why, f"its Principal ({_principal_text(statement)}) is not the {service} service principal that the AWS "
               "setup authorizes sources with")
    return None


def takes_creator(statement: Statement, why: Why = None) -> bool | None:
    """Can the statement's Principal be who creates the integration (an account, role or user, or *)?"""
    if statement.principals is None:
        if statement.has_principal:
            _note(why, "its Principal is computed")
            return None
        return False
    # A service principal is not who calls CreateIntegration: a statement for services only grants no creator.
    return any(kind.lower() != "service" for kind, _ in statement.principals)


def _effect(statement: Statement) -> str | None:
    return statement.effect.lower() if statement.effect is not None else None


def same_arn(deployment: Deployment, a: ArnRef, b: ArnRef, why: Why = None) -> bool | None:
    """Do two ARN references name the same resource? None when the inputs cannot tell."""
    for arn in (a, b):
        if arn.kind == "unknown":
            _note(why, f"{arn.written} is unresolved ({arn.explanation})")
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
        if source is not None and source.identifier is not None:
            return False
        generated = (source.identifier_unknown if source is not None else "") or "has no literal identifier"
        _note(why, f"{literal.text!r} may or may not be the ARN of {known.resource.logical_id}, which {generated}")
        return None
    _note(why, f"{a.written} and {b.written} cannot be compared statically")
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


def _agree(results: Iterable[bool | None], why: Why) -> bool | None:
    """The verdict every Fn::If branch of a value gives, or None when they differ."""
    found = set(results)
    if len(found) == 1:
        return found.pop()
    if found != {None}:
        _note(why, "its aws:SourceArn value depends on an Fn::If condition")
    return None


def _wildcard_match(pattern: str, text: str) -> bool:
    return fnmatch.fnmatchcase(text, pattern)


def _value_matches(deployment: Deployment, operator: _Operator, value: ArnRef, source: ArnRef,
                   why: Why = None) -> bool | None:
    """Does one policy value match the source's ARN under the operator? None when the inputs cannot tell."""
    pattern = value.text if value.text is not None else value.symbolic
    if operator.match == "equals" or pattern is None or not any(c in pattern for c in "*?"):
        return same_arn(deployment, value, source, why)
    if source.text is not None and value.text is not None:
        if operator.match == "like":
            return _wildcard_match(pattern, source.text)
        # ArnLike: each of the six colon-separated parts is matched on its own (* stays within a part).
        pattern_parts, source_parts = pattern.split(":", _ARN_PARTS - 1), source.text.split(":", _ARN_PARTS - 1)
        if len(pattern_parts) != _ARN_PARTS or len(source_parts) != _ARN_PARTS:
            _note(why, f"{pattern!r} is not an ARN pattern")
            return None
        return all(_wildcard_match(p, t) for p, t in zip(pattern_parts, source_parts))
    found = _symbolic_match(deployment, operator, pattern, source)
    if found is None:
        _note(why, f"the pattern {pattern!r} cannot be matched against {source.written} statically")
    return found


# Pseudo parameters in Fn::Sub notation, as ArnRef.symbolic writes them, become one colon-free token
# each, so that an ARN splits into its parts.
_PSEUDO_NOTATION = re.compile(r"\$\{AWS::([A-Za-z]+)\}")
_PSEUDO = "\x00"


def _tokens(text: str) -> str:
    return _PSEUDO_NOTATION.sub(lambda match: f"{_PSEUDO}{match[1]}{_PSEUDO}", text)


def _source_parts(deployment: Deployment, source: ArnRef) -> list[str | None] | None:
    """The six ARN parts of a source: literal, or for a source among the inputs its pseudo parameters in
    ${AWS::Region} notation and None for an identifier generated at deploy time."""
    if source.text is not None:
        parts: list[str | None] = list(_tokens(source.text).split(":", _ARN_PARTS - 1))
        return parts if len(parts) == _ARN_PARTS else None
    found = deployment.source_of(source)
    if found is None:
        return None
    stack = found.resource.stack
    kind = "cluster" if found.kind == "cluster" else "db"
    return ["arn", _tokens("${AWS::Partition}"), "rds", stack.region or _tokens("${AWS::Region}"),
            stack.account or _tokens("${AWS::AccountId}"), f"{kind}:{found.identifier}" if found.identifier else None]


def _part_matches(pattern: str, text: str | None, kind: str) -> bool | None:
    """One ARN part against a policy pattern part; None when an unknown value on either side decides."""
    if text is None:
        # A generated identifier: decided only when the pattern takes any identifier at all, or names
        # another resource type.
        named = pattern.split(":", 1)[0]
        if ":" in pattern and not any(c in named for c in "*?") and named != kind:
            return False
        samples = {_wildcard_match(pattern, f"{kind}:{sample}") for sample in ("a", "zz-9-generated-identifier")}
        return True if samples == {True} else None
    if pattern == text:
        return True
    if _PSEUDO in pattern or _PSEUDO in text:
        # A pseudo parameter stands for the same value wherever the source and the policy meet (an
        # integration joins them within one account and Region); against anything else, only a bare
        # wildcard decides.
        return True if pattern.strip("*") == "" else None
    return _wildcard_match(pattern, text)


def _symbolic_match(deployment: Deployment, operator: _Operator, pattern: str, source: ArnRef) -> bool | None:
    """Match a pattern with pseudo parameters, or a source known only as a resource, part by part."""
    source_parts = _source_parts(deployment, source)
    pattern_parts = _tokens(pattern).split(":", _ARN_PARTS - 1)
    if source_parts is None or len(pattern_parts) != _ARN_PARTS:
        return None
    kind = (source_parts[5] or ("cluster" if source.kind == "cluster" else "db")).split(":", 1)[0]
    found = _all3(_part_matches(p, t, kind) for p, t in zip(pattern_parts, source_parts))
    # StringLike's * may also cross colons: matching part by part proves a match, never a mismatch.
    return None if found is False and operator.match == "like" else found


def source_test_holds(deployment: Deployment, test: SourceTest, source: ArnRef, why: Why = None) -> bool | None:
    """Does one aws:SourceArn test hold for this source? None when the operator or a value is unknown."""
    operator = condition_operator(test.operator)
    if not test.values:
        _note(why, f"its Condition is computed ({test.operator})")
        return None
    if operator is None:
        _note(why, f"the condition operator {test.operator} is not evaluated")
        return None
    # The values of one test are alternatives: a positive operator holds when one matches, a
    # negated one when none does.
    found = _any3(_agree([_value_matches(deployment, operator, option, source, why) for option in value], why)
                  for value in test.values)
    return _not3(found) if operator.negated else found


def _statement_names_source(deployment: Deployment, statement: Statement, source: ArnRef, why: Why) -> bool | None:
    # No aws:SourceArn test: the statement applies to every source; several must all hold.
    return _all3(source_test_holds(deployment, test, source, why) for test in statement.source_tests)


@dataclass(frozen=True, slots=True)
class Authorization:
    """Whether a target's policies let something in, the statement that decided, and why it is undecided."""

    result: bool | None
    denied_by: tuple[Policy, Statement] | None = None
    # An Allow that would otherwise grant it but whose NotAction leaves the action out.
    excluded_by: tuple[Policy, Statement] | None = None
    why: tuple[str, ...] = ()  # set when result is None

    @property
    def reason(self) -> str:
        return "; ".join(self.why)


def _statements(policies: Iterable[Policy]) -> Iterator[tuple[Policy, Statement]]:
    for policy in policies:
        for statement in policy.statements:
            yield policy, statement


def _statement_name(policy: Policy, statement: Statement) -> str:
    return f"statement {statement.index} of {policy.label}"


def authorizes_source(deployment: Deployment, policies: Iterable[Policy], action: str, source: ArnRef,
                      unknowns: Iterable[str] = (), service: str | None = None) -> Authorization:
    """Does some policy Allow action for this source, with no Deny in any of them taking it back?

    The statements of every policy given are read together. unknowns are policies that may apply
    but cannot be read: they leave a refusal undecided. With service, only statements whose
    Principal takes in that service principal decide.
    """
    allowed: list[bool | None] = []
    denied: list[bool | None] = []
    denied_by: tuple[Policy, Statement] | None = None
    excluded_by: tuple[Policy, Statement] | None = None
    why: list[str] = []
    for policy, statement in _statements(policies):
        effect = _effect(statement)
        local: list[str] = []
        covers = covers_action(statement, action, local)
        if effect == _DENY:
            if covers is False:
                continue
            names = _statement_names_source(deployment, statement, source, local)
            verdict = True if covers is True and names is True else None if names is not False else False
            if verdict is True and service is not None and takes_service(statement, service, local) is not True:
                verdict = None
            denied.append(verdict)
            if verdict is True and denied_by is None:
                denied_by = (policy, statement)
            if verdict is None:
                why.extend(f"{_statement_name(policy, statement)} may deny it: {reason}" for reason in local)
            continue
        if effect not in (_ALLOW, None):
            continue
        if covers is False:
            if statement.not_action and effect == _ALLOW and excluded_by is None and \
                    _statement_names_source(deployment, statement, source, None) is not False:
                excluded_by = (policy, statement)
            continue
        names = _statement_names_source(deployment, statement, source, local)
        if effect is None:
            local.append("its Effect is not readable")
        verdict = names if effect is not None and covers is not None else None if names is not False else False
        if verdict is True and service is not None and takes_service(statement, service, local) is not True:
            verdict = None
        allowed.append(verdict)
        if verdict is None:
            why.extend(f"{_statement_name(policy, statement)} may allow it: {reason}" for reason in local)
    if denied_by is not None:
        return Authorization(False, denied_by)
    allow = _any3(allowed)
    if allow is True:
        # An undecided Deny may still take it back.
        return Authorization(True) if _any3(denied) is False else Authorization(None, why=tuple(dict.fromkeys(why)))
    unread = tuple(unknowns)
    if allow is False and not unread:
        return Authorization(False, excluded_by=excluded_by)
    return Authorization(None, excluded_by=excluded_by, why=tuple(dict.fromkeys((*why, *unread))))


def allows_principal(policies: Iterable[Policy], action: str, unknowns: Iterable[str] = ()) -> Authorization:
    """Does some statement Allow action to a principal? None when a statement or policy cannot be read."""
    results: list[bool | None] = []
    why: list[str] = []
    excluded_by: tuple[Policy, Statement] | None = None
    for policy, statement in _statements(policies):
        effect = _effect(statement)
        if effect == _DENY:
            continue
        local: list[str] = []
        covers = covers_action(statement, action, local)
        if covers is False and statement.not_action and effect == _ALLOW and excluded_by is None \
                and takes_creator(statement) is True:
            excluded_by = (policy, statement)
        if covers is False or not statement.has_principal:
            continue
        if effect is None:
            local.append("its Effect is not readable")
        creator = takes_creator(statement, local)
        if creator is False:
            continue
        verdict = (True if effect == _ALLOW and covers is True and creator is True
                   else None if effect is None or covers is None or creator is None else False)
        results.append(verdict)
        if verdict is None:
            why.extend(f"{_statement_name(policy, statement)} may allow it: {reason}" for reason in local)
    found = _any3(results)
    if found is True:
        return Authorization(True)
    unread = tuple(unknowns)
    if found is False and not unread:
        return Authorization(False, excluded_by=excluded_by)
    return Authorization(None, excluded_by=excluded_by, why=tuple(dict.fromkeys((*why, *unread))))


def target_authorizes_source(deployment: Deployment, target: Target, facts: AuthorizationFacts,
                             source: ArnRef) -> Authorization:
    """authorizes_source over every policy of the target, its unreadable ones included."""
    return authorizes_source(deployment, target.policies, facts.source_action, source, _unread(target),
                             facts.source_principal_service)


def target_allows_principal(target: Target, action: str) -> Authorization:
    return allows_principal(target.policies, action, _unread(target))


def _unread(target: Target) -> tuple[str, ...]:
    return tuple(unread_reasons(target))


def unread_reasons(target: Target) -> list[str]:
    """Why the target's policy may hold more than the inputs show, as verdicts give it."""
    return [f"the resource policy of {target.label} is unresolved ({unknown.reason})"
            for unknown in target.policy_unknowns]


@dataclass(frozen=True)
class PolicyVerdicts:
    """The verdicts on one deployment's resource policies, each evaluated once and read by every rule that asks.

    Its two questions are named as rules declare the verdict they need (``Read("policy", "authorizes_source")``),
    so that a verdict left undecided here names the rules that could not decide it.
    """

    deployment: Deployment
    facts: AuthorizationFacts
    _sources: dict[tuple[int, int], Authorization] = field(default_factory=dict, repr=False, compare=False)
    _principals: dict[int, Authorization] = field(default_factory=dict, repr=False, compare=False)

    def sources_asked(self, integration: Integration) -> tuple[ArnRef, ...]:
        """The values of an integration's source whose authorization the target's policies decide."""
        return tuple(arn for arn in integration.sources if arn.kind in SOURCE_KINDS)

    def authorizes_source(self, target: Target, source: ArnRef) -> Authorization:
        """Do the target's policies authorize this source as an integration source?"""
        key = (id(target), id(source))
        if key not in self._sources:
            self._sources[key] = target_authorizes_source(self.deployment, target, self.facts, source)
        return self._sources[key]

    def allows_principal(self, target: Target) -> Authorization:
        """Do the target's policies allow some principal to create integrations into it?"""
        if id(target) not in self._principals:
            self._principals[id(target)] = target_allows_principal(target, self.facts.principal_action)
        return self._principals[id(target)]


def single_removal(policies: tuple[Policy, ...], decides: Callable[[Policy], bool], exists: Entity) -> Policy | None:
    """The policy that alone grants (decides(policy)), when an Fn::If branch or its resource's Condition
    removes it while exists exists; None otherwise, or when several policies grant."""
    deciding = [policy for policy in policies if decides(policy)]
    if len(deciding) != 1 or removed_where(deciding[0].prop, exists=exists) is not True:
        return None
    return deciding[0]
