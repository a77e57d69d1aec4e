"""Creation order read from templates: each resource's DependsOn and the resources it references."""

from __future__ import annotations

from collections.abc import Iterable

from zeroetl_lint.artifacts.cloudformation.intrinsics import references
from zeroetl_lint.artifacts.cloudformation.template import Resource
from zeroetl_lint.model.dependencies import CreationOrder, Dependencies
from zeroetl_lint.model.values import Branch, Field

_DEPENDS_ON = "DependsOn"


def creation_order(resources: Iterable[Resource]) -> CreationOrder:
    """What every resource waits for within its template."""
    return CreationOrder({(id(resource.template), resource.logical_id): dependencies(resource)
                          for resource in resources})


def dependencies(resource: Resource) -> Dependencies:
    """DependsOn, plus every Ref, Fn::GetAtt and Fn::Sub of the entry (Metadata included) naming a resource."""
    # Within its template alone: found once per template (and kept with it between a server's runs).
    return resource.template.once(("dependencies", resource.logical_id), lambda: _dependencies(resource))


def _dependencies(resource: Resource) -> Dependencies:
    entries = resource.template.resources
    direct = {name for name in resource.depends_on if name in entries}
    for key, value in resource.body.items():
        if key != _DEPENDS_ON:
            direct |= references(value, entries)
    return Dependencies(_listed(resource), resource.depends_on, frozenset(direct))


def _listed(resource: Resource) -> Field:
    """The DependsOn attribute as a field: where it is written, or the resource when it is absent."""
    template, body = resource.template, resource.body
    name = resource.vocabulary.name("depends_on")
    where = f"{resource.object}/{_DEPENDS_ON}"
    if _DEPENDS_ON not in body:
        return Field(name, where, resource.location, resource.location, scope=resource.scope)
    value_span, key_span = body.value_spans.get(_DEPENDS_ON), body.key_spans.get(_DEPENDS_ON)
    location = template.location(value_span) if value_span is not None else resource.location
    key_location = template.location(key_span) if key_span is not None else location
    value = body[_DEPENDS_ON]
    return Field(name, where, location, key_location, (Branch(value, location),), True, value, resource.scope)
