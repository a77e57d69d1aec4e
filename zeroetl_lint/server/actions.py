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
                actions.append(_action(fix.title, types.CodeActionKind.QuickFix, fix.edits, texts, codec, entry,
                                       preferred=fix.applicability is Applicability.SAFE))
            suppression = _suppression(entry.finding, texts)
            if suppression is not None:
                actions.append(_action(suppression.title, types.CodeActionKind.QuickFix, suppression.edits, texts, codec,
                                       entry))
    if wanted(FIX_ALL, only):
        fix_all = _fix_all(shown, texts, codec)
        if fix_all is not None:
            actions.append(fix_all)
    return actions


def _suppression(finding: Finding, texts: FileTexts) -> Fix | None:
    from zeroetl_lint.fixes.suppress import suppression_fix

    if finding.location.path is None:
        return None
    return suppression_fix(finding, texts.text(texts.path(finding.location.path)))


def _fix_all(shown: Sequence[Shown], texts: FileTexts, codec: PositionCodec) -> types.CodeAction | None:
    """Every safe fix of the file's findings that `check --fix` would apply in one round (no overlaps)."""
    from zeroetl_lint.fixes.plan import plan, wanted as fix_wanted

    fixes = [fix for entry in shown if entry.finding is not None
             if (fix := fix_wanted(entry.finding, unsafe=False)) is not None]
    if not fixes:
        return None
    files = {edit.path: texts.text(texts.path(edit.path)) for fix in fixes for edit in fix.edits}
    chosen = plan(fixes, files).edits
    if not chosen:
        return None
    return _action("Fix all safe zeroetl-lint findings", FIX_ALL, [edit for edits in chosen.values() for edit in edits],
                   texts, codec, None)


def _action(title: str, kind: str, edits: Sequence[Edit], texts: FileTexts, codec: PositionCodec,
            entry: Shown | None, preferred: bool = False) -> types.CodeAction:
    changes: dict[str, list[types.TextEdit]] = {}
    for edit in edits:
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
