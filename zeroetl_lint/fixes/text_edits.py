"""Apply 1-based, end-exclusive text edits (Edit) to decoded text; positions count code points."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zeroetl_lint.findings import Edit
from zeroetl_lint.model.edits import LINE_BREAK, line_starts


class EditError(ValueError):
    """An edit that does not fit the text: a position past a line's end, or edits that overlap."""


@dataclass(frozen=True, slots=True)
class Span:
    """An edit as 0-based offsets into the text: replace text[start:end] with replacement."""

    start: int
    end: int
    replacement: str

    def overlaps(self, other: Span) -> bool:
        """Two edits overlap when their ranges share a character, or both insert at one place (order unknown)."""
        if self.start == self.end == other.start == other.end:
            return True
        return self.start < other.end and other.start < self.end


def offset(text: str, starts: list[int], line: int, column: int) -> int:
    """The 0-based offset of a 1-based (line, column); the column may point just past the line's end."""
    if not 1 <= line <= len(starts):
        raise EditError(f"line {line} is outside the text ({len(starts)} lines)")
    begin = starts[line - 1]
    end = starts[line] if line < len(starts) else len(text)
    body = len(LINE_BREAK.sub("", text[begin:end])) if line < len(starts) else end - begin
    if not 1 <= column <= body + 1:
        raise EditError(f"column {column} is outside line {line} ({body} characters)")
    return begin + column - 1


def to_spans(text: str, edits: Iterable[Edit]) -> list[Span]:
    starts = line_starts(text)
    spans = []
    for edit in edits:
        start = offset(text, starts, edit.line, edit.column)
        end = offset(text, starts, edit.end_line, edit.end_column)
        if end < start:
            raise EditError(f"edit ends before it starts at {edit.line}:{edit.column}")
        spans.append(Span(start, end, edit.replacement))
    return spans


def apply(text: str, edits: Iterable[Edit]) -> str:
    """The text with every edit applied; the edits must not overlap (EditError otherwise)."""
    spans = sorted(to_spans(text, edits), key=lambda span: (span.start, span.end))
    for before, after in zip(spans, spans[1:]):
        if before.overlaps(after):
            raise EditError("edits overlap")
    pieces, cursor = [], 0
    for span in spans:
        pieces.append(text[cursor:span.start])
        pieces.append(span.replacement)
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)
