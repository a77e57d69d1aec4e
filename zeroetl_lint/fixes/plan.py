"""Choose which fixes one round applies: each fix whole or not at all, none overlapping another."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from zeroetl_lint.findings import Applicability, Edit, Finding, Fix
from zeroetl_lint.fixes.text_edits import EditError, Span, to_spans


@dataclass(frozen=True, slots=True)
class Round:
    """The fixes a round applies, the edits they make per file, and the fixes left for a later round."""

    applied: tuple[Fix, ...] = ()
    edits: Mapping[str, tuple[Edit, ...]] = field(default_factory=dict)
    deferred: tuple[Fix, ...] = ()
    # Fixes whose edits do not fit the file (a stale position): never applied.
    invalid: tuple[Fix, ...] = ()


def wanted(finding: Finding, unsafe: bool) -> Fix | None:
    """The fix --fix applies to a finding: its first safe fix, or first fix of all with --unsafe-fixes."""
    return next((fix for fix in finding.fixes if unsafe or fix.applicability is Applicability.SAFE), None)


def plan(fixes: Iterable[Fix], texts: Mapping[str, str], writable: frozenset[str] | None = None) -> Round:
    """Take fixes in order; a fix that overlaps one already taken waits for the next round.

    Identical fixes (two findings asking for the same change) are applied once. A fix touching a
    file that is not in texts, or not in writable when that is given, is not applied at all.
    """
    taken: dict[str, list[Span]] = {}
    edits: dict[str, list[Edit]] = {}
    applied: list[Fix] = []
    deferred: list[Fix] = []
    invalid: list[Fix] = []
    seen: set[tuple[Edit, ...]] = set()
    for fix in fixes:
        key = tuple(sorted(fix.edits, key=lambda edit: (edit.path, edit.line, edit.column)))
        if key in seen:
            applied.append(fix)
            continue
        spans = _spans(fix, texts, writable)
        if spans is None:
            invalid.append(fix)
            continue
        if any(span.overlaps(other) for path, mine in spans.items() for span in mine for other in taken.get(path, ())):
            deferred.append(fix)
            continue
        if any(a.overlaps(b) for mine in spans.values() for i, a in enumerate(mine) for b in mine[i + 1:]):
            invalid.append(fix)  # a fix that overlaps itself is a bug in the rule, not a conflict
            continue
        seen.add(key)
        applied.append(fix)
        for path, mine in spans.items():
            taken.setdefault(path, []).extend(mine)
        for edit in fix.edits:
            edits.setdefault(edit.path, []).append(edit)
    return Round(tuple(applied), {path: tuple(found) for path, found in edits.items()}, tuple(deferred), tuple(invalid))


def _spans(fix: Fix, texts: Mapping[str, str], writable: frozenset[str] | None) -> dict[str, list[Span]] | None:
    by_path: dict[str, list[Edit]] = {}
    for edit in fix.edits:
        by_path.setdefault(edit.path, []).append(edit)
    spans: dict[str, list[Span]] = {}
    for path, edits in by_path.items():
        if path not in texts or (writable is not None and path not in writable):
            return None
        try:
            spans[path] = to_spans(texts[path], edits)
        except EditError:
            return None
    return spans or None
