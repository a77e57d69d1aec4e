"""The seam between rules and file syntax: a rule says what to change, the input's editor writes the edits.

Rules never know whether a template is YAML or JSON (or HCL): they ask the editor of a resource's
file (``resource.editor()``, provided by the input's adapter) to replace the value written at a
location, to set a property named by its object path, or to append items to a list property. The
editor answers with the edits, or None when it cannot make the change without guessing (a computed
value, a block scalar), and the rule then offers no fix.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from typing import Protocol, Union

from zeroetl_lint.findings import Applicability, Edit, Fix, Location

# What an edit writes: text, numbers and booleans, and mappings and lists of them.
Value = Union[str, int, bool, Mapping[str, "Value"], Sequence["Value"]]
Edits = tuple[Edit, ...]

# The line breaks of the loaders (YAML's set), so that an edit's line means the line a finding names.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class Editor(Protocol):
    """Turns a change stated in the model's terms into edits of one file, in that file's syntax.

    Properties are named by the input's own object paths (Field.object, Entity.object:
    "Resources/Params/Properties/Parameters/rds.logical_replication"), values by the locations the
    model gives them.
    """

    def replace(self, at: Location, value: Value) -> Edits | None:
        """Replace the scalar written at a location (a finding's or a branch's) by value (a list too)."""

    def put(self, object_path: str, value: Value) -> Edits | None:
        """Set the property at object_path to value: created (with missing mappings on the way) when
        absent, replaced when it is a scalar."""

    def append(self, object_path: str, *items: Value) -> Edits | None:
        """Append items to the list at object_path, created (as for put) when absent."""


class _NoEdits:
    """The editor of an input that has none (a Terraform plan): every change is refused, so no fix is offered."""

    def replace(self, at: Location, value: Value) -> Edits | None:
        return None

    def put(self, object_path: str, value: Value) -> Edits | None:
        return None

    def append(self, object_path: str, *items: Value) -> Edits | None:
        return None


NO_EDITS: Editor = _NoEdits()


def offer(title: str, edits: Edits | None, applicability: Applicability = Applicability.SAFE) -> tuple[Fix, ...]:
    """The fixes a violation carries: one with these edits, or none when the editor could not make them."""
    return (Fix(title, edits, applicability),) if edits else ()


def line_starts(text: str) -> list[int]:
    """The offset at which each line begins; line 1 begins at 0."""
    return [0, *(match.end() for match in LINE_BREAK.finditer(text))]


def position(starts: list[int], at: int) -> tuple[int, int]:
    """The 1-based (line, column) of a 0-based offset."""
    line = bisect.bisect_right(starts, at)
    return line, at - starts[line - 1] + 1


def edit_at(path: str, text: str, start: int, end: int, replacement: str, starts: list[int] | None = None) -> Edit:
    """The Edit replacing text[start:end] (0-based offsets) of the file at path.

    ``starts``: line_starts(text), when the caller keeps them for its many edits of one text.
    """
    starts = line_starts(text) if starts is None else starts
    (line, column), (end_line, end_column) = position(starts, start), position(starts, end)
    return Edit(path, line, column, end_line, end_column, replacement)
