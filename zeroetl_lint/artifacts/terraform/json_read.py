"""JSON (plan JSON, .tf.json, .tfvars.json) read into dicts and lists that remember where each key and value is written."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from json.decoder import scanstring
from typing import Any

from zeroetl_lint.artifacts.terraform.syntax import Pos

_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_CONSTANTS = {"true": True, "false": False, "null": None}


class JsonObject(dict):  # type: ignore[type-arg]
    """A JSON object with the position of itself, each key and each value."""

    pos: Pos
    key_pos: dict[str, Pos]
    value_pos: dict[str, Pos]


class JsonArray(list):  # type: ignore[type-arg]
    """A JSON array with the position of itself and each item."""

    pos: Pos
    item_pos: list[Pos]


@dataclass(frozen=True, slots=True)
class JsonProblem:
    """Why a text is not JSON, and where (1-based)."""

    message: str
    line: int | None = None
    column: int | None = None


def read_json(path: str, text: str) -> Any:
    """The document, positioned; a JsonProblem when the text is not JSON."""
    try:
        json.loads(text)  # the standard reader's verdict and message, before positions are read
    except json.JSONDecodeError as error:
        return JsonProblem(f"invalid JSON: {error.msg}", error.lineno, error.colno)
    except RecursionError:
        return JsonProblem("the document is nested too deeply")
    try:
        return _Reader(path, text).document()
    except RecursionError:
        return JsonProblem("the document is nested too deeply")


class _Reader:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.lines = [0] + [match.end() for match in re.finditer("\n", text)]

    def pos(self, start: int, end: int) -> Pos:
        """The span of text[start:end]: 1-based line and column of its first and last character."""
        line = bisect_right(self.lines, start)
        last = max(start, end - 1)
        end_line = bisect_right(self.lines, last)
        return Pos(self.path, line, start - self.lines[line - 1] + 1, end_line, last - self.lines[end_line - 1] + 1,
                   start, end)

    def skip(self, at: int) -> int:
        return _SPACE.match(self.text, at).end()  # type: ignore[union-attr]

    def document(self) -> Any:
        value, _, _ = self.value(self.skip(0))
        return value

    def value(self, at: int) -> tuple[Any, int, int]:
        """The value starting at at (no space before it): (value, its start, its end)."""
        text = self.text
        char = text[at]
        if char == '"':
            found, end = scanstring(text, at + 1)
            return found, at, end
        if char == "{":
            return self.object(at)
        if char == "[":
            return self.array(at)
        for word, constant in _CONSTANTS.items():
            if text.startswith(word, at):
                return constant, at, at + len(word)
        match = _NUMBER.match(text, at)
        assert match is not None  # json.loads accepted the text
        number = match.group()
        return (float(number) if match.group(1) or match.group(2) else int(number)), at, match.end()

    def object(self, start: int) -> tuple[JsonObject, int, int]:
        out = JsonObject()
        out.key_pos, out.value_pos = {}, {}
        at = self.skip(start + 1)
        while self.text[at] != "}":
            key, end = scanstring(self.text, at + 1)
            key_pos = self.pos(at, end)
            at = self.skip(self.skip(end) + 1)  # past the colon
            value, value_start, value_end = self.value(at)
            out[key] = value
            out.key_pos[key], out.value_pos[key] = key_pos, self.pos(value_start, value_end)
            at = self.skip(value_end)
            if self.text[at] == ",":
                at = self.skip(at + 1)
        out.pos = self.pos(start, at + 1)
        return out, start, at + 1

    def array(self, start: int) -> tuple[JsonArray, int, int]:
        out = JsonArray()
        out.item_pos = []
        at = self.skip(start + 1)
        while self.text[at] != "]":
            value, value_start, value_end = self.value(at)
            out.append(value)
            out.item_pos.append(self.pos(value_start, value_end))
            at = self.skip(value_end)
            if self.text[at] == ",":
                at = self.skip(at + 1)
        out.pos = self.pos(start, at + 1)
        return out, start, at + 1
