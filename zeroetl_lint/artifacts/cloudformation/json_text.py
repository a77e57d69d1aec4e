"""JSON text in templates (policy documents, CDK's SDK calls), also when it is assembled with Fn::Join or Fn::Sub."""

from __future__ import annotations

import json
from typing import Any

from zeroetl_lint.artifacts.cloudformation.intrinsics import Concat, concat
from zeroetl_lint.model.policy_reading import decode_assembled


def decode_json_text(value: str | Concat) -> Any:
    """JSON text, possibly assembled with Fn::Join/Fn::Sub, as data; the JSONDecodeError when it is not JSON."""
    if isinstance(value, Concat):
        return decode_assembled_json(value)
    try:
        return json.loads(value)
    except json.JSONDecodeError as error:
        return error


def decode_assembled_json(value: Concat) -> Any:
    """Decode JSON text whose pieces are references (a policy written with Fn::Sub), or say why it is not JSON."""
    return decode_assembled(value.parts, lambda parts: concat(parts, value.function))
