"""Render the changes fixes would make as a unified diff, file by file."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

_NO_NEWLINE = "\\ No newline at end of file\n"


def file_diff(path: str, before: str, after: str) -> str:
    """The unified diff of one file (a/ and b/ prefixes, three lines of context); '' when unchanged."""
    if before == after:
        return ""
    lines = difflib.unified_diff(_lines(before), _lines(after), f"a/{path}", f"b/{path}")
    out = []
    for line in lines:
        if line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n" + _NO_NEWLINE)
    return "".join(out)


def render(changes: Iterable[tuple[str, str, str]]) -> str:
    """The diffs of (path, before, after) triples, in the order given."""
    return "".join(file_diff(path, before, after) for path, before, after in changes)


def _lines(text: str) -> list[str]:
    """Lines with their ends, split on \n only: \r\n files keep their \r, form feeds stay inside lines."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines
