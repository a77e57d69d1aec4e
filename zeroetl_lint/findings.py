"""Locations, violations, findings and the report: the values that flow from rules to reporters."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """How much a finding matters; ordered from most to least severe."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for error, 1 for warning, 2 for info: smaller is more severe."""
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Location:
    """A place in an input file: 1-based lines and columns, the end column being the last character's."""

    path: str | None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None

    def sort_key(self) -> tuple[str, int, int]:
        return (self.path or "", self.line or 0, self.column or 0)


NOWHERE = Location(None)


@dataclass(frozen=True, slots=True)
class Related:
    """A secondary place that explains a finding (the clause that selects a table, the policy that lacks a source)."""

    location: Location
    message: str


class Applicability(str, Enum):
    """Whether ``--fix`` applies a fix on its own (safe) or only with ``--unsafe-fixes``."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text of ``path`` from (line, column) up to, not including, (end_line, end_column); 1-based.

    An insertion has equal start and end; columns count characters (code points) of the decoded text.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A mechanical repair a rule attaches to its finding: a title and edits applied together or not at all."""

    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE


@dataclass(frozen=True, slots=True)
class Violation:
    """What a rule yields: the engine stamps on the rule's code, name and default severity."""

    message: str
    fix: str
    location: Location
    object: str
    related: tuple[Related, ...] = ()
    # Some rules have a documented lower severity for one case (a missing EngineVersion is a warning).
    severity: Severity | None = None
    # Text shown under the location in text output: the filter with a caret, for instance.
    excerpt: str | None = None
    fixes: tuple[Fix, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """A violation attributed to a rule, ready for reporting."""

    rule: str
    name: str
    severity: Severity
    message: str
    fix: str
    location: Location
    object: str
    url: str
    related: tuple[Related, ...] = ()
    excerpt: str | None = None
    fixes: tuple[Fix, ...] = ()

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (*self.location.sort_key(), self.rule, self.object)


@dataclass(frozen=True, slots=True)
class Report:
    """The result of one run: sorted findings plus the bookkeeping reporters summarise."""

    findings: tuple[Finding, ...]
    files: int
    baselined: int = 0
    stale_baseline_entries: int = 0
    suppressed: int = 0
    skipped: tuple[str, ...] = field(default=())
    config: str | None = None  # the config file the run used ("pyproject.toml [tool.zeroetl-lint]")
    # The directory the findings' relative paths are below (LintOptions.root); None: the process's current one.
    root: str | None = None
    # What --fix did: how many fixes it applied, and what it left alone and why (CDK output, ...).
    fixed: int = 0
    suppressions_added: int = 0  # findings --add-suppressions wrote a suppression for
    fix_notes: tuple[str, ...] = field(default=())
    # Whether unsafe fixes count as applicable (--unsafe-fixes): the [*] marks and the summary follow it.
    unsafe_fixes: bool = False
    # The code of the rule the run reports crashes of rules under (the engine asks the registry): such
    # findings are about the linter, not the input, so they fail the run and are never baselined or suppressed.
    crash_rule: str | None = None

    def is_crash(self, finding: Finding) -> bool:
        """Is this finding a rule's crash?"""
        return finding.rule == self.crash_rule

    def fixable(self, finding: Finding) -> bool:
        """Would --fix (with --unsafe-fixes when the run has it) apply a fix to this finding?"""
        return any(self.unsafe_fixes or fix.applicability is Applicability.SAFE for fix in finding.fixes)

    def fixable_counts(self) -> tuple[int, int]:
        """(findings --fix would fix as the run is set, findings that only --unsafe-fixes would add)."""
        now = sum(1 for finding in self.findings if self.fixable(finding))
        hidden = 0 if self.unsafe_fixes else sum(
            1 for finding in self.findings
            if finding.fixes and all(fix.applicability is Applicability.UNSAFE for fix in finding.fixes))
        return now, hidden

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    def fails(self, fail_on: Severity | None) -> bool:
        """True when a finding is at or above ``fail_on`` (None means never fail)."""
        if fail_on is None:
            return False
        return any(finding.severity.rank <= fail_on.rank for finding in self.findings)

    @property
    def internal_error(self) -> bool:
        return any(self.is_crash(finding) for finding in self.findings)
