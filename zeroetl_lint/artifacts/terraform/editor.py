"""The Editor of a Terraform module's .tf files (see model/edits.py): literals replaced, nested blocks added.

Only what is mechanical is edited: a value written as a literal (a quoted string without
interpolation, a number, a boolean) is replaced in place; a missing `parameter` or
`config_parameter` block is added before the resource's closing brace, unless a `dynamic` block
of that type builds them (its values come from elsewhere); resources are added to `depends_on`
(written as references), or the argument is added. Anything else is refused (no fix).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from zeroetl_lint.artifacts.terraform.resources import MAPPINGS
from zeroetl_lint.artifacts.terraform.syntax import Tup
from zeroetl_lint.findings import Edit, Location
from zeroetl_lint.model.edits import Edits, Value, edit_at

_DEPENDS_ON = "depends_on"
# An instance key ([0], ["a"]): depends_on names the resource, which Terraform requires without it.
_INSTANCE_KEY = re.compile(r"\[[^\]]*\]$")

# "<address>.<block>", then optionally ["name"] or /name (a parameter that is absent).
_BLOCK_PATH = re.compile(r'^(?P<head>.+?)(?:\["(?P<key>[^"]*)"\]|/(?P<name>[^/]+))?$')


def hcl_value(value: Value) -> str | None:
    """An HCL literal for value: a quoted string (with ${ and %{ escaped), a number or a boolean."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return '"' + escaped.replace("${", "$${").replace("%{", "%%{") + '"'
    return None


class HclEditor:
    """Edits the .tf files of one module instance."""

    # template: instances.ModuleStack, which imports this module (files, kinds, blocks, literals).
    def __init__(self, template: Any) -> None:
        self.template = template

    def replace(self, at: Location, value: Value) -> Edits | None:
        if at.path is None or at.line is None or at.column is None:
            return None
        literal = self.template.literals.get((at.path, at.line, at.column))
        text = hcl_value(value)
        if literal is None or text is None or literal.pos.line != literal.pos.end_line:
            return None
        pos = literal.pos
        return (Edit(pos.path, pos.line, pos.column, pos.end_line, pos.end_column + 1, text),)

    def put(self, object_path: str, value: Value) -> Edits | None:
        address = self._depends_on_of(object_path)
        if address is not None:
            return self._depend(address, value) if isinstance(value, Sequence) and not isinstance(value, str) else None
        found = self._blocks_of(object_path)
        if found is None:
            return None
        address, blocks, key = found
        if key is not None and not isinstance(value, (Mapping, Sequence)) or isinstance(value, str):
            return self._add(address, [{blocks.key: key, blocks.value: value}]) if key is not None else None
        if key is None and isinstance(value, Sequence):
            return self.append(object_path, *value)
        return None

    def append(self, object_path: str, *items: Value) -> Edits | None:
        address = self._depends_on_of(object_path)
        if address is not None:
            return self._depend(address, items)
        found = self._blocks_of(object_path)
        if found is None or found[2] is not None:
            return None
        address, blocks, _ = found
        fields = {blocks.entry_key: blocks.key, blocks.entry_value: blocks.value}
        entries = []
        for item in items:
            if not isinstance(item, Mapping):
                return None
            entries.append({fields.get(name, name): inner for name, inner in item.items()})
        return self._add(address, entries)

    def _depends_on_of(self, object_path: str) -> str | None:
        """The address whose depends_on the path names ("aws_rds_integration.zetl.depends_on"), else None."""
        head, _, name = object_path.rpartition(".")
        return head if name == _DEPENDS_ON and head in self.template.blocks else None

    def _depend(self, address: str, items: Sequence[Value]) -> Edits | None:
        """Add resources (by address) to the depends_on list of a resource, or add the argument with them."""
        if not all(isinstance(item, str) for item in items):
            return None
        own = f"{self.template.address}." if self.template.address else ""
        names = [_INSTANCE_KEY.sub("", str(item).removeprefix(own)) for item in items]
        block = self.template.blocks[address]
        text = self.template.files.get(block.pos.path)
        if text is None:
            return None
        written = block.body.attributes.get(_DEPENDS_ON)
        if written is None:
            return self._add_lines(address, [f"{_DEPENDS_ON} = [{', '.join(dict.fromkeys(names))}]"])
        if not isinstance(written.expr, Tup):
            return None  # not a list as written: nothing mechanical to add to
        pos = written.expr.pos
        present = {" ".join(text[item.pos.start:item.pos.end].split()) for item in written.expr.items}
        added = [name for name in dict.fromkeys(names) if name not in present]
        if not added:
            return None
        closing = pos.end - 1  # the offset of "]"
        before = text[pos.start + 1:closing].rstrip(" \t")
        if pos.line == pos.end_line:  # one line: [a, b] gains ", c"
            prefix = ", " if written.expr.items and not before.rstrip().endswith(",") else ""
            return (edit_at(pos.path, text, closing, closing, prefix + ", ".join(added)),)
        line_start = text.rfind("\n", 0, closing) + 1
        if text[line_start:closing].strip() or (written.expr.items and not before.rstrip().endswith(",")):
            return None  # "]" after the last item, or no trailing comma: not a mechanical insertion
        last = written.expr.items[-1].pos if written.expr.items else None
        indent = " " * (last.column - 1) if last is not None else " " * (pos.column + 1)
        return (edit_at(pos.path, text, line_start, line_start, "".join(f"{indent}{name},\n" for name in added)),)

    def _add_lines(self, address: str, lines: list[str]) -> Edits | None:
        """Lines added as the last ones of a resource's block, indented as its body."""
        block = self.template.blocks.get(address)
        text = self.template.files.get(block.pos.path) if block is not None else None
        if block is None or text is None or text.split("\n")[block.pos.end_line - 1].strip() != "}":
            return None  # the closing brace shares its line: not a mechanical insertion
        indent = " " * (block.pos.column + 1)
        line = block.pos.end_line
        return (Edit(block.pos.path, line, 1, line, 1, "".join(f"{indent}{text_}\n" for text_ in lines)),)

    def _blocks_of(self, object_path: str) -> tuple[str, Any, str | None] | None:
        """(address, the resource's keyed blocks, the parameter name if one is named) for a block path."""
        match = _BLOCK_PATH.match(object_path)
        if match is None:
            return None
        head = match["head"]
        for address, kind in self.template.kinds.items():
            mapping = MAPPINGS.get(kind)
            blocks = mapping.blocks if mapping is not None else None
            if blocks is not None and head == f"{address}.{blocks.block}":
                return address, blocks, match["key"] if match["key"] is not None else match["name"]
        return None

    def _add(self, address: str, entries: list[dict[str, Any]]) -> Edits | None:
        block = self.template.blocks.get(address)
        mapping = MAPPINGS.get(self.template.kinds.get(address, ""))
        if block is None or mapping is None or mapping.blocks is None:
            return None
        kind = mapping.blocks.block
        if any(inner.type == "dynamic" and inner.labels == (kind,) for inner in block.body.blocks):
            return None  # a dynamic block builds them: the value belongs in its collection
        out: list[str] = []
        for entry in entries:
            width = max(len(name) for name in entry)
            body = []
            for name, value in entry.items():
                written = hcl_value(value)
                if written is None:
                    return None
                body.append(f"  {name.ljust(width)} = {written}")
            out += [f"{kind} {{", *body, "}"]
        return self._add_lines(address, out)
