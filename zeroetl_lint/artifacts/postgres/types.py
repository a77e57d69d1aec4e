"""Read the type spellings that format_type() prints into the model's ColumnType, as the SQL reader reads them."""

from __future__ import annotations

import re
from functools import lru_cache

from zeroetl_lint.model.catalog import ColumnType
from zeroetl_lint.model.type_names import canonical_type

# format_type() prints a canonical spelling: words, double-quoted identifiers ("" inside for a quote),
# a qualifying dot, typmods in parentheses (anywhere: "timestamp(3) with time zone") and [] for arrays.
_TOKEN = re.compile(r'\s*(?:"((?:[^"]|"")*)"|([^\s"().,\[\]]+)|(.))', re.S)


@lru_cache(maxsize=4096)
def column_type(text: str) -> ColumnType:
    """A format_type() spelling as a ColumnType; text it cannot read stays a named user type."""
    parts: list[tuple[str, bool]] = []
    modifiers: list[int] = []
    array_dims = depth = 0
    for match in _TOKEN.finditer(text.rstrip()):
        quoted, word, punct = match.groups()
        if depth:  # inside the typmods: numbers count, anything else (geometry(Point,4326)) is skipped
            depth += {"(": 1, ")": -1}.get(punct or "", 0)
            if depth == 1 and word is not None and re.fullmatch(r"-?\d+", word):
                modifiers.append(int(word))
        elif punct == "(" and parts and not array_dims:
            depth = 1
        elif punct == "[":
            array_dims += 1
        elif punct == "]" and array_dims:
            continue
        elif array_dims or punct not in (None, "."):
            break  # nothing the SQL reader would read as part of the type
        elif quoted is not None:
            parts.append((quoted.replace('""', '"'), True))
        elif punct == ".":
            parts.append((".", True))
        else:
            parts.append((word, False))
    if not parts:
        return ColumnType(text, None, (), 0, None, False, text)
    return canonical_type(parts, tuple(modifiers), array_dims, text)
