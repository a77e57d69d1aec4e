"""What the inputs, the settings or the run itself could not give the rules, as data the engine reports."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from zeroetl_lint.findings import NOWHERE, Location, Violation


class ProblemKind(str, Enum):
    """What went wrong; each kind is reported by the one rule that declares it (`@rule(reports=...)`)."""

    UNREADABLE = "unreadable"  # an input, or a part of one, cannot be read
    UNRESOLVED = "unresolved"  # something the rules need is not among the inputs
    NOT_ANALYSED = "not-analysed"  # read only as opaque text: the model may miss what it does
    UNKNOWN_SELECTOR = "unknown-selector"  # a setting or a suppression names no rule
    UNUSED_SUPPRESSION = "unused-suppression"  # a suppression that suppressed nothing
    CRASH = "crash"  # zeroetl-lint itself failed on the input


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem: its kind, the message and fix a finding about it shows, where it is and what it is about."""

    kind: ProblemKind
    message: str
    fix: str
    location: Location = NOWHERE
    object: str = ""  # what a baseline keys on: a path, a statement's first words, a setting

    def violation(self) -> Violation:
        """The problem as a rule's violation (the engine adds the code of the rule reporting its kind)."""
        return Violation(self.message, self.fix, self.location, self.object)
