"""The fix loop: lint, apply the fixes that do not overlap, lint the result again, until nothing applies.

Everything happens in memory (the caller's lint reads the changed texts as an overlay over the files);
files are written once at the end, atomically, and only when they have not changed since they
were read. CDK output is generated, so it is only ever shown as a diff.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from zeroetl_lint.findings import Finding, Fix, Report
from zeroetl_lint.fixes import writing
from zeroetl_lint.fixes.plan import plan, wanted
from zeroetl_lint.fixes.text_edits import apply

if TYPE_CHECKING:
    from zeroetl_lint.artifacts.files.root import Root
    from zeroetl_lint.model.project import Project

# One lint of the run's inputs, reading these texts (by absolute path) instead of the files: the
# engine's lint_project with the run's options, which the command passes in.
Lint = Callable[[Mapping[str, str]], tuple[Report, "Project"]]

# A fix that makes another finding appear that is fixed by undoing the first would loop forever.
MAX_ROUNDS = 10
CDK_NOTE = ("{path} is CDK output (a cloud assembly): fixes are never written into it; "
            "change the CDK app and synthesise again (--diff shows the changes)")


@dataclass(frozen=True, slots=True)
class Change:
    """One file the fixes change: its text before and after, and whether it was written."""

    path: str
    before: str
    after: str
    written: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """The report after fixing (its fixed count and notes set) and every file the fixes change."""

    report: Report
    changes: tuple[Change, ...]


def run(lint: Lint, *, root: Root, unsafe: bool = False, write: bool = False, fix: bool = True,
        suppress: str | None = None) -> Outcome:
    """Fix (when fix), then add suppressions for what is left (when suppress is a reason); write when write.

    ``root`` is the lint's: the paths its findings show (and edit) are below it.
    """
    session = _Session(write, root)
    report, project = lint({})
    session.remember(project)
    fixed = 0
    for _ in range(MAX_ROUNDS if fix else 0):
        applied = session.apply([chosen for finding in report.findings if (chosen := wanted(finding, unsafe))])
        if not applied:
            break
        fixed += applied
        report, project = lint(session.overlay())
        session.remember(project)
    added = 0
    if suppress is not None:
        before = len(report.findings)
        # A crash is about the linter, not the input: suppressing it would only hide that a rule checked nothing.
        suppressible = tuple(finding for finding in report.findings if not report.is_crash(finding))
        if session.apply(suppression_fixes(suppressible, suppress, session.text_of)):
            report, project = lint(session.overlay())
            added = before - len(report.findings)
    changes = session.changes()
    if write:
        changes = session.write(changes)
        if any(change.written for change in changes):
            # Read back from disk: SQL files have no overlay, and a refused write must show.
            report = lint({})[0]
    notes = tuple(CDK_NOTE.format(path=path) for path in sorted(session.generated_touched)) + tuple(session.notes)
    report = replace(report, fixed=fixed, suppressions_added=added, fix_notes=notes, unsafe_fixes=unsafe)
    return Outcome(report, changes)


class _Session:
    """The texts being fixed, the originals they came from, and which files may be written."""

    def __init__(self, write: bool, root: Root) -> None:
        self.write_mode = write
        self.root = root
        self.originals: dict[str, writing.Original] = {}
        self.texts: dict[str, str] = {}
        self.linted: dict[str, str] = {}  # template texts as the last lint read them
        self.generated: dict[str, bool] = {}
        self.generated_touched: set[str] = set()
        self.notes: list[str] = []
        self.refused: set[str] = set()

    def remember(self, project: Project) -> None:
        for template in project.deployment.templates:
            self.linted[template.path] = template.text

    def text_of(self, path: str) -> str | None:
        """The current text of a file the fixes may edit; None when it cannot be (or must not be) edited."""
        if path in self.texts:
            return self.texts[path]
        if path in self.refused:
            return None
        original = writing.read(str(self.root.path(path)))
        linted = self.linted.get(path)
        if original is None or (linted is not None and original.text != linted):
            self.refused.add(path)
            self.notes.append(f"{path} changed while it was being linted; it was not fixed")
            return None
        self.originals[path] = original
        self.texts[path] = original.text
        return original.text

    def is_generated(self, path: str) -> bool:
        if path not in self.generated:
            self.generated[path] = in_cloud_assembly(self.root.path(path))
        return self.generated[path]

    def apply(self, fixes: list[Fix]) -> int:
        """Apply one round of fixes; return how many were applied."""
        paths = {edit.path for fix in fixes for edit in fix.edits}
        texts = {path: text for path in sorted(paths) if (text := self.text_of(path)) is not None}
        writable = frozenset(path for path in texts if not (self.write_mode and self.is_generated(path)))
        self.generated_touched.update(path for path in texts if self.write_mode and path not in writable)
        chosen = plan(fixes, texts, writable)
        for path, edits in chosen.edits.items():
            self.texts[path] = apply(self.texts[path], edits)
        return len(chosen.applied)

    def overlay(self) -> dict[str, str]:
        return {str(self.root.path(path)): text for path, text in self.texts.items()}

    def changes(self) -> tuple[Change, ...]:
        return tuple(Change(path, self.originals[path].text, text)
                     for path, text in sorted(self.texts.items()) if text != self.originals[path].text)

    def write(self, changes: tuple[Change, ...]) -> tuple[Change, ...]:
        written = []
        for change in changes:
            try:
                writing.write(self.originals[change.path], change.after)
            except writing.Changed as error:
                self.notes.append(f"{change.path} was not fixed: {error}")
                written.append(change)
            except OSError as error:
                self.notes.append(f"{change.path} was not fixed: cannot write it ({error.strerror})")
                written.append(change)
            else:
                written.append(replace(change, written=True))
        return tuple(written)


def suppression_fixes(findings: tuple[Finding, ...], reason: str,
                      text_of: Callable[[str], str | None]) -> list[Fix]:
    """One fix per file that suppresses every finding located in it (findings of the run itself have no file)."""
    from zeroetl_lint.fixes.suppress import suppression_edits

    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.location.path is not None:
            by_path.setdefault(finding.location.path, []).append(finding)
    fixes = []
    for path, found in by_path.items():
        text = text_of(path)
        edits = suppression_edits(found, text, reason) if text is not None else ()
        if edits:
            fixes.append(Fix(f"Suppress {len(found)} finding(s) in {path}", tuple(edits)))
    return fixes


def in_cloud_assembly(path: Path) -> bool:
    """Is the file inside a CDK cloud assembly (a directory whose manifest.json lists artifacts)?"""
    import json

    for directory in list(path.resolve().parents)[:8]:
        manifest = directory / "manifest.json"
        if manifest.is_file():
            try:
                data = json.loads(manifest.read_text("utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict) and isinstance(data.get("artifacts"), dict):
                return True
    return False

