"""Text with code frames: every finding also shows the source line it points at, underlined."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from zeroetl_lint.artifacts.files.text import NotTextError, text_lines
from zeroetl_lint.findings import Finding, Report
from zeroetl_lint.reporters.text_report import render_with


def render(report: Report) -> str:
    lines = _source_lines(report)

    def frame_of(finding: Finding) -> str | None:
        location = finding.location
        text = lines.get((location.path or "", location.line or 0))
        if text is None or location.line is None:
            return None
        start = max(location.column or 1, 1)
        end = location.end_column if location.end_line in (None, location.line) and location.end_column else start
        end = max(min(end, len(text)), start)
        # Escaped characters take several columns: the underline spans what the columns became.
        shown = [_visible(char) for char in text]
        before = sum(len(piece) for piece in shown[: start - 1])
        marked = sum(len(piece) for piece in shown[start - 1 : end]) or 1
        width = len(str(location.line))
        underline = " " * before + "^" * marked
        return f"{' ' * width} |\n{location.line} | {''.join(shown)}\n{' ' * width} | {underline}"

    return render_with(report, frame_of)


def _visible(char: str) -> str:
    """A source character as the terminal may show it: control and other unprintable ones as U+XXXX.

    Input files can hold escape sequences; written raw they would drive the reader's terminal.
    """
    if char == " " or char.isprintable():
        return char
    return f"<U+{ord(char):04X}>"


def _source_lines(report: Report) -> dict[tuple[str, int], str]:
    """The lines findings point at, read once per file and streamed (schema dumps can be huge)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for finding in report.findings:
        if finding.location.path and finding.location.line:
            wanted[finding.location.path].add(finding.location.line)
    found: dict[tuple[str, int], str] = {}
    for path, numbers in wanted.items():
        last = max(numbers)
        try:
            # The same decoding as the readers, so UTF-16 dumps show their lines too.
            for number, line in enumerate(text_lines(Path(path), errors="replace"), start=1):
                if number in numbers:
                    # Tabs would shift the underline; one space keeps columns aligned.
                    found[(path, number)] = line.rstrip("\r\n").replace("\t", " ")
                if number >= last:
                    break
        except (OSError, NotTextError):
            continue
    return found
