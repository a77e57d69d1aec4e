"""Where each character of a one-line quoted HCL string is written, so a finding can point inside it."""

from __future__ import annotations

import string
from collections.abc import Callable

from zeroetl_lint.artifacts.terraform.syntax import Pos

# HCL's single-character escapes in a quoted string (the \u and \U forms are read below).
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_UNICODE_WIDTHS = {"u": 4, "U": 8}

PositionOf = Callable[[int], tuple[int, int] | None]  # a decoded offset to its 1-based line and column


def quoted_positions(text: str | None, pos: Pos, value: str) -> PositionOf | None:
    """position_of(offset in value) -> (line, column) for a quoted literal written on one line at pos.

    None when pos does not hold such a literal decoding to value (a heredoc, an interpolation, a
    value assembled elsewhere): findings then point at the whole value, as before.
    """
    if text is None:
        return None
    source = text[pos.start:pos.end]
    if len(source) < 2 or source[0] != '"' or source[-1] != '"' or "\n" in source:
        return None
    columns = _decoded_columns(source[1:-1], pos.column + 1, value)
    if columns is None:
        return None
    line, after = pos.line, pos.column + len(source) - 1  # the closing quote

    def position_of(offset: int) -> tuple[int, int] | None:
        if 0 <= offset < len(columns):
            return line, columns[offset]
        return (line, after) if offset == len(columns) else None

    return position_of


def _decoded_columns(body: str, first_column: int, value: str) -> list[int] | None:
    """The column of each character body decodes to, or None when it does not decode to value."""
    decoded: list[str] = []
    columns: list[int] = []
    i = 0
    while i < len(body):
        column = first_column + i
        if body[i] == "\\":
            escape = body[i + 1:i + 2]
            if escape in _ESCAPES:
                decoded.append(_ESCAPES[escape])
                i += 2
            elif escape in _UNICODE_WIDTHS:
                digits = body[i + 2:i + 2 + _UNICODE_WIDTHS[escape]]
                if len(digits) != _UNICODE_WIDTHS[escape] or not all(c in string.hexdigits for c in digits):
                    return None
                decoded.append(chr(int(digits, 16)))
                i += 2 + len(digits)
            else:
                return None
        elif body.startswith(("$${", "%%{"), i):
            decoded.append(body[i])  # $${ is a literal ${: the doubled sign is one character
            i += 2
            columns.append(column)
            continue
        elif body.startswith(("${", "%{"), i):
            return None  # an interpolation or directive: the value is assembled
        else:
            decoded.append(body[i])
            i += 1
        columns.append(column)
    return columns if "".join(decoded) == value else None
