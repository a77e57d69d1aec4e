"""Rule documentation rendered from the rule docstrings: `zeroetl-lint rule` and the generated docs/rules.md."""

from __future__ import annotations

import re
from collections.abc import Iterable

from zeroetl_lint.registry import Rule

REGENERATE = "zeroetl-lint rules --format markdown > docs/rules.md"
_HEADING = re.compile(r"^(#{1,5}) ")


def rule_text(rule: Rule) -> str:
    """What `zeroetl-lint rule CODE` prints: a title, the default severity and the docstring."""
    return f"# {rule.code} {rule.name}\n\nDefault severity: {rule.severity.value}\n\n{fixable_line(rule)}\n\n{rule.explanation}\n"


def fixable_line(rule: Rule) -> str:
    """Whether --fix can repair the rule's findings; every finding can be suppressed."""
    if not rule.fix_safety:
        return "Fixable: no (`--add-suppressions` can still suppress its findings)"
    kinds = " or ".join(f"{a.value} (`--fix`)" if a.value == "safe" else f"{a.value} (`--fix --unsafe-fixes`)"
                        for a in rule.fix_safety)
    return f"Fixable: {kinds}; see Fix safety"


def anchor(heading: str) -> str:
    """The fragment GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def demote(markdown: str) -> str:
    """Push every heading one level down, leaving `#` lines inside fenced code alone."""
    lines, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and _HEADING.match(line):
            line = "#" + line
        lines.append(line)
    return "\n".join(lines)


def render_rules(rules: Iterable[Rule]) -> str:
    """docs/rules.md: a table of every rule, then one section per rule (its heading is its URL anchor)."""
    catalog = list(rules)
    out = [
        "# zeroetl-lint rules",
        "",
        f"<!-- Generated from the rule docstrings by `{REGENERATE}`; do not edit by hand. -->",
        "",
        "| code | name | default severity | fixable | summary |",
        "|---|---|---|---|---|",
    ]
    for rule in catalog:
        summary = rule.summary.replace("|", "\\|")
        out.append(f"| [{rule.code}](#{anchor(f'{rule.code} {rule.name}')}) | {rule.name} | "
                   f"{rule.severity.value} | {rule.fixable} | {summary} |")
    for rule in catalog:
        out.extend(["", f"## {rule.code} {rule.name}", "", f"Default severity: {rule.severity.value}",
                    "", fixable_line(rule), "", demote(rule.explanation)])
    return "\n".join(out) + "\n"
