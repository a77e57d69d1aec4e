"""Code actions from findings with fixes: quick fixes and source.fixAll as WorkspaceEdits in UTF-16 units."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pygls.workspace import PositionCodec

from zeroetl_lint.findings import Applicability, Edit, Finding, Fix, Location, Severity
from zeroetl_lint.server.actions import FIX_ALL, code_actions
from zeroetl_lint.server.diagnostics import placer, to_diagnostic
from zeroetl_lint.server.folder import Shown
from zeroetl_lint.server.texts import FileTexts

TEXT = "Resources:\n  G:  # 😀 note\n    Properties: {Parameters: {rds.logical_replication: 0}}\n"


def _finding(fixes: tuple[Fix, ...], line: int = 3, column: int = 58) -> Finding:
    return Finding("ZE202", "source-replication-parameter", Severity.ERROR, "rds.logical_replication is 0", "Set it to 1.",
                   Location("t.yaml", line, column, line, column), "Resources/G/Properties/Parameters/rds.logical_replication",
                   "https://example.invalid/rules#ze202", fixes=fixes)


def _shown(tmp_path: Path, *findings: Finding) -> tuple[FileTexts, list[Shown]]:
    (tmp_path / "t.yaml").write_text(TEXT, "utf-8")
    texts, codec = FileTexts(tmp_path, {}), PositionCodec(types.PositionEncodingKind.Utf16)
    return texts, [Shown(f, to_diagnostic(f, texts, codec, placer(texts, codec))) for f in findings]


def test_a_fix_is_a_quick_fix_with_utf16_ranges(tmp_path: Path) -> None:
    # Replace "note" on line 2, after a character outside the BMP (two UTF-16 units).
    fix = Fix("Set rds.logical_replication to 1", (Edit("t.yaml", 2, 11, 2, 15, "memo"),))
    texts, shown = _shown(tmp_path, _finding((fix,), line=2, column=11))
    actions = code_actions(shown, shown[0].diagnostic.range, None, texts, PositionCodec())
    quick = next(a for a in actions if a.title == fix.title)
    assert quick.kind == types.CodeActionKind.QuickFix and quick.is_preferred
    (edit,) = quick.edit.changes[(tmp_path / "t.yaml").as_uri()]
    assert edit == types.TextEdit(types.Range(types.Position(1, 11), types.Position(1, 15)), "memo")
    assert any(a.title == "Suppress ZE202 for this line" for a in actions)


def test_fix_all_takes_safe_fixes_and_skips_overlaps(tmp_path: Path) -> None:
    one = Fix("one", (Edit("t.yaml", 3, 58, 3, 59, "1"),))
    clash = Fix("clash", (Edit("t.yaml", 3, 57, 3, 59, " 1"),))
    unsafe = Fix("unsafe", (Edit("t.yaml", 1, 1, 1, 1, "# x\n"),), Applicability.UNSAFE)
    texts, shown = _shown(tmp_path, _finding((one, unsafe)), _finding((clash,)))
    everywhere = types.Range(types.Position(0, 0), types.Position(3, 0))
    (fix_all,) = code_actions(shown, everywhere, [FIX_ALL], texts, PositionCodec())
    assert fix_all.kind == FIX_ALL
    assert [e.new_text for e in fix_all.edit.changes[(tmp_path / "t.yaml").as_uri()]] == ["1"]
    assert code_actions(shown, everywhere, ["source.organizeImports"], texts, PositionCodec()) == []
