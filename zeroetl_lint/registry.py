"""The Rule record and the decorator that turns a documented check function into one."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from zeroetl_lint.findings import Applicability, Severity, Violation
from zeroetl_lint.model.problems import ProblemKind

if TYPE_CHECKING:
    from zeroetl_lint.model.project import Project

CheckFn = Callable[["Project"], Iterable[Violation]]

DOCS_URL = "https://github.com/zeroetl-lint/zeroetl-lint/blob/main/docs/rules.md"


class Need(str, Enum):
    """What a rule has nothing to look at without; a run that lacks it says so in the report's summary."""

    DEPLOYMENT = "deployment"  # a zero-ETL integration, or a source or target meant for one
    SCHEMA = "schema"  # the schema SQL of the databases the filters replicate


@dataclass(frozen=True, slots=True)
class Read:
    """What a rule must have resolved to check an object: unresolved, the rule skips it, and ZE902 names the rule."""

    # The model object: "source", "source_group", "target", "target_group", "workgroup", "integration";
    # "policy" for a target's resource policies, "live" for a live source database's server.
    of: str
    # Its field ("engine_mode", an integration's "sources"); of a group, what the rule reads of it ("family",
    # "parameters", ...); of "policy", the verdict it needs decided (a model.iam.PolicyVerdicts method);
    # of "live", what it compares ("version", "parameters").
    field: str
    # (the object, the rulebook) -> does the rule read the field of this object; None: always.
    when: Callable[[Any, Any], bool] | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """One catalog entry: code, name, default severity, documentation and the check itself."""

    code: str
    name: str
    severity: Severity
    check: CheckFn
    explanation: str
    # How --fix can repair its findings: () when it cannot (a suppression always can), else the
    # applicabilities its fixes have; the docstring's "## Fix safety" section says when and how.
    fix_safety: tuple[Applicability, ...] = ()
    # The kind of recorded problem (an unreadable input, an unknown selector, ...) whose findings are
    # this rule's: the engine reports each problem under the one rule that declares its kind.
    reports: ProblemKind | None = None
    needs: Need | None = None
    reads: tuple[Read, ...] = ()  # the fields it needs resolved (ZE902 reports those that are not)

    @property
    def fixable(self) -> str:
        """'safe', 'unsafe', 'safe/unsafe', or '-' when the rule has no fix."""
        return "/".join(applicability.value for applicability in self.fix_safety) or "-"

    @property
    def summary(self) -> str:
        """The docstring's first line ("Checks for ...")."""
        return self.explanation.splitlines()[0]

    @property
    def url(self) -> str:
        return f"{DOCS_URL}#{self.code.lower()}-{self.name}"


@dataclass(frozen=True, slots=True)
class RuleName:
    """A rule's code and name, and the kind of problem it reports: enough to select it (and to find the
    rule a kind of problem is reported under) without importing its module."""

    code: str
    name: str
    reports: ProblemKind | None = None  # as its @rule declares it (checks.load verifies they agree)


# What selection needs of a rule; the catalog lists names, a run imports the rules it selects.
Named = TypeVar("Named", bound="Rule | RuleName")


def rule(*, code: str, name: str, severity: Severity, fixes: tuple[Applicability, ...] = (),
         reports: ProblemKind | None = None, needs: Need | None = None,
         reads: tuple[Read, ...] = ()) -> Callable[[CheckFn], Rule]:
    """Turn a check function into a Rule; registration is the explicit ALL_RULES tuple, not this."""

    def wrap(check: CheckFn) -> Rule:
        explanation = inspect.getdoc(check)
        if not explanation:
            raise TypeError(f"{code} {name}: a rule needs a docstring")
        return Rule(code, name, severity, check, explanation, fixes, reports, needs, reads)

    return wrap


# Problems about the run itself (a rule crashed, an input could not be read, a selector names no rule):
# the rules that report them stay on when --select narrows the catalog.
ABOUT_THE_RUN = frozenset({ProblemKind.CRASH, ProblemKind.UNREADABLE, ProblemKind.UNKNOWN_SELECTOR})


class Selection(Protocol):
    """What chooses the rules of a run: codes, prefixes (ZE2) or names to select and to ignore."""

    @property
    def select(self) -> tuple[str, ...]: ...

    @property
    def ignore(self) -> tuple[str, ...]: ...


def resolve_selectors(selectors: Iterable[str], rules: Sequence[Rule | RuleName]) -> tuple[set[str], list[str]]:
    """Codes matched by codes, prefixes (ZE2) or names; plus the selectors that matched nothing."""
    chosen: set[str] = set()
    unknown: list[str] = []
    for selector in selectors:
        wanted = selector.strip()
        if not wanted:
            continue
        upper = wanted.upper()
        matched = {r.code for r in rules if r.code.startswith(upper) or r.name == wanted.lower()}
        if upper == "ALL":
            matched = {r.code for r in rules}
        if matched:
            chosen |= matched
        else:
            unknown.append(wanted)
    return chosen, unknown


def select_rules(options: Selection, rules: tuple[Named, ...]) -> tuple[Named, ...]:
    """The rules the run executes; selectors that name nothing are reported by lint() as ZE904."""
    selected = (resolve_selectors(options.select, rules)[0] | always_on(rules) if options.select
                else {r.code for r in rules})
    ignored = resolve_selectors(options.ignore, rules)[0]
    return tuple(r for r in rules if r.code in selected and r.code not in ignored)


def always_on(rules: Iterable[Rule | RuleName]) -> set[str]:
    """The codes of the rules that report problems about the run itself, which every run reports."""
    return {r.code for r in rules if r.reports in ABOUT_THE_RUN}


def reporter_of(kind: ProblemKind, rules: Iterable[Named]) -> Named:
    """The rule that reports problems of this kind (the catalog has exactly one per kind)."""
    return next(r for r in rules if r.reports is kind)


def readers(rules: Iterable[Rule], of: str, obj: Any, rulebook: Any, field: str | None = None) -> tuple[str, ...]:
    """The codes of the rules that declare they read the field (any field when None) of this object, or of
    some such object when obj is None (there is none to ask a declaration's condition about)."""
    return tuple(rule.code for rule in rules if any(
        read.of == of and field in (None, read.field) and (read.when is None or obj is None or read.when(obj, rulebook))
        for read in rule.reads))


def rule_list(codes: Iterable[str], catalog: Sequence[Rule | RuleName]) -> str:
    """How a message names rules: 'ZE101 and ZE203'; a whole series as 'ZE2xx', three or more neighbours in
    the catalog as 'ZE301-ZE304', three or more whole series in a row as 'ZE1xx-ZE4xx'; '' for none."""
    wanted = set(codes)
    series: dict[str, list[str]] = {}
    for entry in catalog:
        series.setdefault(entry.code[:3], []).append(entry.code)
    names: list[str] = []
    whole: list[str] = []  # the whole series met in a row, not yet named
    for prefix, members in series.items():
        if len(members) > 1 and wanted.issuperset(members):
            whole.append(prefix)
            continue
        names.extend(_runs([f"{prefix}xx" for prefix in whole]))
        whole = []
        names.extend(_runs([code if code in wanted else "" for code in members]))
    names.extend(_runs([f"{prefix}xx" for prefix in whole]))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def _runs(slots: list[str]) -> list[str]:
    """The named slots of a row ("" for a gap), three or more in a row written as first-last."""
    out: list[str] = []
    run: list[str] = []
    for slot in [*slots, ""]:
        if slot:
            run.append(slot)
            continue
        out.extend([f"{run[0]}-{run[-1]}"] if len(run) >= 3 else run)
        run = []
    return out
