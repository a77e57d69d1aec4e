"""Read .tf.json files (Terraform's JSON configuration syntax) into the same syntax tree as .tf files.

In JSON syntax a string is a template ("${aws_rds_cluster.src.arn}") and an object under a key
that names a nested block type (`parameter`, `config_parameter`, `dynamic`, ...) is a block; see
https://developer.hashicorp.com/terraform/language/syntax/json.
"""

from __future__ import annotations

from typing import Any

from zeroetl_lint.artifacts.terraform.hcl import HclError, parse_expression
from zeroetl_lint.artifacts.terraform.json_read import JsonArray, JsonObject, JsonProblem, read_json
from zeroetl_lint.artifacts.terraform.syntax import Attribute, Block, Body, Expr, Lit, Obj, Pos, TfFile, Tup

# Top-level block types and how many labels they take in JSON nesting.
_LABELS = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "provider": 1, "locals": 0,
           "terraform": 0}
# Nested block types the mapped resources use (the rest are read as attributes, which is what they
# would be for every argument the adapter reads).
NESTED_BLOCKS = frozenset({"parameter", "config_parameter", "dynamic", "content", "lifecycle", "statement",
                           "condition", "principals", "not_principals", "timeouts"})


def parse_tf_json(path: str, text: str) -> TfFile:
    """Parse one .tf.json file; raise HclError when it is not valid JSON configuration."""
    data = read_json(path, text)
    if isinstance(data, JsonProblem):
        raise HclError(data.message, data.line, data.column)
    if not isinstance(data, JsonObject):
        raise HclError("a .tf.json file holds one JSON object")
    return TfFile(path, text, _Reader(path).top(data))


def parse_tfvars_json(path: str, text: str) -> TfFile:
    """A terraform.tfvars.json file: one object of variable values."""
    data = read_json(path, text)
    if isinstance(data, JsonProblem):
        raise HclError(data.message, data.line, data.column)
    if not isinstance(data, JsonObject):
        raise HclError("a .tfvars.json file holds one JSON object")
    reader = _Reader(path)
    attributes = {key: Attribute(key, reader.expression(value, data.value_pos.get(key)),
                                 reader.pos(data.key_pos.get(key)), reader.pos(data.key_pos.get(key)))
                  for key, value in data.items()}
    return TfFile(path, text, Body(attributes, ()))


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path

    def pos(self, found: Pos | None) -> Pos:
        return found if found is not None else Pos(self.path, 1, 1, 1, 1)

    def top(self, data: JsonObject) -> Body:
        blocks: list[Block] = []
        for kind, value in data.items():
            labels = _LABELS.get(kind)
            if labels is None:
                continue
            blocks.extend(self.labelled(kind, value, labels, (), data.key_pos.get(kind)))
        return Body({}, tuple(blocks))

    def labelled(self, kind: str, value: Any, depth: int, labels: tuple[str, ...], at: Pos | None) -> list[Block]:
        if depth == 0:
            bodies = value if isinstance(value, JsonArray) else [value]
            return [Block(kind, labels, self.body(body), self.pos(getattr(body, "pos", at)))
                    for body in bodies if isinstance(body, JsonObject)]
        if not isinstance(value, JsonObject):
            return []
        out: list[Block] = []
        for label, inner in value.items():
            out.extend(self.labelled(kind, inner, depth - 1, (*labels, label), value.key_pos.get(label)))
        return out

    def body(self, node: JsonObject) -> Body:
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        for key, value in node.items():
            key_span, value_span = node.key_pos.get(key), node.value_pos.get(key)
            if key == "dynamic" and isinstance(value, JsonObject):
                for label, inner in value.items():
                    for body in inner if isinstance(inner, JsonArray) else [inner]:
                        if isinstance(body, JsonObject):
                            blocks.append(Block("dynamic", (label,), self.body(body), self.pos(body.pos)))
            elif key in NESTED_BLOCKS and isinstance(value, (JsonObject, JsonArray)):
                for body in value if isinstance(value, JsonArray) else [value]:
                    if isinstance(body, JsonObject):
                        blocks.append(Block(key, (), self.body(body), self.pos(body.pos)))
            else:
                whole = self.pos(key_span)
                end = self.pos(value_span)
                attributes[key] = Attribute(key, self.expression(value, value_span),
                                            Pos(self.path, whole.line, whole.column, end.end_line, end.end_column,
                                                whole.start, end.end), whole)
        return Body(attributes, tuple(blocks))

    def expression(self, value: Any, at: Pos | None) -> Expr:
        pos = self.pos(at)
        if isinstance(value, JsonObject):
            return Obj(tuple((Lit(key, self.pos(value.key_pos.get(key)), quoted=True),
                              self.expression(item, value.value_pos.get(key))) for key, item in value.items()), pos)
        if isinstance(value, JsonArray):
            return Tup(tuple(self.expression(item, value.item_pos[index]) for index, item in enumerate(value)), pos)
        if isinstance(value, str) and ("${" in value or "%{" in value):
            escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            return parse_expression(self.path, f'"{escaped}"', pos)
        if isinstance(value, (str, int, float, bool)) or value is None:
            return Lit(value, pos, quoted=isinstance(value, str))
        raise HclError(f"unexpected JSON value {value!r}", pos.line, pos.column)
