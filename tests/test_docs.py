"""docs/rules.md is generated from the rule docstrings; it must be fresh and every rule URL must land on a heading."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from zeroetl_lint.checks import ALL_RULES
from zeroetl_lint.cli import app
from zeroetl_lint.docs import REGENERATE, anchor, render_rules
from zeroetl_lint.registry import DOCS_URL

RULES_MD = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_rules_md_is_fresh() -> None:
    assert RULES_MD.read_text() == render_rules(ALL_RULES), f"docs/rules.md is stale; run `{REGENERATE}`"


def test_every_rule_url_leads_to_its_section() -> None:
    headings = {anchor(m) for m in re.findall(r"^#+ (.+)$", RULES_MD.read_text(), re.M)}
    assert DOCS_URL.endswith("docs/rules.md")
    for rule in ALL_RULES:
        page, _, fragment = rule.url.partition("#")
        assert page == DOCS_URL and fragment in headings, rule.url


def test_rule_command_prints_the_same_text_as_the_docs() -> None:
    for rule in ALL_RULES[:3] + ALL_RULES[-3:]:
        printed = CliRunner().invoke(app, ["rule", rule.code]).stdout
        section = RULES_MD.read_text().split(f"\n## {rule.code} {rule.name}\n", 1)[1].split("\n## ZE", 1)[0]
        # The page nests the docstring's headings one level deeper; the words are the same.
        assert re.sub(r"^#+ ", "", printed.split("\n", 2)[2], flags=re.M).strip() == \
            re.sub(r"^#+ ", "", section, flags=re.M).strip()
