"""Show a filter on one line with carets under a problem, shortened around the problem when long."""

from __future__ import annotations

__all__ = ["render_caret"]

_ELLIPSIS = "…"


def _visible(char: str) -> str:
    # One column per character keeps the carets aligned; line breaks and tabs would break the line.
    return char if char.isprintable() else "·"


def render_caret(filter_text: str, start: int, end: int, width: int = 100) -> str:
    """Two lines: the filter (at most ``width`` characters plus ellipses) and ``^`` under ``start``..``end``.

    A zero-width span (``start == end``) gets one caret, after the text when it points at the end.
    """
    length = len(filter_text)
    start = min(max(start, 0), length)
    end = min(max(end, start), length)
    span = max(end - start, 1)
    low, high = 0, length
    if length > width:
        # Centre the problem, keeping as much of the span as fits.
        shown_span = min(span, width)
        low = max(0, start - (width - shown_span) // 2)
        high = min(length, low + width)
        low = max(0, high - width)
    head = _ELLIPSIS if low > 0 else ""
    tail = _ELLIPSIS if high < length else ""
    line = head + "".join(_visible(c) for c in filter_text[low:high]) + tail
    caret_start = len(head) + (start - low)
    caret_length = max(1, min(span, high - start))
    return f"{line}\n{' ' * caret_start}{'^' * caret_length}"
