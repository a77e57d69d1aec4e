"""Caret rendering of a problem inside a filter."""

from __future__ import annotations

from zeroetl_lint.checks._filters import render_caret


def test_caret_under_the_span() -> None:
    assert render_caret("include: a..b", 11, 12) == "include: a..b\n           ^"
    assert render_caret("include: books_*.x", 9, 16) == "include: books_*.x\n         ^^^^^^^"


def test_zero_width_span_at_the_end() -> None:
    assert render_caret("include: a.", 11, 11) == "include: a.\n           ^"


def test_long_filter_is_shortened_around_the_problem() -> None:
    text = "include: " + ", include: ".join(f"db.s.t{i}" for i in range(200))
    start = text.index("t150")
    line, carets = render_caret(text, start, start + 4, width=40).split("\n")
    assert line.startswith("…") and line.endswith("…")
    assert len(line) == 42
    assert line[carets.index("^"):carets.index("^") + 4] == "t150"
    assert carets.strip() == "^^^^"


def test_line_breaks_and_tabs_keep_the_alignment() -> None:
    line, carets = render_caret("include:\ta.\nb.(", 14, 15).split("\n")
    assert line == "include:·a.·b.("
    assert carets == " " * 14 + "^"
