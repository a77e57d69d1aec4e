"""Judgements on the source facts: what an engine version, a parameter value or a family means."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from zeroetl_lint.findings import Severity
from zeroetl_lint.rulebook import BooleanWords, EngineFacts, MajorVersion, ParameterFact, UnlistedMajor, compiled


def applies(fact: ParameterFact, *, multi_az_db_cluster: bool) -> bool:
    """Does a parameter requirement apply to a source of this shape?"""
    return fact.only_for is None or (fact.only_for == "multi-az-db-cluster" and multi_az_db_cluster)


def capped(severity: Severity | None, verified: bool) -> Severity | None:
    """An unverified fact is reported as a warning at most."""
    return severity if verified else Severity.WARNING


# -- engine versions ------------------------------------------------------------------------------


def version_key(text: str) -> tuple[int, ...]:
    """'3.05.2' -> (3, 5, 2); numeric parts compare as numbers, so 16.10 > 16.4."""
    return tuple(int(part) for part in text.split("."))


@dataclass(frozen=True, slots=True)
class Version:
    """An EngineVersion read with the engine's version pattern."""

    text: str  # as written
    groups: dict[str, str]  # the pattern's named groups ("major", "mysql", ...)
    comparable: str  # the part AWS versions zero-ETL support by ("3.05.2" of an Aurora MySQL version)

    @property
    def major(self) -> str:
        return self.groups["major"]


def parse_version(facts: EngineFacts, text: str) -> Version | None:
    match = compiled(facts.version_pattern).match(text.strip())
    if match is None:
        unlisted = unlisted_major(facts, text)
        match = compiled(unlisted.version_pattern).match(text.strip()) if unlisted is not None else None
        if match is None:
            return None
        groups = {name: value for name, value in match.groupdict().items() if value is not None}
        return Version(text, {**groups, "major": unlisted.major}, text.strip())  # type: ignore[union-attr]
    groups = {name: value for name, value in match.groupdict().items() if value is not None}
    comparable = groups.get(facts.version_group, text.strip()) if facts.version_group else text.strip()
    return Version(text, groups, comparable)


def unlisted_major(facts: EngineFacts, text: str) -> UnlistedMajor | None:
    """The major version with its own syntax that the zero-ETL tables do not list, if text is one."""
    for unlisted in facts.not_listed:
        if compiled(unlisted.version_pattern).match(text.strip()):
            return unlisted
    return None


def supported_versions(facts: EngineFacts) -> str:
    """'16.4 or higher', '16.4+ or 17.4+', '8.0 or 8.4': what the rulebook lists, for messages."""
    if len(facts.majors) == 1 and facts.majors[0].minimum is not None:
        return f"{facts.label} {facts.majors[0].minimum} or higher"
    return f"{facts.label} {either([f'{m.minimum}+' if m.minimum is not None else m.major for m in facts.majors])}"


def either(items: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


@dataclass(frozen=True, slots=True)
class VersionProblem:
    """Why a version is not (known to be) a zero-ETL version, and how sure that is."""

    reason: str  # completes "EngineVersion of X is V"
    severity: Severity | None  # None: the rule's default (error)
    suggestion: str  # a version to set
    # The suggestion is the minimum of the version's own major: the one unambiguous upgrade.
    same_major: bool = False


def version_problem(facts: EngineFacts, text: str) -> VersionProblem | None:
    """Compare an EngineVersion with the rulebook's majors and minimums; None when it is supported."""
    required = supported_versions(facts)
    suggestion = _suggestion(facts)
    unlisted = unlisted_major(facts, text)
    if unlisted is not None:
        return VersionProblem(f" ({unlisted.label}), which is not listed for zero-ETL: AWS lists only {required}",
                              Severity.WARNING, suggestion)
    version = parse_version(facts, text)
    if version is None:
        return VersionProblem(f", which cannot be compared with the versions zero-ETL supports: {required}",
                              Severity.WARNING, suggestion)
    shown = f" ({facts.label} {version.comparable})" if facts.version_group else ""
    listed = {m.major: m for m in facts.majors}
    major = listed.get(version.major)
    if major is not None:
        return _within_major(facts, version, major, shown)
    keys = [version_key(m.major) for m in facts.majors]
    if version_key(version.major) > max(keys):
        return VersionProblem(
            f"{shown}, a major version without known zero-ETL support; the supported versions known are {required}",
            _severity(facts.above_listed), suggestion)
    return VersionProblem(f"{shown}; zero-ETL requires {required}", _severity(facts.below_listed), suggestion)


def _within_major(facts: EngineFacts, version: Version, major: MajorVersion, shown: str) -> VersionProblem | None:
    if major.minimum is None:
        return None
    unverified = "" if major.verified else " (an unconfirmed minimum)"
    have, need = version_key(version.comparable), version_key(major.minimum)
    if len(have) < len(need) and have == need[:len(have)]:
        # "16" lets RDS pick the minor version, which may be below the minimum and may change.
        return VersionProblem(f"{shown}, which lets RDS pick the minor version; zero-ETL requires "
                              f"{facts.label} {major.minimum} or higher{unverified}", Severity.WARNING, major.minimum,
                              same_major=True)
    if have < need:
        return VersionProblem(f"{shown}; zero-ETL requires {facts.label} {major.minimum} or higher{unverified}",
                              capped(None, major.verified), major.minimum, same_major=True)
    return None


def _suggestion(facts: EngineFacts) -> str:
    lowest = facts.majors[0]
    return lowest.minimum or lowest.major


def _severity(level: str) -> Severity | None:
    return Severity.WARNING if level == "warning" else None


def expected_family(facts: EngineFacts, version_text: str | None) -> str | None:
    """The parameter group family for this engine version ('aurora-postgresql16'); None when unknown."""
    version = parse_version(facts, version_text) if version_text is not None else None
    if version is None:
        return None
    try:
        return facts.parameter_family.format(**version.groups)
    except KeyError:
        return None


def family_pattern(facts: EngineFacts) -> re.Pattern[str]:
    """A pattern for this engine's families whatever the version ('aurora-postgresql' + digits)."""
    pieces = re.split(r"\{[a-z_]+\}", facts.parameter_family)
    return re.compile("^" + r"[0-9.]+".join(re.escape(piece) for piece in pieces) + "$")


# -- parameter values -----------------------------------------------------------------------------


def _is_formula(text: str) -> bool:
    # RDS evaluates "{DBInstanceClassMemory/12582880}"-style formulas when the instance starts.
    return text.startswith("{") and text.endswith("}")


def number(value: Any) -> Decimal | None:
    """The value as a finite number, or None (a boolean is not a number)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    try:
        found = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return found if found.is_finite() else None


def meaning(value: Any, words: BooleanWords) -> object:
    """What a parameter value means: True/False for on/off in any spelling, a number, or lower-cased text."""
    if isinstance(value, bool):
        return value
    found = number(value)
    if found is not None:
        text = str(int(found)) if found == found.to_integral_value() else None
        if text in words.on:
            return True
        if text in words.off:
            return False
        return found
    text = str(value).strip().lower()
    if text in words.on:
        return True
    if text in words.off:
        return False
    return text


def satisfies(fact: ParameterFact, value: Any, words: BooleanWords) -> bool | None:
    """Does the value meet the requirement, by meaning? None when it cannot be known statically."""
    if not isinstance(value, (str, int, float, bool)) or (isinstance(value, str) and _is_formula(value.strip())):
        return None
    if fact.expect == "eq":
        return meaning(value, words) == meaning(fact.value, words)
    if fact.expect == "ne":
        return meaning(value, words) != meaning(fact.value, words)
    found, required = number(value), number(fact.value)
    if found is None or required is None:
        return False
    return found >= required or (fact.expect == "ge_or_zero" and found == 0)


def requirement(fact: ParameterFact) -> str:
    """What zero-ETL requires, for messages: '1', 'not ON', '20 or more', '0 or at least 20000'."""
    if fact.expect == "eq":
        return fact.value
    if fact.expect == "ne":
        return f"any value but {fact.value}"
    if fact.expect == "ge":
        return f"{fact.value} or more"
    return f"0 or at least {fact.value}"


def preferred_value(fact: ParameterFact, words: BooleanWords) -> str:
    """A value to suggest in a fix: the required one, or the default when only a value is excluded."""
    if fact.expect != "ne":
        return fact.value
    if fact.default is not None and satisfies(fact, fact.default, words):
        return fact.default
    return f"a value other than {fact.value}"


class Spelled(Protocol):
    """A value with its spelling: the model's Branch."""

    @property
    def value(self) -> Any: ...

    @property
    def text(self) -> str | None: ...  # as written: "1", "on", "16.10"

    @property
    def written(self) -> str: ...  # how a message quotes it


def spelling_problem(fact: ParameterFact, branch: Spelled, words: BooleanWords) -> tuple[str, str | None] | None:
    """Right meaning, risky spelling: (why, the spelling to use) or None when the value is fine or wrong."""
    value, text, written = branch.value, branch.text, branch.written
    if satisfies(fact, value, words) is not True:
        return None
    canonical = _canonical(fact, value, words)
    if isinstance(value, bool):
        read_as = f"the boolean {'true' if value else 'false'}"
        return f"which the template reads as {read_as}, not as the text {canonical or written}", canonical
    if canonical is None or text is None or text == canonical:
        return None
    if text.lower() == canonical.lower():
        return f"which differs in case from the documented {canonical}", canonical
    return f"another spelling of the documented {canonical}", canonical


def _canonical(fact: ParameterFact, value: Any, words: BooleanWords) -> str | None:
    if fact.expect == "eq":
        return fact.value
    if fact.expect == "ne":
        default = fact.default
        return default if default and meaning(default, words) == meaning(value, words) else None
    found = number(value)
    if found is None or found != found.to_integral_value():
        return None
    return str(int(found))
