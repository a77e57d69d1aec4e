"""JSON text in templates (policy documents, CDK's SDK calls), also when it is assembled with Fn::Join or Fn::Sub."""

from __future__ import annotations

import json
import re
from typing import Any

from zeroetl_lint.artifacts.cloudformation.intrinsics import Concat, concat

# Stands for one symbolic piece while JSON text assembled with Fn::Sub is decoded: characters that
# JSON keeps as they are inside a string, and that no policy writes.
_PIECE = "\u2063zeroetl{}\u2063"
_PIECE_PATTERN = re.compile("\u2063zeroetl([0-9]+)\u2063")


def decode_json_text(value: str | Concat) -> Any:
    """JSON text, possibly assembled with Fn::Join/Fn::Sub, as data; the JSONDecodeError when it is not JSON."""
    if isinstance(value, Concat):
        return decode_assembled_json(value)
    try:
        return json.loads(value)
    except json.JSONDecodeError as error:
        return error


def decode_assembled_json(value: Concat) -> Any:
    """Decode JSON text whose pieces are references (a policy written with Fn::Sub), or say why it is not JSON.

    Each reference must sit inside a JSON string; that string then becomes the assembled value.
    """
    pieces = [part for part in value.parts if not isinstance(part, str)]
    text = "".join(part if isinstance(part, str) else _PIECE.format(pieces.index(part)) for part in value.parts)
    try:
        decoded = json.loads(text)
    except json.JSONDecodeError as error:
        return error

    def restore(node: Any) -> Any:
        if isinstance(node, str):
            split = _PIECE_PATTERN.split(node)  # text, index, text, index, ..., text
            if len(split) == 1:
                return node
            if len(split) == 3 and split[0] == split[2] == "":
                return pieces[int(split[1])]  # "${Cluster.DBClusterArn}": the reference itself
            return concat((pieces[int(item)] if index % 2 else item for index, item in enumerate(split)), value.function)
        if isinstance(node, list):
            return [restore(item) for item in node]
        if isinstance(node, dict):
            return {key: restore(item) for key, item in node.items()}
        return node

    return restore(decoded)
