"""The package's layers: every import points down, never across adapters, and no modules import each other.

The layers, lowest first (docs/architecture.md draws them). A module may import its own unit (its
package, or itself for a top-level module) and any unit of a lower layer; units of one layer may
not import each other (adapters stay independent of one another). Imports inside functions and
under TYPE_CHECKING count: they hide an arrow, they do not remove it.

KNOWN lists the arrows that break these rules today, each to be removed by the change that fixes
it: the test fails on any arrow not listed and on any listed arrow that is gone, so the list only
shrinks. KNOWN_CYCLES does the same for groups of modules that import each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "zeroetl_lint"

# Lowest first. A name is a unit: a top-level module, a package, or an adapter package.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("findings", "errors", "rules", "version"),
    ("rulebook",),
    ("model",),
    ("registry",),
    ("checks",),
    ("artifacts", "artifacts.files"),
    # The adapters, one per input kind: none may import another.
    ("artifacts.cloudformation", "artifacts.sql", "artifacts.data_filter", "artifacts.postgres",
     "artifacts.terraform"),
    ("artifacts.load",),  # assembling the inputs into one Project
    ("fixes", "suppressions", "baseline", "reporters", "config", "destinations"),
    ("settings",),
    ("engine",),
    ("explain", "docs", "argv", "__init__"),  # command cores and the public API (lint, Report)
    ("server", "integrations"),  # the language server, other tools' plugins
    ("cli",),  # the command line, which also starts the server
    ("__main__",),
)
RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}

# Arrows that break the layering today: (importing module, imported module).
KNOWN: frozenset[tuple[str, str]] = frozenset({
})
# Groups of modules that import each other today.
KNOWN_CYCLES: frozenset[frozenset[str]] = frozenset({
})


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "__init__"


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _local(target: str) -> str:
    """'zeroetl_lint.model.values' -> 'model.values'; the package itself is '__init__'."""
    return target.removeprefix("zeroetl_lint").removeprefix(".") or "__init__"


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that the module imports (`from x import y` counts as x.y when that is a module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(_local(alias.name) for alias in node.names if alias.name.startswith("zeroetl_lint"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = ["zeroetl_lint", *filter(None, package.split("."))]
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            if base != "zeroetl_lint" and not base.startswith("zeroetl_lint."):
                continue
            for alias in node.names:
                submodule = _local(f"{base}.{alias.name}")
                found.add(submodule if submodule in modules else _local(base))
    return {module for module in found if module in modules} - {name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def unit_of(module: str) -> str:
    """The layer unit a module belongs to: its adapter package, its package, or itself."""
    parts = module.split(".")
    if parts[0] == "artifacts" and len(parts) > 1:
        return ".".join(parts[:2])
    return parts[0]


def violations(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    found = set()
    for module, targets in graph.items():
        unit = unit_of(module)
        for target in targets:
            other = unit_of(target)
            if other != unit and RANK[other] >= RANK[unit]:
                found.add((module, target))
    return found


def cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.add(frozenset(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_unit_has_a_layer() -> None:
    missing = sorted({unit_of(module) for module in _modules()} - set(RANK))
    assert not missing, f"add these to LAYERS in {Path(__file__).name}: {missing}"


def test_imports_point_down() -> None:
    found = violations(_graph())
    new = sorted(found - KNOWN)
    fixed = sorted(KNOWN - found)
    assert not new, "imports that point up or across (see docs/architecture.md): " + ", ".join(
        f"{a} -> {b}" for a, b in new)
    assert not fixed, "these arrows are gone: remove them from KNOWN: " + ", ".join(f"{a} -> {b}" for a, b in fixed)


def test_no_new_import_cycles() -> None:
    found = cycles(_graph())
    new = [sorted(group) for group in found - KNOWN_CYCLES]
    fixed = [sorted(group) for group in KNOWN_CYCLES - found]
    assert not new, f"modules that import each other: {new}"
    assert not fixed, f"these cycles are gone: remove them from KNOWN_CYCLES: {fixed}"


@pytest.mark.parametrize(("graph", "expected"), [
    ({"checks.ze1": {"artifacts.cloudformation.template"}, "artifacts.cloudformation.template": set()},
     {("checks.ze1", "artifacts.cloudformation.template")}),
    ({"model.a": {"engine"}, "engine": set()}, {("model.a", "engine")}),
    ({"artifacts.sql.x": {"artifacts.cloudformation.y"}, "artifacts.cloudformation.y": set()},
     {("artifacts.sql.x", "artifacts.cloudformation.y")}),
    ({"engine": {"model.a", "checks"}, "model.a": set(), "checks": set()}, set()),
])
def test_the_check_itself(graph: dict[str, set[str]], expected: set[tuple[str, str]]) -> None:
    assert violations(graph) == expected


def test_cycles_are_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {frozenset({"a", "b", "c"})}
