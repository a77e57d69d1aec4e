"""Hover on a diagnostic: the rule's documentation, the same text as `zeroetl-lint rule CODE`, as Markdown."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from zeroetl_lint.server.folder import Shown
from zeroetl_lint.server.positions import contains


def hover(shown: Sequence[Shown], position: types.Position) -> types.Hover | None:
    """The docs of every rule with a diagnostic under the position, or None when there is none."""
    from zeroetl_lint.docs import rule_text
    from zeroetl_lint.engine import all_rules

    rules = {rule.code: rule for rule in all_rules()}
    under = [entry for entry in shown if entry.finding is not None and contains(entry.diagnostic.range, position)]
    codes = list(dict.fromkeys(entry.finding.rule for entry in under if entry.finding is not None))
    docs = [rule_text(rules[code]) for code in codes if code in rules]
    if not docs:
        return None
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, "\n---\n\n".join(docs)), under[0].diagnostic.range)
