"""Custom resources: the AWS API calls a CDK AwsCustomResource makes, and the ARNs others are given."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from zeroetl_lint.artifacts.cloudformation.intrinsics import Concat, is_intrinsic
from zeroetl_lint.artifacts.cloudformation.json_text import decode_json_text
from zeroetl_lint.artifacts.cloudformation.template import Prop, Resource

# A CDK AwsCustomResource is Custom::AWS unless its resourceType names it otherwise; any custom
# resource whose Create/Update is such a call is read the same way.
_GENERIC = "AWS::CloudFormation::CustomResource"
# The lifecycle properties of an AwsCustomResource, in the order they are read: the call Create
# makes is what exists after the first deployment; Update repeats it on changes.
_LIFECYCLE = ("Create", "Update")
# A property key that names the source or the target of an integration ("SourceArn",
# "source_arn_value", "TargetClusterArn"), for custom resources whose values cannot be resolved.
_ROLE_KEY = {"source": re.compile(r"source.*arn", re.IGNORECASE), "target": re.compile(r"target.*arn", re.IGNORECASE)}


def is_custom(resource: Resource) -> bool:
    return resource.type.startswith("Custom::") or resource.type == _GENERIC


@dataclass(frozen=True, slots=True)
class SdkCall:
    """One AWS SDK call of an AwsCustomResource: {"service": ..., "action": ..., "parameters": {...}}."""

    resource: Resource
    prop: Prop  # the Create (or Update) property that holds the call
    service: str  # lower-cased, without the SDK v3 package prefix: "redshift", "rds"
    action: str  # lower-cased, without the SDK v3 "Command" suffix: "putresourcepolicy"
    parameters: dict[str, Any]  # resolved values: text, Attr, Concat, Unknown, lists and maps of them

    def parameter(self, name: str) -> Prop | None:
        """A parameter as a property of its own, located at the call (JSON text has no finer positions)."""
        if name not in self.parameters:
            return None
        value = self.parameters[name]
        return Prop(f"{self.prop.object}/parameters/{name}", value, (value,), self.prop.location,
                    self.prop.key_location, None, self.prop.template)


def sdk_call(resource: Resource) -> SdkCall | None:
    """The API call an AwsCustomResource makes when it is created, if it is one."""
    if not is_custom(resource):
        return None
    for key in _LIFECYCLE:
        prop = resource.prop(key)
        if prop is None:
            continue
        call = _decoded(prop.value)
        if not isinstance(call, dict) or not isinstance(call.get("service"), str) or not isinstance(call.get("action"), str):
            continue
        parameters = call.get("parameters")
        service = call["service"].lower().removeprefix("@aws-sdk/client-")
        action = call["action"].lower().removesuffix("command")
        return SdkCall(resource, prop, service, action, parameters if isinstance(parameters, dict) else {})
    return None


def _decoded(value: Any) -> Any:
    """The call as data: JSON text (CDK stringifies it, assembling references with Fn::Join), or a map."""
    if isinstance(value, (str, Concat)):
        return decode_json_text(value)
    return value if isinstance(value, dict) else None


def redshift_policy_keys(resource: Resource) -> list[str]:
    """Properties of a custom resource that hold a Redshift resource policy document (a map or JSON text)."""
    found = []
    for key in resource.properties:
        prop = resource.prop(key)
        value = prop.value if prop is not None else None
        document = decode_json_text(value) if isinstance(value, (str, Concat)) else value
        statements = document.get("Statement") if isinstance(document, dict) else None
        statements = [statements] if isinstance(statements, dict) else statements
        if isinstance(statements, list) and any(_redshift_action(statement) for statement in statements):
            found.append(str(key))
    return found


def _redshift_action(statement: Any) -> bool:
    actions = statement.get("Action") if isinstance(statement, dict) else None
    listed = actions if isinstance(actions, list) else [actions]
    return any(isinstance(action, str) and action.lower().startswith("redshift:") for action in listed)


def role_values(resource: Resource) -> Iterator[tuple[str | None, Any]]:
    """Every property value of a custom resource, with the role its key suggests.

    Its ServiceToken and any policy document it is handed (whose aws:SourceArn names a source the
    policy authorizes, not one it replicates) are left out.
    """
    skipped = {"ServiceToken", *redshift_policy_keys(resource)}
    resolver = resource.template.resolver

    def walk(node: Any, key: str) -> Iterator[tuple[str | None, Any]]:
        if isinstance(node, dict) and not is_intrinsic(node):
            for child_key, child in node.items():
                yield from walk(child, str(child_key))
        elif isinstance(node, list):
            for child in node:
                yield from walk(child, key)
        else:
            role = next((role for role, pattern in _ROLE_KEY.items() if pattern.search(key)), None)
            yield role, resolver.one(node)

    for key, node in resource.properties.items():
        if key not in skipped:
            yield from walk(node, str(key))

