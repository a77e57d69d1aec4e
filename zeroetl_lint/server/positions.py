"""Positions between zeroetl-lint (1-based lines, character columns) and LSP (0-based, client code units)."""

from __future__ import annotations

import re

from lsprotocol import types
from pygls.workspace import PositionCodec

from zeroetl_lint.findings import Edit, Location

# The line breaks LSP counts (YAML's \u2028 and the like are not among them).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of a text without their line breaks, as an LSP client numbers them."""
    return _LINE_BREAK.split(text)


def _position(lines: list[str], line: int, character: int, codec: PositionCodec) -> types.Position:
    """A 0-based (line, code point) position clamped into the text, in the client's units."""
    if not lines:
        return types.Position(0, 0)
    if line >= len(lines):
        return types.Position(len(lines) - 1, _units(lines[-1], codec))
    text = lines[max(line, 0)]
    return types.Position(max(line, 0), _units(text[:max(min(character, len(text)), 0)], codec))


def _units(text: str, codec: PositionCodec) -> int:
    """How many code units of the client's encoding text takes."""
    # Every encoding counts an ASCII character as one unit; pygls counts character by character in
    # Python, which was most of the time spent converting the findings of a large workspace.
    return len(text) if text.isascii() else codec.client_num_units(text)


def location_range(location: Location, lines: list[str], codec: PositionCodec) -> types.Range:
    """A finding's range: ours is 1-based with an inclusive end column, LSP's is 0-based and end-exclusive.

    A location without a line covers the first line; one without a column covers its whole line.
    """
    if location.line is None:
        return types.Range(_position(lines, 0, 0, codec), _position(lines, 0, 1 << 30, codec))
    line = location.line - 1
    if location.column is None:
        return types.Range(_position(lines, line, 0, codec), _position(lines, line, 1 << 30, codec))
    start = _position(lines, line, location.column - 1, codec)
    end_line = (location.end_line or location.line) - 1
    if location.end_column is None:
        end = _position(lines, end_line, 1 << 30, codec) if location.end_line else _position(
            lines, line, location.column, codec)
    else:
        end = _position(lines, end_line, location.end_column, codec)
    if (end.line, end.character) < (start.line, start.character):
        end = start
    return types.Range(start, end)


def edit_range(edit: Edit, lines: list[str], codec: PositionCodec) -> types.Range:
    """A fix edit's range: 1-based and end-exclusive already, so only the base and the units change."""
    return types.Range(_position(lines, edit.line - 1, edit.column - 1, codec),
                       _position(lines, edit.end_line - 1, edit.end_column - 1, codec))


def contains(outer: types.Range, position: types.Position) -> bool:
    """True when position lies in the range, both ends included (a cursor just after a word still hovers it)."""
    start, end = (outer.start.line, outer.start.character), (outer.end.line, outer.end.character)
    return start <= (position.line, position.character) <= end


def overlaps(first: types.Range, second: types.Range) -> bool:
    """True when two ranges share a position (touching counts: an empty selection at a squiggle's end)."""
    return not ((first.end.line, first.end.character) < (second.start.line, second.start.character)
                or (second.end.line, second.end.character) < (first.start.line, first.start.character))
