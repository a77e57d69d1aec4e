"""CloudFormation templates: recognise them, index their sections and locate every property."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from zeroetl_lint.artifacts.cloudformation.intrinsics import Attr, Exports, Lookups, Resolver, Unknown, is_intrinsic
from zeroetl_lint.artifacts.cloudformation.loader import CfnList, CfnMap, LoadProblem, Span, load
from zeroetl_lint.artifacts.cloudformation.words import CLOUDFORMATION_WORDS
from zeroetl_lint.findings import Location
from zeroetl_lint.model.edits import Editor
from zeroetl_lint.model.conditions import OPAQUE, IfPath, branch_qualifier, describe_branches, removed_where
from zeroetl_lint.model.values import Branch, scalar_text
from zeroetl_lint.model.vocabulary import Vocabulary

if TYPE_CHECKING:
    from zeroetl_lint.model.deployment import Stack

T = TypeVar("T")

# Metadata: {zeroetl-lint: {role: source}} on a resource marks it (the suppression key, another entry).
METADATA_KEY = "zeroetl-lint"
ROLE_KEY = "role"
# The properties whose value names a source or target as the user knows it, besides its logical id.
_NAME_PROPERTIES = ("DBClusterIdentifier", "DBInstanceIdentifier", "NamespaceName", "ClusterIdentifier")

# The model's condition vocabulary, re-exported while rules move onto model fields.
__all__ = ["Branch", "IfPath", "branch_qualifier", "describe_branches", "removed_where", "scalar_text"]


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
    # The CDK cloud assembly directory the template comes from; each assembly is its own deployment.
    assembly: str | None = None
    resolver: Resolver = field(init=False, repr=False)
    # Whether later runs get this template again (a language server's InputCache keeps unchanged
    # files): only then are the properties found in it remembered (_props), since a one-off run asks
    # for few of them twice and would only hold them in memory (about 10 MB in an 8 MB template).
    remembers: bool = field(default=False, repr=False)
    # Properties found in the template, by where they were looked for: (container id, object path,
    # path) or (logical id, path); with the node searched, kept so that its id cannot be reused, and
    # the export lookups each depends on (None: none).
    _props: dict[tuple[object, ...], tuple[Any, Prop | None, Lookups | None]] = field(
        default_factory=dict, init=False, repr=False)
    # Facts derived from this template alone, by what asked for them (see once()).
    _derived: dict[object, Any] = field(default_factory=dict, init=False, repr=False)
    # How messages word what the template does not write (another input's template has its own).
    vocabulary = CLOUDFORMATION_WORDS

    def once(self, key: object, compute: Callable[[], T]) -> T:
        """compute(), the first time key is asked for: for facts that depend on this template alone.

        Every run asks again, and a language server's runs share the templates of unchanged files.
        """
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]  # type: ignore[no-any-return]

    def commented_files(self) -> tuple[tuple[str, str, dict[int, str]], ...]:
        """The files the template is read from, for suppression comments: (path, text, {first line: entry object})."""
        return self.once("commented_files", lambda: ((self.path, self.text, {
            span.line: self.object_of(logical_id) for logical_id, span in self.resource_spans.items()}),))

    def object_of(self, logical_id: str) -> str:
        """How findings name an entry of this template: Resources/<LogicalId>."""
        return f"Resources/{logical_id}"

    # How the input names a property of an entry: CloudFormation's own path and name. An input read
    # into entries under the model's property names (Terraform) names them in its own words instead.
    def property_object(self, logical_id: str, path: tuple[str | int, ...]) -> str:
        """Resources/<LogicalId>/Properties/<path...>."""
        return "/".join((f"{self.object_of(logical_id)}/Properties", *map(str, path)))

    def property_name(self, logical_id: str, path: tuple[str | int, ...]) -> str:
        """The property's name in messages: its last path step."""
        return str(path[-1])

    def reference_text(self, logical_id: str, attribute: str) -> str:
        """How the input writes a reference to an entry's attribute: !GetAtt Cluster.DBClusterArn."""
        return f"!GetAtt {logical_id}.{attribute}"

    def named(self, prop: Prop, logical_id: str, path: tuple[str | int, ...]) -> Prop:
        """prop with the object this input gives it (CloudFormation: as prop_at built it)."""
        return prop

    def editor(self) -> Editor:
        """How fixes edit this template's text, one editor per template (its index of scalar positions is
        built once); another input's template (Terraform) overrides it."""
        from zeroetl_lint.artifacts.cloudformation.editor import TemplateEditor

        return self.once("editor", lambda: TemplateEditor(self))

    def location(self, span: Span | None) -> Location:
        if span is None:
            return Location(self.path)
        return Location(self.path, span.line, span.column, span.end_line, span.end_column)


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
    # What branches() found, and the export lookups it depends on (as prop_at keeps props).
    _branches: tuple[tuple[Branch, ...], Lookups | None] | None = field(default=None, init=False, repr=False,
                                                                         compare=False)

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

    @property
    def scope(self) -> str:
        """Condition names are per template."""
        return self.template.path


@dataclass(frozen=True, slots=True)
class Resource:
    """A resource entry with the template it belongs to."""

    template: Template
    logical_id: str
    type: str
    body: CfnMap = field(repr=False)

    @property
    def aws_type(self) -> str:
        """The AWS resource type: CloudFormation writes it as AWS names it."""
        return self.type

    @property
    def object(self) -> str:
        return self.template.object_of(self.logical_id)

    @property
    def location(self) -> Location:
        return self.template.location(self.template.resource_spans.get(self.logical_id))

    @property
    def scope(self) -> str:
        """Condition names are per template."""
        return self.template.path

    @property
    def stack(self) -> Template:
        return self.template

    @property
    def type_location(self) -> Location:
        """Where Type is written; the logical id when it is not."""
        span = self.body.value_spans.get("Type")
        return self.template.location(span) if span is not None else self.location

    def reference(self, attribute: str) -> str:
        """How the input writes a reference to one of its attributes: !GetAtt Cluster.DBClusterArn."""
        return self.template.reference_text(self.logical_id, attribute)

    def reference_from(self, attribute: str, stack: Stack) -> str:
        """'Use !GetAtt X.Arn.' in its own template; from another, the !ImportValue of an export of it, or how to add one."""
        direct = self.reference(attribute)
        if stack is self.template:
            return f"Use {direct}."
        for output in self.template.outputs.values():
            if not isinstance(output, dict) or not isinstance(output.get("Export"), dict) or "Value" not in output:
                continue
            value = self.template.resolver.one(output["Value"])
            if (isinstance(value, Attr) and value.template is self.template and value.logical_id == self.logical_id
                    and value.attribute == attribute):
                name = self.template.resolver.one(output["Export"].get("Name"))
                if isinstance(name, str):
                    return f"Use !ImportValue {name}."
        # Another template can only read it through an export (a !GetAtt does not cross stacks).
        return f"Export {direct} from the stack of {self.template.path} (Outputs) and use !ImportValue of that export."

    @property
    def condition(self) -> IfPath:
        """The resource-level Condition: the resource exists only where it holds."""
        condition = self.body.get("Condition")
        return ((condition, True),) if isinstance(condition, str) else ()

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
    def names(self) -> tuple[str, ...]:
        """What users call it: its logical id, its construct path, and the identifier it is given."""
        names = [self.logical_id]
        if self.cdk_path:
            names.append(self.cdk_path)
        for key in _NAME_PROPERTIES:
            prop = self.prop(key)
            text = prop.text() if prop is not None else None
            if text:
                names.append(text)
        return tuple(names)

    def marked(self, role: str) -> str:
        """Its Metadata marking it as a zero-ETL source or target, as a reason ("" when it does not)."""
        metadata = self.body.get("Metadata")
        ours = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
        marked = ours.get(ROLE_KEY) if isinstance(ours, dict) else None
        if isinstance(marked, str) and marked.lower() == role:
            return f"its Metadata says so ({METADATA_KEY}: {{{ROLE_KEY}: {role}}})"
        return ""

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

    @property
    def vocabulary(self) -> Vocabulary:
        return self.template.vocabulary

    def editor(self) -> Editor:
        """The editor of the file that holds the resource (its template's)."""
        return self.template.editor()

    def prop(self, *path: str | int) -> Prop | None:
        """The property at Properties/<path...>, or None when it is absent (or AWS::NoValue)."""
        return _recalled(self.template, (self.logical_id, path), self.body, lambda: self._prop(path))

    def _prop(self, path: tuple[str | int, ...]) -> Prop | None:
        found = _walk(self.template, self.properties, f"{self.object}/Properties", path)
        return found if found is None else self.template.named(found, self.logical_id, path)


_EMPTY = CfnMap()
_EMPTY.span = None  # type: ignore[assignment]
_EMPTY.key_spans = {}
_EMPTY.value_spans = {}


def prop_at(template: Template, container: Any, object_path: str, path: tuple[str | int, ...]) -> Prop | None:
    """Walk path from container, resolving intrinsic functions met on the way.

    A language server keeps unchanged templates from one run to the next, and its rules and model
    builder ask for the same properties again: there, an answer is remembered while the exports it
    imported stay the same.
    """
    return _recalled(template, (id(container), object_path, path), container,
                     lambda: _walk(template, container, object_path, path))


def _recalled(template: Template, key: tuple[object, ...], anchor: Any, find: Callable[[], Prop | None]) -> Prop | None:
    """find(), or what it found before for key: while anchor (the node searched) is the same object
    and every export it looked up still leads where it led (see Lookups); only in a template that
    later runs get again (Template.remembers)."""
    if not template.remembers:
        return find()
    exports = template.resolver.exports
    known = template._props.get(key)
    if known is not None and known[0] is anchor and (known[2] is None or known[2].still_hold(exports)):
        return known[1]
    mark = len(exports.log)
    found = find()
    template._props[key] = (anchor, found, Lookups.since(exports, mark))
    return found


def _walk(template: Template, container: Any, object_path: str, path: tuple[str | int, ...]) -> Prop | None:
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


# A choice the model cannot name (AWS::NoValue reached through something other than Fn::If, e.g. Fn::Select).
_OPAQUE = OPAQUE


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


def branches(prop: Prop) -> tuple[Branch, ...]:
    """Every value of prop, each with the location and conditions of its own Fn::If branch."""
    exports = prop.template.resolver.exports
    if prop._branches is not None and (prop._branches[1] is None or prop._branches[1].still_hold(exports)):
        return prop._branches[0]
    mark = len(exports.log)
    found = _branches(prop)
    object.__setattr__(prop, "_branches", (found, Lookups.since(exports, mark)))  # a cache: Prop stays a value
    return found


def _branches(prop: Prop) -> tuple[Branch, ...]:
    from zeroetl_lint.artifacts.cloudformation.intrinsics import NO_VALUE

    template = prop.template
    found: list[Branch] = []
    for leaf, span, path in if_leaves(prop.raw, prop.span):
        location = template.location(span) if span is not None else prop.location
        literal = span is not None and span.style is not None and not is_intrinsic(leaf)
        source = template.text[span.start:span.end] if literal and span is not None else None
        quoted = literal and span is not None and span.style in ("'", '"')
        values = [value for value in template.resolver.options(leaf) if value is not NO_VALUE]
        found.extend(Branch(value, location, source, quoted, path, len(values) > 1, _unresolved(value))
                     for value in values)
    return tuple(found)


def _unresolved(value: Any) -> str | None:
    """Why a resolved value is not known statically; None for literals and containers."""
    from zeroetl_lint.artifacts.cloudformation.intrinsics import describe

    if isinstance(value, (str, int, float, bool, dict, list)):
        return None
    return value.reason if isinstance(value, Unknown) else f"{describe(value)} is not known statically"


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
    """Give every template a resolver that sees the exports of its deployment.

    Each CDK cloud assembly is a deployment of its own (two assemblies in one tree, such as a dev and a
    prod synth, export the same names): its templates see the exports of the assembly and of templates
    outside any assembly. Templates outside any assembly see every export of the run.
    """
    everything = Exports()
    scoped = {template.assembly: Exports() for template in templates if template.assembly is not None}
    for template in templates:
        template.resolver = Resolver(template, everything if template.assembly is None else scoped[template.assembly])
    for template in templates:
        for output in template.outputs.values():
            if not isinstance(output, dict) or not isinstance(output.get("Export"), dict) or "Value" not in output:
                continue
            name = template.resolver.one(output["Export"].get("Name"))
            seen_by = [scoped[template.assembly]] if template.assembly is not None else list(scoped.values())
            for exports in (everything, *seen_by):
                exports.add(name, template, output["Value"])
