"""Read a resource policy document, decoded into a tree by its adapter, into the model's Policy and Statements."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from zeroetl_lint.findings import Location
from zeroetl_lint.model.deployment import ArnRef, Entity, Policy, SourceTest, Statement
from zeroetl_lint.model.values import Field, Symbolic, Unknown, describe

# A policy document that is not one is shown cut to this many characters in messages.
_SHOWN_DOCUMENT = 60
# Stands for one symbolic piece while assembled JSON text is decoded: characters that JSON keeps as
# they are inside a string, and that no policy writes.
_PIECE = "\u2063zeroetl{}\u2063"
_PIECE_PATTERN = re.compile("\u2063zeroetl([0-9]+)\u2063")


@dataclass(frozen=True, slots=True)
class DocumentReader:
    """How an adapter's nodes read: what a node resolves to, and where a statement is written.

    one(node): the node's single value (an Unknown when a condition or a computation decides it);
    options(node): every value it can take; arn(value): what an aws:SourceArn value names;
    locate(index): where statement index is written (None: it has no place of its own, as in JSON text);
    statement_object(index): the statement's path in the input's words, for messages (Policy/Statement/0 in
    CloudFormation, aws_redshift_resource_policy.p.policy.Statement[0] in Terraform).
    """

    one: Callable[[Any], Any]
    options: Callable[[Any], Iterable[Any]]
    arn: Callable[[Any], ArnRef]
    locate: Callable[[int], Location | None]
    statement_object: Callable[[int], str]


def json_error(error: json.JSONDecodeError) -> str:
    """'Expecting value at line 6, column 61 of the text': where JSON decoding stopped."""
    return f"{error.msg} at line {error.lineno}, column {error.colno} of the text"


def decode_assembled(parts: Sequence[Any], join: Callable[[list[Any]], Any]) -> Any:
    """Decode JSON text assembled from text and symbolic pieces (references), or return the JSONDecodeError.

    Each piece must sit inside a JSON string; that string then becomes the assembled value, made by
    join(text and pieces) in the adapter's own terms.
    """
    pieces = [part for part in parts if not isinstance(part, str)]
    text = "".join(part if isinstance(part, str) else _PIECE.format(pieces.index(part)) for part in parts)
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
            return join([pieces[int(item)] if index % 2 else item for index, item in enumerate(split)])
        if isinstance(node, list):
            return [restore(item) for item in node]
        if isinstance(node, dict):
            return {key: restore(item) for key, item in node.items()}
        return node

    return restore(decoded)


def policy_text(text: str, name: str) -> Any:
    """A document written as JSON text, decoded; an Unknown saying where when it is not JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        return Unknown(f"{name} is a string that is not JSON ({json_error(error)})")


def read_policy(document: Any, field: Field, owner: Entity, name: str, reader: DocumentReader,
                source_key: str) -> Policy | Unknown:
    """A decoded document (an adapter decodes its JSON text with policy_text) as a Policy, or why it is none.

    field: the document as a model field; name: how messages name it ("Policy of aws_redshift_resource_policy.p");
    source_key: the condition key that names the calling source (aws:SourceArn).
    """
    if isinstance(document, Unknown):
        return Unknown(f"{name}: {document.reason}")
    if not isinstance(document, dict):
        return Unknown(f"{name} is {describe(document, _SHOWN_DOCUMENT)}, not a policy document")
    statements_node = document.get("Statement")
    if isinstance(statements_node, dict):
        statements_node = [statements_node]
    if not isinstance(statements_node, list):
        return Policy(field, (), owner)
    statements = tuple(_statement(statement, index, reader, source_key.lower())
                       for index, statement in enumerate(statements_node) if isinstance(statement, dict))
    return Policy(field, statements, owner)


def _statement(statement: dict[str, Any], index: int, reader: DocumentReader, source_key: str) -> Statement:
    one = reader.one
    not_action = "NotAction" in statement and "Action" not in statement
    listed = one(statement.get("NotAction" if not_action else "Action"))
    items = ([listed] if isinstance(listed, str) else
             [one(action) for action in listed] if isinstance(listed, list) else [])
    actions = tuple(action for action in items if isinstance(action, str))
    complete = isinstance(listed, (str, list)) and len(actions) == len(items)
    tests: list[SourceTest] = []
    condition = one(statement.get("Condition"))
    if isinstance(condition, Unknown):
        # A computed Condition block (Fn::If): whatever it tests cannot be read.
        written = statement["Condition"]
        tests.append(SourceTest(next(iter(written), "Fn::If") if isinstance(written, dict) else "Fn::If", ()))
    elif isinstance(condition, dict):
        for operator, clauses in condition.items():
            if not isinstance(clauses, dict):
                continue
            for key, values in clauses.items():
                if key.lower() != source_key:  # condition keys are case-insensitive
                    continue
                value_list = values if isinstance(values, list) else [values]
                tests.append(SourceTest(operator, tuple(
                    tuple(reader.arn(option) for option in reader.options(value)) for value in value_list)))
    effect = one(statement.get("Effect"))
    return Statement(
        object=reader.statement_object(index),
        location=reader.locate(index),
        effect=effect if isinstance(effect, str) else None,
        actions=actions,
        source_tests=tuple(tests),
        has_principal="Principal" in statement,
        not_action=not_action,
        principals=principals(statement["Principal"], one) if "Principal" in statement else None,
        actions_complete=complete,
        index=index,
    )


def principals(node: Any, one: Callable[[Any], Any]) -> tuple[tuple[str, str], ...] | None:
    """("AWS", "arn:..."), ("Service", "redshift.amazonaws.com"), ("*", "*") pairs; None when computed."""
    principal = one(node)
    if principal == "*":
        return (("*", "*"),)
    if not isinstance(principal, dict):
        return None
    pairs: list[tuple[str, str]] = []
    for kind, values in principal.items():
        values = one(values)
        for value in values if isinstance(values, list) else [values]:
            value = one(value)
            if not isinstance(value, (str, Symbolic)) or isinstance(value, Unknown):
                return None
            # An account written as a reference or an ARN assembled from pieces is still an account.
            pairs.append((kind, value if isinstance(value, str) else describe(value)))
    return tuple(pairs)
