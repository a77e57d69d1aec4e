"""The rule catalog: every rule, explicitly listed and sorted by code."""

from __future__ import annotations

from zeroetl_lint.checks import (
    ze501_filter_syntax,
    ze502_filter_characters,
    ze503_filter_limits,
    ze504_filter_pattern_shape,
    ze505_filter_database_regex,
    ze506_filter_missing_include,
    ze507_filter_too_many_databases,
    ze508_filter_shadowed_clause,
    ze510_filter_invalid_regex,
    ze900_internal_error,
    ze901_parse_error,
    ze902_unresolved_reference,
    ze904_unknown_rule,
)
from zeroetl_lint.registry import Rule

ALL_RULES: tuple[Rule, ...] = (
    ze501_filter_syntax.filter_syntax,
    ze502_filter_characters.filter_characters,
    ze503_filter_limits.filter_limits,
    ze504_filter_pattern_shape.filter_pattern_shape,
    ze505_filter_database_regex.filter_database_regex,
    ze506_filter_missing_include.filter_missing_include,
    ze507_filter_too_many_databases.filter_too_many_databases,
    ze508_filter_shadowed_clause.filter_shadowed_clause,
    ze510_filter_invalid_regex.filter_invalid_regex,
    ze900_internal_error.internal_error,
    ze901_parse_error.parse_error,
    ze902_unresolved_reference.unresolved_reference,
    ze904_unknown_rule.unknown_rule,
)
