"""The rule catalog: every rule, explicitly listed and sorted by code."""

from __future__ import annotations

from zeroetl_lint.checks import (
    ze900_internal_error,
    ze901_parse_error,
    ze902_unresolved_reference,
    ze904_unknown_rule,
)
from zeroetl_lint.registry import Rule

ALL_RULES: tuple[Rule, ...] = (
    ze900_internal_error.internal_error,
    ze901_parse_error.parse_error,
    ze902_unresolved_reference.unresolved_reference,
    ze904_unknown_rule.unknown_rule,
)
