"""CloudFormation templates: recognise them, index their sections and locate every property."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zeroetl_lint.artifacts.cfn_values import Resolver, Unknown
from zeroetl_lint.artifacts.cfn_yaml import CfnList, CfnMap, LoadProblem, Span, load
from zeroetl_lint.findings import Location


@dataclass(eq=False)
class Template:
    """One CloudFormation template (YAML or JSON, hand-written or synthesised by CDK)."""

    path: str
    text: str = field(repr=False)
    data: CfnMap = field(repr=False)
    resources: dict[str, CfnMap] = field(repr=False)
    parameters: dict[str, Any] = field(repr=False)
    mappings: dict[str, Any] = field(repr=False)
    outputs: dict[str, Any] = field(repr=False)
    resource_spans: dict[str, Span] = field(default_factory=dict, repr=False)
    # The stack's environment when known (CDK manifests record it); pseudo parameters resolve to it.
    region: str | None = None
    account: str | None = None
    # Construct paths by logical id, from a CDK manifest's aws:cdk:logicalId metadata.
    cdk_paths: dict[str, str] = field(default_factory=dict, repr=False)
    resolver: Resolver = field(init=False, repr=False)

    def location(self, span: Span | None) -> Location:
        if span is None:
            return Location(self.path)
        return Location(self.path, span.line, span.column, span.end_line, span.end_column)


@dataclass(frozen=True, slots=True)
class Prop:
    """One property as written: its path, where it is, and every value it resolves to."""

    object: str
    raw: Any
    options: tuple[Any, ...]
    location: Location
    key_location: Location
    span: Span | None
    template: Template

    @property
    def value(self) -> Any:
        """The value when there is one option (Unknown when a condition decides)."""
        return self.options[0] if len(self.options) == 1 else Unknown("the value depends on a condition")

    def text(self) -> str | None:
        """The value as plain text, or None when it is not a known scalar."""
        value = self.value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (str, int, float)):
            return str(value)
        return None

    def raw_source(self) -> str | None:
        """The exact characters of a scalar value in the file, quotes included."""
        if self.span is None or self.span.style is None:
            return None
        return self.template.text[self.span.start:self.span.end]


@dataclass(frozen=True, slots=True)
class Resource:
    """A resource entry with the template it belongs to."""

    template: Template
    logical_id: str
    type: str
    body: CfnMap = field(repr=False)

    @property
    def object(self) -> str:
        return f"Resources/{self.logical_id}"

    @property
    def location(self) -> Location:
        return self.template.location(self.template.resource_spans.get(self.logical_id))

    @property
    def cdk_path(self) -> str | None:
        metadata = self.body.get("Metadata")
        path = metadata.get("aws:cdk:path") if isinstance(metadata, dict) else None
        # `cdk synth --path-metadata false` drops it from templates; the manifest still has it.
        return path if isinstance(path, str) else self.template.cdk_paths.get(self.logical_id)

    @property
    def label(self) -> str:
        """How messages name the resource: its logical id, plus its CDK construct path."""
        path = self.cdk_path
        return f"{self.logical_id} ({path})" if path else self.logical_id

    @property
    def properties(self) -> CfnMap:
        properties = self.body.get("Properties")
        return properties if isinstance(properties, CfnMap) else _EMPTY

    @property
    def depends_on(self) -> tuple[str, ...]:
        value = self.body.get("DependsOn")
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list):
            return tuple(item for item in value if isinstance(item, str))
        return ()

    def prop(self, *path: str | int) -> Prop | None:
        """The property at Properties/<path...>, or None when it is absent (or AWS::NoValue)."""
        return prop_at(self.template, self.properties, f"{self.object}/Properties", path)


_EMPTY = CfnMap()
_EMPTY.span = None  # type: ignore[assignment]
_EMPTY.key_spans = {}
_EMPTY.value_spans = {}


def prop_at(template: Template, container: Any, object_path: str, path: tuple[str | int, ...]) -> Prop | None:
    """Walk path from container, resolving intrinsic functions met on the way."""
    from zeroetl_lint.artifacts.cfn_values import NO_VALUE

    node: Any = container
    key_span: Span | None = getattr(container, "span", None)
    value_span: Span | None = key_span
    for step in path:
        if isinstance(node, dict) and len(node) == 1 and next(iter(node)).startswith(("Fn::", "Ref")):
            resolved = template.resolver.one(node)
            if not isinstance(resolved, (dict, list)):
                return None
            node = resolved
        if isinstance(step, str) and isinstance(node, CfnMap):
            if step not in node:
                return None
            key_span, value_span = node.key_spans.get(step), node.value_spans.get(step)
            node = node[step]
        elif isinstance(step, int) and isinstance(node, CfnList) and 0 <= step < len(node):
            key_span = value_span = node.item_spans[step]
            node = node[step]
        else:
            return None
        object_path = f"{object_path}/{step}"
    options = tuple(option for option in template.resolver.options(node) if option is not NO_VALUE)
    if not options:
        return None
    return Prop(object_path, node, options, template.location(value_span), template.location(key_span),
                value_span, template)


def is_template(data: Any) -> bool:
    """A mapping with Resources whose entries (at least one) carry a Type."""
    if not isinstance(data, dict):
        return False
    resources = data.get("Resources")
    return isinstance(resources, dict) and any(
        isinstance(entry, dict) and isinstance(entry.get("Type"), str) for entry in resources.values()
    )


def parse_template(path: str, text: str, *, json_like: bool) -> tuple[Template | None, tuple[LoadProblem, ...]]:
    """Load text; return the template (None if it is not one) and any problems with the file."""
    loaded = load(text, json_like=json_like)
    if not is_template(loaded.data):
        return None, loaded.problems
    data: CfnMap = loaded.data
    resources = {
        logical_id: entry
        for logical_id, entry in data["Resources"].items()
        if isinstance(entry, CfnMap) and isinstance(entry.get("Type"), str)
    }

    def section(name: str) -> dict[str, Any]:
        value = data.get(name)
        return value if isinstance(value, dict) else {}

    template = Template(path, text, data, resources, section("Parameters"), section("Mappings"), section("Outputs"),
                        resource_spans=data["Resources"].key_spans)
    return template, loaded.problems


def link_templates(templates: list[Template]) -> None:
    """Give every template a resolver that sees the exports of all templates of the run."""
    exports: dict[str, list[tuple[Template, Any]]] = {}
    for template in templates:
        template.resolver = Resolver(template, exports)
    for template in templates:
        for output in template.outputs.values():
            if not isinstance(output, dict) or not isinstance(output.get("Export"), dict):
                continue
            name = template.resolver.one(output["Export"].get("Name"))
            if isinstance(name, str) and "Value" in output:
                exports.setdefault(name, []).append((template, output["Value"]))
