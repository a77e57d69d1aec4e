"""CloudFormation templates: recognise them, index their sections and locate every property."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from zeroetl_lint.artifacts.cloudformation.intrinsics import Exports, Resolver, Unknown, is_intrinsic
from zeroetl_lint.artifacts.cloudformation.loader import CfnList, CfnMap, LoadProblem, Span, load
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
    # The stack's name when known (a CDK manifest names its stacks); AWS::StackName resolves to it.
    stack_name: str | None = None
    # Construct paths by logical id, from a CDK manifest's aws:cdk:logicalId metadata.
    cdk_paths: dict[str, str] = field(default_factory=dict, repr=False)
    # Read as JSON (not YAML): fixes write JSON syntax into it.
    json_like: bool = False
    resolver: Resolver = field(init=False, repr=False)

    def location(self, span: Span | None) -> Location:
        if span is None:
            return Location(self.path)
        return Location(self.path, span.line, span.column, span.end_line, span.end_column)


# One way through nested Fn::If: each condition met on the way and the branch taken (True: the first).
IfPath = tuple[tuple[str, bool], ...]


def scalar_text(value: Any) -> str | None:
    """A resolved scalar as CloudFormation passes it on (booleans lower-case), or None for anything else."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


@dataclass(frozen=True, slots=True)
class Prop:
    """One property as written: its path, where it is, and every value it resolves to."""

    object: str
    raw: Any
    options: tuple[Any, ...]  # AWS::NoValue options are dropped: see absent_when
    location: Location
    key_location: Location
    span: Span | None
    template: Template
    # The Fn::If branches in which the value (or a container on its path) is AWS::NoValue, so that
    # the property is removed there; and where the first such AWS::NoValue is written.
    absent_when: tuple[IfPath, ...] = ()
    removal_span: Span | None = None

    @property
    def absent_in_some_branch(self) -> bool:
        """Does some Fn::If branch remove the property (AWS::NoValue)?"""
        return bool(self.absent_when)

    @property
    def removal_location(self) -> Location:
        """Where the AWS::NoValue that removes the property is written (the value when not known)."""
        return self.template.location(self.removal_span) if self.removal_span is not None else self.location

    @property
    def value(self) -> Any:
        """The value when there is one option (Unknown when a condition decides)."""
        return self.options[0] if len(self.options) == 1 else Unknown("the value depends on a condition")

    def text(self) -> str | None:
        """The value as plain text, or None when it is not a known scalar."""
        return scalar_text(self.value)


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
    from zeroetl_lint.artifacts.cloudformation.intrinsics import NO_VALUE

    node: Any = container
    key_span: Span | None = getattr(container, "span", None)
    value_span: Span | None = key_span
    inherited: list[IfPath] = []  # branches that remove a container on the way, and so the property
    removal_span: Span | None = None
    for step in path:
        if isinstance(node, dict) and len(node) == 1 and next(iter(node)).startswith(("Fn::", "Ref")):
            every = template.resolver.options(node)
            kept = [option for option in every if option is not NO_VALUE]
            if len(kept) != 1 or not isinstance(kept[0], (dict, list)):
                return None
            if len(kept) < len(every):
                inherited.extend(_removing_branches(template, node, ()))
                removal_span = removal_span or _no_value_span(node)
            node = kept[0]
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
    every = template.resolver.options(node)
    options = tuple(option for option in every if option is not NO_VALUE)
    if not options:
        return None
    if len(options) < len(every):
        inherited.extend(_removing_branches(template, node, ()))
        removal_span = removal_span or _no_value_span(node)
    return Prop(object_path, node, options, template.location(value_span), template.location(key_span),
                value_span, template, tuple(dict.fromkeys(inherited)), removal_span)


# A condition name no template can define: stands for a choice the model cannot name (AWS::NoValue
# reached through something other than Fn::If, e.g. Fn::Select).
_OPAQUE = ""


_NO_VALUE_REF = {"Ref": "AWS::NoValue"}


def if_leaves(node: Any, span: Span | None, path: IfPath = ()) -> Iterator[tuple[Any, Span | None, IfPath]]:
    """The values an Fn::If nest chooses between: (value as written, where, the conditions leading to it).

    A node that is not an Fn::If is its own single leaf, reached by path.
    """
    if isinstance(node, dict) and len(node) == 1 and "Fn::If" in node:
        arguments = node["Fn::If"]
        if isinstance(arguments, list) and len(arguments) == 3 and isinstance(arguments[0], str):
            spans = getattr(arguments, "item_spans", None)
            for index, taken in ((1, True), (2, False)):
                yield from if_leaves(arguments[index], spans[index] if spans else None, (*path, (arguments[0], taken)))
            return
    yield node, span, path


def _removing_branches(template: Template, node: Any, path: IfPath) -> Iterator[IfPath]:
    """The ways through the Fn::If nest of node that end in AWS::NoValue."""
    from zeroetl_lint.artifacts.cloudformation.intrinsics import NO_VALUE

    for leaf, _, leaf_path in if_leaves(node, None, path):
        if any(option is NO_VALUE for option in template.resolver.options(leaf)):
            yield leaf_path if leaf == _NO_VALUE_REF else (*leaf_path, (_OPAQUE, True))


def _no_value_span(node: Any) -> Span | None:
    """Where the first AWS::NoValue branch of an Fn::If nest is written."""
    return next((span for leaf, span, path in if_leaves(node, None) if path and leaf == _NO_VALUE_REF), None)


def resource_condition(resource: Resource) -> IfPath:
    """The resource-level Condition: the resource exists only where it holds."""
    condition = resource.body.get("Condition")
    return ((condition, True),) if isinstance(condition, str) else ()


# More distinct conditions than this are not enumerated.
_MAX_CONDITIONS = 8


def removed_where(prop: Prop | None, *, exists: Resource | None = None, present: Prop | None = None) -> bool | None:
    """Can prop be removed while exists (a resource, through its Condition) exists and present is set?

    True when some Fn::If branch removes prop (or it is absent) in such a deployment; False when
    none can; None when that depends on how differently named conditions relate, which the
    templates do not say (two names may stand for the same test).
    """
    if prop is None:
        return True
    if not prop.absent_when:
        return False
    # Condition names are per template (and opaque choices per property): qualify them.
    removed = [_qualify(branch, prop) for branch in prop.absent_when]
    required = _qualify(resource_condition(exists), exists) if exists is not None else ()
    kept_out = [_qualify(branch, present) for branch in present.absent_when] if present is not None else []
    names = sorted({name for branch in (*removed, required, *kept_out) for name, _ in branch})
    if len(names) > _MAX_CONDITIONS:
        return None
    for values in product((True, False), repeat=len(names)):
        assignment = dict(zip(names, values))
        if (_holds(required, assignment) and any(_holds(branch, assignment) for branch in removed)
                and not any(_holds(branch, assignment) for branch in kept_out)):
            return True if len(names) <= 1 else None
    return False


def _qualify(branch: IfPath, owner: Prop | Resource) -> tuple[tuple[tuple[int, str], bool], ...]:
    return tuple(((id(owner.template), name or f"?{owner.object}"), taken) for name, taken in branch)


def _holds(branch: Iterable[tuple[Any, bool]], assignment: dict[Any, bool]) -> bool:
    return all(assignment[name] is taken for name, taken in branch)


def describe_branches(branches: Iterable[IfPath]) -> str:
    """'when condition UseKey is false', for messages; 'in some Fn::If branch' when a choice has no name."""
    described = []
    for branch in branches:
        if any(name == _OPAQUE for name, _ in branch):
            return "in some Fn::If branch"
        words = [f"{name} is {'true' if taken else 'false'}" for name, taken in branch]
        described.append(f"condition{'s' if len(words) > 1 else ''} " + " and ".join(words))
    return "when " + " or when ".join(described) if described else "in some Fn::If branch"


@dataclass(frozen=True, slots=True)
class Branch:
    """One value a property can take (one per Fn::If branch), located where that branch is written."""

    value: Any
    location: Location
    source: str | None = None  # the exact characters of a literal scalar, quotes included
    quoted: bool = False
    path: IfPath = ()  # the Fn::If conditions that choose this value
    # The value is one of several that a single written value resolves to (an Fn::If inside an
    # Fn::Sub or behind an export), so no condition of this template names it.
    opaque: bool = False

    @property
    def text(self) -> str | None:
        """The scalar as text; plain numbers keep their spelling ("16.10", not 16.1)."""
        if isinstance(self.value, (bool, int, float)) and self.source is not None and not self.quoted:
            return self.source
        return scalar_text(self.value)

    @property
    def written(self) -> str:
        """How a message quotes the value: as written in the file when it is a literal."""
        if self.source is not None:
            return self.source
        text = self.text
        return text if text is not None else "a computed value"

    @property
    def when(self) -> str:
        """' when condition Enc is false' for a value an Fn::If chooses, '' for the only value."""
        return branch_qualifier(self.path, self.opaque)


def branch_qualifier(path: IfPath, opaque: bool = False) -> str:
    """How messages say which Fn::If branch a value belongs to: ' when condition X is true', or ''."""
    if opaque:
        return " in some Fn::If branch"
    return f" {describe_branches([path])}" if path else ""


def branches(prop: Prop) -> tuple[Branch, ...]:
    """Every value of prop, each with the location and conditions of its own Fn::If branch."""
    from zeroetl_lint.artifacts.cloudformation.intrinsics import NO_VALUE

    template = prop.template
    found: list[Branch] = []
    for leaf, span, path in if_leaves(prop.raw, prop.span):
        location = template.location(span) if span is not None else prop.location
        literal = span is not None and span.style is not None and not is_intrinsic(leaf)
        source = template.text[span.start:span.end] if literal and span is not None else None
        quoted = literal and span is not None and span.style in ("'", '"')
        values = [value for value in template.resolver.options(leaf) if value is not NO_VALUE]
        found.extend(Branch(value, location, source, quoted, path, len(values) > 1) for value in values)
    return tuple(found)


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
                        resource_spans=data["Resources"].key_spans, json_like=json_like)
    return template, loaded.problems


def link_templates(templates: list[Template]) -> None:
    """Give every template a resolver that sees the exports of all templates of the run."""
    exports = Exports()
    for template in templates:
        template.resolver = Resolver(template, exports)
    for template in templates:
        for output in template.outputs.values():
            if not isinstance(output, dict) or not isinstance(output.get("Export"), dict) or "Value" not in output:
                continue
            exports.add(template.resolver.one(output["Export"].get("Name")), template, output["Value"])
