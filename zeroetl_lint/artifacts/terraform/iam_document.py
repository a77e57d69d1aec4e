"""`data "aws_iam_policy_document"` as the JSON policy document its `json` attribute holds.

Arguments per the provider's data source documentation (website/docs/d/iam_policy_document):
`statement { sid effect actions not_actions resources not_resources principals { type identifiers }
not_principals { ... } condition { test variable values } }`; `effect` defaults to "Allow".
"""

from __future__ import annotations

from typing import Any

from zeroetl_lint.artifacts.terraform.evaluate import Evaluator, Scope
from zeroetl_lint.artifacts.terraform.syntax import Block
from zeroetl_lint.model.values import Unknown

_LISTS = {"actions": "Action", "not_actions": "NotAction", "resources": "Resource", "not_resources": "NotResource"}


def policy_document(block: Block, scope: Scope, evaluator: Evaluator) -> Any:
    """The document, or Unknown when a part of it (a dynamic statement, a computed list) is not known."""
    if block.body.blocks_of("dynamic") or "source_policy_documents" in block.body.attributes \
            or "override_policy_documents" in block.body.attributes:
        return Unknown(f"data.aws_iam_policy_document.{block.labels[1]} is assembled from parts that are not read")
    statements = []
    for statement in block.body.blocks_of("statement"):
        attributes = statement.body.attributes
        out: dict[str, Any] = {}
        if "sid" in attributes:
            out["Sid"] = evaluator.evaluate(attributes["sid"].expr, scope)
        out["Effect"] = evaluator.evaluate(attributes["effect"].expr, scope) if "effect" in attributes else "Allow"
        for argument, key in _LISTS.items():
            if argument in attributes:
                out[key] = evaluator.evaluate(attributes[argument].expr, scope)
        for kind, key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
            principals: dict[str, Any] = {}
            for principal in statement.body.blocks_of(kind):
                kind_value = _attribute(principal, "type", scope, evaluator)
                identifiers = _attribute(principal, "identifiers", scope, evaluator)
                if not isinstance(kind_value, str):
                    return Unknown(f"a principal type of data.aws_iam_policy_document.{block.labels[1]} is not known")
                principals.setdefault(kind_value, [])
                principals[kind_value] += identifiers if isinstance(identifiers, list) else [identifiers]
            if principals:
                out[key] = "*" if principals == {"*": ["*"]} else principals
        conditions: dict[str, dict[str, Any]] = {}
        for condition in statement.body.blocks_of("condition"):
            test = _attribute(condition, "test", scope, evaluator)
            variable = _attribute(condition, "variable", scope, evaluator)
            if not isinstance(test, str) or not isinstance(variable, str):
                return Unknown(f"a condition of data.aws_iam_policy_document.{block.labels[1]} is not known")
            conditions.setdefault(test, {})[variable] = _attribute(condition, "values", scope, evaluator)
        if conditions:
            out["Condition"] = conditions
        statements.append(out)
    return {"Version": "2012-10-17", "Statement": statements}


def _attribute(block: Block, name: str, scope: Scope, evaluator: Evaluator) -> Any:
    attribute = block.body.attributes.get(name)
    return evaluator.evaluate(attribute.expr, scope) if attribute is not None else None
