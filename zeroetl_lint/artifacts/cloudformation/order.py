"""Creation order read from templates: each resource's DependsOn and the resources it references."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from zeroetl_lint.artifacts.cloudformation.intrinsics import references
from zeroetl_lint.artifacts.cloudformation.template import Resource
from zeroetl_lint.model.dependencies import CreationOrder, Dependencies
from zeroetl_lint.model.values import Branch, Field

_DEPENDS_ON = "DependsOn"


def creation_order(resources: Iterable[Resource]) -> CreationOrder:
    """What every resource waits for within its template."""
    return CreationOrder(_OnDemand({(id(resource.template), resource.logical_id): resource for resource in resources}))


class _OnDemand(Mapping[tuple[int, str], Dependencies]):
    """Each resource's dependencies, read when a rule first asks for them and then kept.

    Only the resources around integrations are ever asked about; reading every entry of a big
    template up front cost seconds and megabytes for nothing.
    """

    def __init__(self, resources: dict[tuple[int, str], Resource]) -> None:
        self._resources = resources
        self._read: dict[tuple[int, str], Dependencies] = {}

    def __getitem__(self, key: tuple[int, str]) -> Dependencies:
        found = self._read.get(key)
        if found is None:
            found = self._read[key] = dependencies(self._resources[key])  # KeyError: no such resource
        return found

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return iter(self._resources)

    def __len__(self) -> int:
        return len(self._resources)


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
