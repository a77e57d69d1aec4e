"""Map each character of a decoded YAML/JSON string scalar back to the source character that produced it."""

from __future__ import annotations

# The decoders follow PyYAML's scanner (``scan_plain``, ``scan_flow_scalar``, ``scan_block_scalar``)
# step by step, so folding and chomping give exactly the loaded value, while remembering one source
# offset per decoded character:
#
# - a character written as itself maps to itself; an escape (``\n``, ``\x41``, ``''``) maps to its
#   first character (the backslash, or the first quote);
# - a line break folded into a space, and every line break kept, map to the source line break.
#
# Plain scalars treat tabs as blanks, as libyaml (the parser ``cfn_yaml`` uses) does. A tag or
# anchor before the scalar (``!Sub "…"``) is skipped. Line breaks are those of YAML: ``\r\n``,
# ``\r``, ``\n``, U+0085, U+2028 and U+2029.

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import yaml
from yaml.tokens import BlockEndToken, BlockMappingStartToken, BlockSequenceStartToken, ScalarToken

__all__ = ["ScalarMap", "ScalarStyle", "line_column", "map_scalar", "scalar_position"]

ScalarStyle = Literal["", "'", '"', "|", ">", "json"]

_BREAKS = "\r\n\x85\u2028\u2029"
_BREAK_RE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_YAML_ESCAPES = {
    "0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}
_YAML_CODES = {"x": 2, "u": 4, "U": 8}
_JSON_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


@dataclass(frozen=True, slots=True)
class ScalarMap:
    """The decoded value of a scalar and, for each of its characters, the source offset that produced it."""

    text: str
    value: str
    # One offset per character of ``value``, then one for the end of the value (where a caret
    # after the last character points).
    offsets: tuple[int, ...]

    def offset(self, index: int) -> int:
        """Source offset of decoded character ``index`` (clamped to the value, end included)."""
        return self.offsets[min(max(index, 0), len(self.offsets) - 1)]

    def position(self, index: int) -> tuple[int, int]:
        """1-based (line, column) in the file of decoded character ``index``."""
        return line_column(self.text, self.offset(index))


class _Out:
    """Decoded characters and their source offsets, built side by side."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets: list[int] = []

    def add(self, chars: str, offset: int) -> None:
        for char in chars:
            self.chars.append(char)
            self.offsets.append(offset)

    def extend(self, pieces: list[tuple[str, int]]) -> None:
        for chars, offset in pieces:
            self.add(chars, offset)


@lru_cache(maxsize=16)
def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(match.end() for match in _BREAK_RE.finditer(text)))


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a 0-based character offset, counting YAML line breaks."""
    starts = _line_starts(text)
    line = bisect.bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


def _line_break(text: str, pos: int) -> tuple[str, int]:
    """PyYAML's ``scan_line_break``: the normalised break at ``pos`` and the offset after it."""
    if text.startswith("\r\n", pos):
        return "\n", pos + 2
    char = text[pos]
    if char in "\r\n\x85":
        return "\n", pos + 1
    return char, pos + 1


def _skip_properties(text: str, pos: int, end: int) -> int:
    """Skip a tag and/or anchor (``!Sub``, ``&a``) written before the scalar itself."""
    while pos < end and text[pos] in "!&":
        while pos < end and not text[pos].isspace():
            pos += 1
        while pos < end and text[pos].isspace():
            pos += 1
    return pos


def _plain(text: str, start: int, end: int, out: _Out) -> int:
    pos = start
    while pos < end:
        char = text[pos]
        if char not in " \t" and char not in _BREAKS:
            out.add(char, pos)
            pos += 1
            continue
        blank_end = pos
        while blank_end < end and text[blank_end] in " \t":
            blank_end += 1
        if blank_end >= end or text[blank_end] not in _BREAKS:
            for offset in range(pos, blank_end):
                out.add(text[offset], offset)
            pos = blank_end
            continue
        first_break = blank_end
        line_break, pos = _line_break(text, blank_end)
        breaks: list[tuple[str, int]] = []
        while pos < end and (text[pos] in " \t" or text[pos] in _BREAKS):
            if text[pos] in _BREAKS:
                offset = pos
                kept, pos = _line_break(text, pos)
                breaks.append((kept, offset))
            else:
                pos += 1
        if line_break != "\n":
            out.add(line_break, first_break)
        elif not breaks:
            out.add(" ", first_break)
        out.extend(breaks)
    return end


def _flow_breaks(text: str, pos: int, stop: int) -> tuple[list[tuple[str, int]], int]:
    """PyYAML's ``scan_flow_scalar_breaks``: blank lines after a break, leading blanks skipped."""
    breaks: list[tuple[str, int]] = []
    while True:
        while pos < stop and text[pos] in " \t":
            pos += 1
        if pos < stop and text[pos] in _BREAKS:
            offset = pos
            kept, pos = _line_break(text, pos)
            breaks.append((kept, offset))
        else:
            return breaks, pos


def _escape(text: str, pos: int, stop: int, out: _Out) -> int:
    code = text[pos + 1] if pos + 1 < stop else ""
    if code in _YAML_ESCAPES:
        out.add(_YAML_ESCAPES[code], pos)
        return pos + 2
    if code in _YAML_CODES:
        digits = text[pos + 2:pos + 2 + _YAML_CODES[code]]
        out.add(chr(int(digits, 16)), pos)
        return pos + 2 + len(digits)
    if code and code in _BREAKS:
        _, after = _line_break(text, pos + 1)
        breaks, after = _flow_breaks(text, after, stop)
        out.extend(breaks)
        return after
    out.add("\\", pos)  # not valid YAML; the loader would have refused the file
    return pos + 1


def _quoted(text: str, start: int, end: int, double: bool, out: _Out) -> int:
    pos, stop = start + 1, end - 1  # between the quotes
    while pos < stop:
        while pos < stop:
            char = text[pos]
            if char in " \t" or char in _BREAKS:
                break
            if double and char == "\\":
                pos = _escape(text, pos, stop, out)
                continue
            out.add(char, pos)
            pos += 2 if (not double and char == "'") else 1  # '' is one quote
        if pos >= stop:
            break
        blank_end = pos
        while blank_end < stop and text[blank_end] in " \t":
            blank_end += 1
        if blank_end < stop and text[blank_end] in _BREAKS:
            first_break = blank_end
            line_break, after = _line_break(text, blank_end)
            breaks, pos = _flow_breaks(text, after, stop)
            if line_break != "\n":
                out.add(line_break, first_break)
            elif not breaks:
                out.add(" ", first_break)
            out.extend(breaks)
        else:
            for offset in range(pos, blank_end):
                out.add(text[offset], offset)
            pos = blank_end
    return stop


def _json(text: str, start: int, end: int, out: _Out) -> int:
    pos, stop = start + 1, end - 1
    while pos < stop:
        char = text[pos]
        if char != "\\" or pos + 1 >= stop:
            out.add(char, pos)
            pos += 1
            continue
        code = text[pos + 1]
        if code in _JSON_ESCAPES:
            out.add(_JSON_ESCAPES[code], pos)
            pos += 2
            continue
        if code == "u":
            value = int(text[pos + 2:pos + 6], 16)
            after = pos + 6
            low = text[after + 2:after + 6] if text.startswith("\\u", after) else ""
            if 0xD800 <= value < 0xDC00 and len(low) == 4 and 0xDC00 <= int(low, 16) < 0xE000:
                # A surrogate pair is one character, as json.loads decodes it.
                value = 0x10000 + ((value - 0xD800) << 10) + (int(low, 16) - 0xDC00)
                after += 6
            out.add(chr(value), pos)
            pos = after
            continue
        out.add(char, pos)
        pos += 1
    return stop


@lru_cache(maxsize=16)
def _block_indents(text: str) -> dict[int, int]:
    """For every block scalar token, the indentation of its enclosing block collection (PyYAML's ``self.indent``)."""
    indents: dict[int, int] = {}
    stack = [-1]
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, (BlockMappingStartToken, BlockSequenceStartToken)):
                stack.append(token.start_mark.column)
            elif isinstance(token, BlockEndToken) and len(stack) > 1:
                stack.pop()
            elif isinstance(token, ScalarToken) and token.style in ("|", ">"):
                indents[token.start_mark.index] = stack[-1]
    except yaml.YAMLError:
        pass  # the spans come from a document that loaded; a later error does not matter here
    return indents


def _block_breaks(text: str, pos: int, end: int, indent: int, column: int) -> tuple[list[tuple[str, int]], int, int]:
    """PyYAML's ``scan_block_scalar_breaks``: blank lines, each up to ``indent`` spaces."""
    breaks: list[tuple[str, int]] = []
    while column < indent and pos < end and text[pos] == " ":
        pos, column = pos + 1, column + 1
    while pos < end and text[pos] in _BREAKS:
        offset = pos
        kept, pos = _line_break(text, pos)
        breaks.append((kept, offset))
        column = 0
        while column < indent and pos < end and text[pos] == " ":
            pos, column = pos + 1, column + 1
    return breaks, pos, column


def _block(text: str, start: int, end: int, folded: bool, out: _Out) -> int:
    pos = start + 1
    chomping: bool | None = None
    increment: int | None = None
    for _ in range(2):
        if pos < end and text[pos] in "+-":
            chomping = text[pos] == "+"
            pos += 1
        elif pos < end and text[pos].isdigit():
            increment = int(text[pos])
            pos += 1
    while pos < end and text[pos] not in _BREAKS:  # spaces and a comment after the header
        pos += 1
    if pos < end:
        _, pos = _line_break(text, pos)
    column = 0
    if increment is None:
        # PyYAML's scan_block_scalar_indentation: the deepest column reached by leading spaces.
        breaks: list[tuple[str, int]] = []
        max_indent = 0
        while pos < end and (text[pos] == " " or text[pos] in _BREAKS):
            if text[pos] == " ":
                pos, column = pos + 1, column + 1
                max_indent = max(max_indent, column)
            else:
                offset = pos
                kept, pos = _line_break(text, pos)
                breaks.append((kept, offset))
                column = 0
        # PyYAML also takes the parent's indentation + 1 as a minimum, but content indented less
        # than that ends the scalar, so within the node's span it can only matter for blank lines.
        indent = max(max_indent, 1)
    else:
        indent = max(_block_indents(text).get(start, -1) + 1, 1) + increment - 1
        breaks, pos, column = _block_breaks(text, pos, end, indent, column)
    line_break: tuple[str, int] = ("", pos)
    while column == indent and pos < end:
        out.extend(breaks)
        leading_non_space = text[pos] not in " \t"
        line_end = pos
        while line_end < end and text[line_end] not in _BREAKS:
            line_end += 1
        for offset in range(pos, line_end):
            out.add(text[offset], offset)
        pos = line_end
        if pos < end:
            offset = pos
            kept, pos = _line_break(text, pos)
            line_break = (kept, offset)
        else:
            line_break = ("", pos)
        breaks, pos, column = _block_breaks(text, pos, end, indent, 0)
        if not (column == indent and pos < end):
            break
        if folded and line_break[0] == "\n" and leading_non_space and text[pos] not in " \t":
            if not breaks:
                out.add(" ", line_break[1])
        else:
            out.add(*line_break)
    if chomping is not False and line_break[0]:
        out.add(*line_break)
    if chomping is True:
        out.extend(breaks)
    return out.offsets[-1] + 1 if out.offsets else pos


def map_scalar(text: str, start: int, end: int, style: ScalarStyle) -> ScalarMap:
    """Decode the scalar at ``text[start:end]`` (quotes or block header included) with its offsets."""
    start = _skip_properties(text, start, end)
    out = _Out()
    if style == "":
        value_end = _plain(text, start, end, out)
    elif style in ("'", '"'):
        value_end = _quoted(text, start, end, style == '"', out)
    elif style == "json":
        value_end = _json(text, start, end, out)
    else:
        value_end = _block(text, start, end, style == ">", out)
    return ScalarMap(text, "".join(out.chars), (*out.offsets, value_end))


def scalar_position(text: str, start: int, end: int, style: ScalarStyle, index: int) -> tuple[int, int]:
    """1-based (line, column) in the file of character ``index`` of the decoded scalar."""
    return map_scalar(text, start, end, style).position(index)
