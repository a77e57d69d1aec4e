"""Code actions: suppress a finding, apply a rule's fix, or apply every safe fix of a file (source.fixAll)."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types
from pygls.workspace import PositionCodec

from zeroetl_lint.findings import Applicability, Edit, Finding, Fix
from zeroetl_lint.server.diagnostics import uri_of
from zeroetl_lint.server.folder import Shown
from zeroetl_lint.server.positions import edit_range, overlaps
from zeroetl_lint.server.texts import FileTexts

FIX_ALL = "source.fixAll.zeroetl-lint"
KINDS = (types.CodeActionKind.QuickFix, FIX_ALL)


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """True when the client asked for this kind: no filter, or a filter it equals or refines."""
    return not only or any(kind == asked or kind.startswith(asked + ".") for asked in only)


def code_actions(shown: Sequence[Shown], selection: types.Range, only: Sequence[str] | None,
                 texts: FileTexts, codec: PositionCodec) -> list[types.CodeAction]:
    """The actions for the findings touching the selection, then the file's fix-all when asked for."""
    actions: list[types.CodeAction] = []
    if wanted(types.CodeActionKind.QuickFix, only):
        for entry in shown:
            if entry.finding is None or not overlaps(entry.diagnostic.range, selection):
                continue
            for fix in entry.finding.fixes:
                actions.append(_action(fix.title, types.CodeActionKind.QuickFix, [fix], texts, codec, entry,
                                       preferred=fix.applicability is Applicability.SAFE))
            suppression = _suppression(entry.finding, texts)
            if suppression is not None:
                actions.append(_action(suppression.title, types.CodeActionKind.QuickFix, [suppression], texts, codec, entry))
    if wanted(FIX_ALL, only):
        safe = [fix for entry in shown if entry.finding is not None
                for fix in entry.finding.fixes if fix.applicability is Applicability.SAFE]
        chosen = non_overlapping(safe)
        if chosen:
            actions.append(_action("Fix all safe zeroetl-lint findings", FIX_ALL, chosen, texts, codec, None))
    return actions


def _suppression(finding: Finding, texts: FileTexts) -> Fix | None:
    from zeroetl_lint.fixes.suppress import suppression_fix

    if finding.location.path is None:
        return None
    return suppression_fix(finding, texts.text(texts.path(finding.location.path)))


def non_overlapping(fixes: Sequence[Fix]) -> list[Fix]:
    """Fixes in order, skipping any whose edits overlap an earlier chosen fix's (a fix applies whole or not at all)."""
    taken: dict[str, list[Edit]] = {}
    chosen = []
    for fix in fixes:
        if any(_clash(edit, other) for edit in fix.edits for other in taken.get(edit.path, ())):
            continue
        chosen.append(fix)
        for edit in fix.edits:
            taken.setdefault(edit.path, []).append(edit)
    return chosen


def _clash(first: Edit, second: Edit) -> bool:
    a = ((first.line, first.column), (first.end_line, first.end_column))
    b = ((second.line, second.column), (second.end_line, second.end_column))
    if a[0] == a[1] and b[0] == b[1]:
        return a[0] == b[0]  # two insertions at one place: their order would be a guess
    return a[0] < b[1] and b[0] < a[1] or a[0] == b[0]


def _action(title: str, kind: str, fixes: Sequence[Fix], texts: FileTexts, codec: PositionCodec,
            entry: Shown | None, preferred: bool = False) -> types.CodeAction:
    changes: dict[str, list[types.TextEdit]] = {}
    for fix in fixes:
        for edit in fix.edits:
            lines = texts.lines(texts.path(edit.path))
            changes.setdefault(uri_of(texts, edit.path), []).append(
                types.TextEdit(edit_range(edit, lines, codec), edit.replacement))
    return types.CodeAction(
        title=title,
        kind=kind,
        diagnostics=[entry.diagnostic] if entry is not None else None,
        edit=types.WorkspaceEdit(changes=changes),
        is_preferred=preferred or None,
    )
