"""Edits of CloudFormation templates in their own syntax (YAML block or flow, JSON), from the loader's spans.

Nothing is re-serialised: a value is replaced inside its own span, keeping its quote style; a new
entry goes after the last entry of its mapping (or list), indented like its siblings, in the
container's style (block or flow, one line or one entry per line). Every other byte stays.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import yaml

from zeroetl_lint.artifacts.cloudformation.loader import CfnList, CfnMap, Span
from zeroetl_lint.findings import Location
from zeroetl_lint.model.edits import LINE_BREAK, Edits, Value, edit_at, line_starts



class Template(Protocol):
    """What the editor needs of a template (template.py's Template, which imports this module)."""

    path: str
    text: str
    data: CfnMap
    json_like: bool


# A tag or anchor written before a node: `!If [...]`, `&base {...}`.
_PREFIX = re.compile(r"(?:[!&][^\s\[\]{},]*\s+)*")
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")


def plain_ok(text: str) -> bool:
    """Can text be written unquoted in YAML and still load as this text (or as the same integer)?"""
    if not text or text != text.strip() or any(char in text for char in "\r\n\t#:") or text[0] in "!&*%@`'\"[]{},|>?-":
        return False
    try:
        loaded = yaml.safe_load(f"k: {text}\n")
    except yaml.YAMLError:
        return False
    value = loaded.get("k") if isinstance(loaded, dict) else None
    return value == text or (type(value) is int and str(value) == text)


class TemplateEditor:
    """The Editor of one CloudFormation template (see model/edits.py)."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.text = template.text
        self.json = template.json_like
        self.newline = "\r\n" if "\r\n" in self.text else "\n"
        self._scalars: dict[tuple[int, int], Span] | None = None
        self._step: int | None = None
        self._starts: list[int] | None = None  # line_starts(text), for the edits of every fix

    # -- the Editor protocol ------------------------------------------------------------------

    def replace(self, at: Location, value: Value) -> Edits | None:
        if at.path != self.template.path or at.line is None or at.column is None:
            return None
        span = self.scalars().get((at.line, at.column))
        return None if span is None else self._replace(span, value)

    def put(self, object_path: str, value: Value) -> Edits | None:
        node: Any = self.template.data
        path = object_path.split("/")
        for index, key in enumerate(path):
            if not isinstance(node, CfnMap) or _computed(node):
                return None
            if key not in node:
                nested: Value = value
                for inner in reversed(path[index + 1:]):
                    nested = {inner: nested}
                return self._add_entry(node, key, nested)
            if index == len(path) - 1:
                if isinstance(node[key], (dict, list)) or node.value_spans[key].style is None:
                    return None
                return self._replace(node.value_spans[key], value)
            node = node[key]
        return None

    def append(self, object_path: str, *items: Value) -> Edits | None:
        node: Any = self.template.data
        path = object_path.split("/")
        for index, key in enumerate(path):
            if not isinstance(node, CfnMap) or _computed(node):
                return None
            if key not in node:
                nested: Value = list(items)
                for inner in reversed(path[index + 1:]):
                    nested = {inner: nested}
                return self._add_entry(node, key, nested)
            node = node[key]
        if not isinstance(node, CfnList) or not items:
            return None
        return self._add_items(node, items)

    # -- positions ---------------------------------------------------------------------------

    def scalars(self) -> dict[tuple[int, int], Span]:
        """Every scalar value's span by its 1-based (line, column): what locations of values point at."""
        if self._scalars is None:
            found: dict[tuple[int, int], Span] = {}
            stack: list[Any] = [self.template.data]
            while stack:
                node = stack.pop()
                if isinstance(node, CfnMap):
                    for key, child in node.items():
                        self._note(found, child, node.value_spans.get(key), stack)
                elif isinstance(node, CfnList):
                    for child, span in zip(node, node.item_spans):
                        self._note(found, child, span, stack)
            self._scalars = found
        return self._scalars

    @staticmethod
    def _note(found: dict[tuple[int, int], Span], child: Any, span: Span | None, stack: list[Any]) -> None:
        if isinstance(child, (CfnMap, CfnList)):
            stack.append(child)
        elif span is not None and span.style is not None:
            found.setdefault((span.line, span.column), span)

    def _opening(self, span: Span) -> str:
        """The first character of a node after any tag or anchor: '{' or '[' for flow collections."""
        written = self.text[span.start:span.end]
        return written[_PREFIX.match(written).end():][:1]  # type: ignore[union-attr]

    def _flow(self, node: CfnMap | CfnList) -> bool:
        return self._opening(node.span) in ("{", "[")

    def _line_start(self, offset: int) -> int:
        found = max(self.text.rfind(mark, 0, offset) for mark in ("\n", "\r", "\x85", "\u2028", "\u2029"))
        return found + 1

    def _line_end(self, offset: int) -> int:
        found = LINE_BREAK.search(self.text, offset)
        return found.start() if found is not None else len(self.text)

    def _indent(self, offset: int) -> str:
        """The whitespace that begins the line holding offset."""
        start = self._line_start(offset)
        line = self.text[start:offset]
        return line[:len(line) - len(line.lstrip(" \t"))]

    def step(self) -> int:
        """The file's indentation step: the indentation of its first indented line (2 when none is)."""
        if self._step is None:
            self._step = 2
            for line in self.text.splitlines()[:200]:
                stripped = line.lstrip(" ")
                if stripped and not stripped.startswith("#") and len(stripped) < len(line):
                    self._step = len(line) - len(stripped)
                    break
        return self._step

    def _content_end(self, node: Any, span: Span) -> int | None:
        """Where the last character of a block entry's value is; None after a block scalar (| or >)."""
        if isinstance(node, CfnMap) and node and not self._flow(node):
            last = next(reversed(node))
            return self._content_end(node[last], node.value_spans[last])
        if isinstance(node, CfnList) and node and not self._flow(node):
            return self._content_end(node[-1], node.item_spans[-1])
        if span.style in ("|", ">"):
            return None
        return span.end

    # -- rendering ---------------------------------------------------------------------------

    def scalar(self, value: Value, like: str = "") -> str:
        """A scalar in the file's syntax; like is how the value it replaces was written (its quoting)."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        text = str(value)
        quoted = like[:1] in ("'", '"')
        if self.json:
            return text if like and not quoted and _INTEGER.match(text) else json.dumps(text, ensure_ascii=False)
        if like[:1] == "'" and text.isprintable():
            return "'" + text.replace("'", "''") + "'"
        if not quoted and plain_ok(text):
            return text
        return json.dumps(text)

    def key(self, key: str) -> str:
        return json.dumps(key, ensure_ascii=False) if self.json or not plain_ok(key) else key

    def flow(self, value: Value, lead: str | None, step: int) -> str:
        """Value in flow syntax (JSON in JSON files); lead is the indentation when one entry per line."""
        if isinstance(value, Mapping):
            pieces = [f"{self.key(k)}: {self.flow(v, _deeper(lead, step), step)}" for k, v in value.items()]
            return _bracket("{", "}", pieces, lead, step, self.newline)
        if isinstance(value, (list, tuple)):
            pieces = [self.flow(item, _deeper(lead, step), step) for item in value]
            return _bracket("[", "]", pieces, lead, step, self.newline)
        return self.scalar(value)

    def block_entry(self, key: str, value: Value, column: int) -> str:
        """`key: value` for a block mapping whose keys start at column (0-based); later lines indented."""
        step = self.step()
        if isinstance(value, Mapping) and value:
            inner = column + step
            lines = [f"{self.key(key)}:"]
            lines.extend(" " * inner + self.block_entry(k, v, inner) for k, v in value.items())
            return self.newline.join(lines)
        if isinstance(value, (list, tuple)) and value:
            inner = column + step
            lines = [f"{self.key(key)}:"]
            lines.extend(" " * inner + "- " + self.block_item(item, inner + 2) for item in value)
            return self.newline.join(lines)
        return f"{self.key(key)}: {self.flow(value, None, step) if isinstance(value, (Mapping, list, tuple)) else self.scalar(value)}"

    def block_item(self, item: Value, column: int) -> str:
        """A block list item after its `- `; a mapping's later keys start at column (0-based)."""
        if isinstance(item, Mapping) and item:
            entries = [self.block_entry(k, v, column) for k, v in item.items()]
            return (self.newline + " " * column).join(entries)
        if isinstance(item, (Mapping, list, tuple)):
            return self.flow(item, None, self.step())
        return self.scalar(item)

    # -- edits -------------------------------------------------------------------------------

    def _edit(self, start: int, end: int, replacement: str) -> Edits:
        if self._starts is None:
            self._starts = line_starts(self.text)
        return (edit_at(self.template.path, self.text, start, end, replacement, self._starts),)

    def _replace(self, span: Span, value: Value) -> Edits | None:
        written = self.text[span.start:span.end]
        if span.style in ("|", ">") or written[:1] in ("!", "&", "*"):
            return None
        if isinstance(value, (Mapping, list, tuple)):
            replacement = self.flow(value, None, self.step())
        else:
            replacement = self.scalar(value, like=written or " ")
        return None if replacement == written else self._edit(span.start, span.end, replacement)

    def _add_entry(self, mapping: CfnMap, key: str, value: Value) -> Edits | None:
        keys = list(mapping.key_spans)
        if self._flow(mapping):
            return self._add_flow(mapping.span, [mapping.value_spans[k] for k in keys],
                                  [mapping.key_spans[k] for k in keys], f"{self.key(key)}: ", value)
        if not keys:
            return None
        first, last = mapping.key_spans[keys[0]], keys[-1]
        column = first.column - 1
        end = self._content_end(mapping[last], mapping.value_spans[last])
        entry = self.block_entry(key, value, column)
        if end is None:  # after a block scalar: the new entry goes first instead
            return self._edit(first.start, first.start, entry + self.newline + " " * column)
        at = self._line_end(end)
        return self._edit(at, at, self.newline + " " * column + entry)

    def _add_items(self, sequence: CfnList, items: Sequence[Value]) -> Edits | None:
        spans = sequence.item_spans
        if self._flow(sequence):
            return self._add_flow(sequence.span, spans, spans, "", list(items))
        if not spans:
            return None
        last = spans[-1]
        before = self.text[self._line_start(last.start):last.start]
        dash = before.rstrip(" ")
        if not dash.endswith("-") or dash[:-1].strip(" "):
            return None  # `- - item` and the like: no single column to copy
        end = self._content_end(sequence[-1], last)
        if end is None:
            return None
        indent = dash[:-1]
        last_item = sequence[-1]
        flow_items = isinstance(last_item, CfnMap) and bool(last_item) and self._flow(last_item)
        rendered = "".join(self.newline + indent + "- " + (
            self.flow(item, None, self.step()) if flow_items and isinstance(item, Mapping)
            else self.block_item(item, last.column - 1)) for item in items)
        at = self._line_end(end)
        return self._edit(at, at, rendered)

    def _add_flow(self, container: Span, values: list[Span], keys: list[Span], prefix: str, value: Value) -> Edits:
        """New entries of a flow mapping (prefix: the key) or sequence (value: the items), after the last
        one; one per line when the entries are."""
        entries = list(value) if not prefix and isinstance(value, list) else [value]
        if not values:
            opening = container.start + self.text[container.start:container.end].index(self._opening(container))
            rendered = ", ".join(prefix + self.flow(entry, None, self.step()) for entry in entries)
            return self._edit(opening + 1, opening + 1, rendered)
        opening_line = self._line_start(container.start)
        last_key = keys[-1]
        if self._line_start(last_key.start) == opening_line:
            rendered = "".join(", " + prefix + self.flow(entry, None, self.step()) for entry in entries)
            return self._edit(values[-1].end, values[-1].end, rendered)
        lead = self._indent(last_key.start)
        step = max(len(lead) - len(self._indent(container.start)), 1)
        rendered = "".join("," + self.newline + lead + prefix + self.flow(entry, lead, step) for entry in entries)
        return self._edit(values[-1].end, values[-1].end, rendered)


def _computed(node: CfnMap) -> bool:
    """An intrinsic function (`{"Fn::If": ...}`, `{"Ref": ...}`): its value is not written here to edit."""
    return len(node) == 1 and next(iter(node)).startswith(("Fn::", "Ref"))


def _deeper(lead: str | None, step: int) -> str | None:
    return None if lead is None else lead + " " * step


def _bracket(opening: str, closing: str, pieces: list[str], lead: str | None, step: int, newline: str) -> str:
    if not pieces:
        return opening + closing
    if lead is None:
        return opening + ", ".join(pieces) + closing
    inner = lead + " " * step
    return opening + newline + ("," + newline).join(inner + piece for piece in pieces) + newline + lead + closing
