"""Creation order within one template: what each resource waits for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from zeroetl_lint.artifacts.cloudformation.template import Resource, Template
from zeroetl_lint.findings import Location

_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


def entry_location(resource: Resource, key: str) -> Location:
    """Where a resource attribute (Type, DependsOn) is written; the logical id when it is absent."""
    span = resource.body.value_spans.get(key)
    return resource.template.location(span) if span is not None else resource.location


# -- dependencies ------------------------------------------------------------------------------


@dataclass
class DependencyGraph:
    """What each resource of one template waits for: DependsOn plus Ref, GetAtt and Sub references."""

    template: Template
    _edges: dict[str, frozenset[str]] = field(default_factory=dict)

    def direct(self, logical_id: str) -> frozenset[str]:
        if logical_id not in self._edges:
            body = self.template.resources.get(logical_id)
            found: set[str] = set()
            if body is not None:
                resource = Resource(self.template, logical_id, body["Type"], body)
                found.update(name for name in resource.depends_on if name in self.template.resources)
                # References anywhere in the entry order resources, Metadata included (a known way to
                # express a conditional dependency, which DependsOn cannot).
                _references({key: value for key, value in body.items() if key != "DependsOn"},
                            self.template.resources, found)
            self._edges[logical_id] = frozenset(found)
        return self._edges[logical_id]

    def depends_on(self, logical_id: str, other: str) -> bool:
        """Does logical_id wait for other, directly or through other resources?"""
        seen: set[str] = set()
        pending = [logical_id]
        while pending:
            current = pending.pop()
            for name in self.direct(current):
                if name == other:
                    return True
                if name not in seen:
                    seen.add(name)
                    pending.append(name)
        return False


def _references(node: Any, resources: dict[str, Any], out: set[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _references(item, resources, out)
        return
    if not isinstance(node, dict):
        return
    if len(node) == 1:
        name, argument = next(iter(node.items()))
        if name == "Ref" and isinstance(argument, str) and argument in resources:
            out.add(argument)
        elif name == "Fn::GetAtt":
            target = argument.split(".", 1)[0] if isinstance(argument, str) else (
                argument[0] if isinstance(argument, list) and argument and isinstance(argument[0], str) else None)
            if target in resources:
                out.add(target)
        elif name == "Fn::Sub":
            text, variables = (argument[0], argument[1]) if isinstance(argument, list) and len(argument) == 2 else (argument, {})
            local = frozenset(variables) if isinstance(variables, dict) else frozenset()
            if isinstance(text, str):
                for variable in _SUB_VARIABLE.findall(text):
                    target = variable.split(".", 1)[0]
                    if not variable.startswith("!") and target in resources and target not in local:
                        out.add(target)
            _references(variables, resources, out)
            return
    for value in node.values():
        _references(value, resources, out)
