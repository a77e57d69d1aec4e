"""The explicit package list in pyproject.toml matches the package directories."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_packages_list_matches_tree() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "zeroetl_lint").rglob("__init__.py")
    }
    assert listed == found | {"zeroetl_lint.rules"}
    assert config["package-dir"] == {"zeroetl_lint.rules": "rules"}
    assert (ROOT / "rules" / "__init__.py").exists()


def test_rulebook_facts_all_cite_a_source() -> None:
    from zeroetl_lint.rulebook import load_rulebook

    dumped = load_rulebook().model_dump()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "verified" in node or "minimum" in node:
                assert str(node.get("source", "")).startswith("https://"), node
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(dumped)


def test_only_the_rulebook_module_knows_where_the_facts_live() -> None:
    readers = sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "zeroetl_lint").rglob("*.py")
        if '"zeroetl_lint.rules"' in p.read_text()
    )
    assert readers == ["zeroetl_lint/rulebook/__init__.py"]
