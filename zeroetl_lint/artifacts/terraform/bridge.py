"""Hand evaluated Terraform resources to the model builder as resource entries, one template per module instance.

Each module instance becomes one `TerraformTemplate` whose entries are keyed by resource address
(`module.db.aws_rds_cluster.src`) and carry the model's property names (resources.py maps them),
Terraform positions, and references as attributes of the entries they name. The deployment
builder then joins them exactly as it joins templates, so every rule reads Terraform unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from zeroetl_lint.artifacts.cloudformation.intrinsics import Attr, Concat, Pseudo, Unknown
from zeroetl_lint.artifacts.cloudformation.loader import CfnList, CfnMap, Span
from zeroetl_lint.artifacts.cloudformation.template import Template
from zeroetl_lint.artifacts.terraform.evaluate import Joined, ResourceRef, Symbol
from zeroetl_lint.artifacts.terraform.syntax import Pos
from zeroetl_lint.artifacts.terraform.words import TERRAFORM_WORDS
from zeroetl_lint.findings import Location
from zeroetl_lint.model.edits import NO_EDITS, Editor


@dataclass(frozen=True, slots=True)
class TfSpan(Span):
    """A span in one of a module's files (a module instance spans several)."""

    path: str = ""


@dataclass(frozen=True, slots=True)
class TfAttr(Attr):
    """A reference to another resource's attribute, shown as Terraform writes it."""

    shown: str = field(default="", compare=False)

    @property
    def written(self) -> str:
        return self.shown


@dataclass(frozen=True, slots=True)
class _Key:
    """A map key in a property path (a parameter's name), shown as ["key"]."""

    key: str


@dataclass(eq=False)
class TerraformTemplate(Template):
    """One Terraform module instance as the builder sees a template: entries by resource address."""

    files: dict[str, str] = field(default_factory=dict, repr=False)  # its .tf files: path -> text
    kinds: dict[str, str] = field(default_factory=dict, repr=False)  # resource address -> Terraform type
    # For fixes: each resource's block, and every literal written in the module's files by its start.
    blocks: dict[str, Any] = field(default_factory=dict, repr=False)
    literals: dict[tuple[str, int, int], Any] = field(default_factory=dict, repr=False)
    vocabulary = TERRAFORM_WORDS

    def editor(self) -> Editor:
        """Edits of the module's .tf files; a plan (no files) has no editor, so no fix."""
        if not self.files:
            return NO_EDITS
        from zeroetl_lint.artifacts.terraform.editor import HclEditor

        return HclEditor(self)

    def location(self, span: Span | None) -> Location:
        if isinstance(span, TfSpan):
            return Location(span.path, span.line, span.column, span.end_line, span.end_column)
        return Location(self.path)

    def object_of(self, logical_id: str) -> str:
        return logical_id

    def property_object(self, logical_id: str, path: tuple[str | int, ...]) -> str:
        """module.db.aws_rds_cluster.src.engine_version, ...parameter["rds.logical_replication"], ...config_parameter[0]."""
        out = logical_id
        for word in self._words(logical_id, path):
            out += f"[{word}]" if isinstance(word, int) else f'["{word.key}"]' if isinstance(word, _Key) else f".{word}"
        return out

    def property_name(self, logical_id: str, path: tuple[str | int, ...]) -> str:
        """The Terraform argument: engine_version, parameter_value; a parameter by its own name."""
        last = self._words(logical_id, path)[-1]
        return last.key if isinstance(last, _Key) else str(last)

    def reference_text(self, logical_id: str, attribute: str) -> str:
        """aws_rds_cluster.src.arn for the model's DBClusterArn."""
        from zeroetl_lint.artifacts.terraform.resources import MAPPINGS

        mapping = MAPPINGS.get(self.kinds.get(logical_id, ""))
        names = {model: argument for argument, model in mapping.attributes.items()} if mapping is not None else {}
        return f"{logical_id}.{names.get(attribute, attribute)}"

    def named(self, prop: Any, logical_id: str, path: tuple[str | int, ...]) -> Any:
        return replace(prop, object=self.property_object(logical_id, path))

    def _words(self, logical_id: str, path: tuple[str | int, ...]) -> list[str | int | _Key]:
        """The path in Terraform's words: arguments and block types, instance indexes, parameter names."""
        from zeroetl_lint.artifacts.terraform.resources import MAPPINGS

        mapping = MAPPINGS.get(self.kinds.get(logical_id, ""))
        if mapping is None or not path:
            return list(path) or [logical_id]
        first, rest = path[0], list(path[1:])
        blocks = mapping.blocks
        if blocks is not None and first == blocks.property:
            if blocks.entry_key is None:  # parameter["rds.logical_replication"]
                return [blocks.block, *(_Key(step) if isinstance(step, str) else step for step in rest)]
            fields = {blocks.entry_key: blocks.key, blocks.entry_value: blocks.value}
            return [blocks.block, *(fields.get(step, step) if isinstance(step, str) else step for step in rest)]
        reverse = {prop: argument for argument, prop in mapping.arguments.items()}
        return [reverse.get(str(first), str(first)), *rest]

    def commented_files(self) -> tuple[tuple[str, str, dict[int, str]], ...]:
        out = []
        for path, text in self.files.items():
            lines = {span.line: address for address, span in self.resource_spans.items()
                     if isinstance(span, TfSpan) and span.path == path}
            out.append((path, text, lines))
        return tuple(out)


def span_of(pos: Pos) -> TfSpan:
    return TfSpan(pos.line, pos.column, pos.end_line, pos.end_column, pos.start, pos.end, None, pos.path)


def new_template(path: str) -> TerraformTemplate:
    data = CfnMap()
    resources = CfnMap()
    for node in (data, resources):
        _spanned(node, None)
    data["Resources"] = resources
    return TerraformTemplate(path, "", data, resources, {}, {}, {}, resource_spans={})


def _spanned(node: CfnMap | CfnList, span: Span | None) -> CfnMap | CfnList:
    node.span = span  # type: ignore[assignment]
    if isinstance(node, CfnMap):
        node.key_spans = {}
        node.value_spans = {}
    else:
        node.item_spans = []
    return node


def new_map(span: Span | None) -> CfnMap:
    return _spanned(CfnMap(), span)  # type: ignore[return-value]


def put(container: CfnMap, key: str, value: Any, value_span: Span | None, key_span: Span | None = None) -> None:
    container[key] = value
    container.value_spans[key] = value_span  # type: ignore[assignment]
    container.key_spans[key] = key_span or value_span  # type: ignore[assignment]


class Converter:
    """Turns evaluated values into entry values, references into attributes of the entries they name."""

    def __init__(self) -> None:
        # Resource address -> (template, model attribute names by Terraform attribute).
        self.entries: dict[str, tuple[TerraformTemplate, str]] = {}
        self.attribute_of: dict[str, Any] = {}

    def add(self, address: str, template: TerraformTemplate, kind: str) -> None:
        self.entries[address] = (template, kind)

    def value(self, value: Any, span: Span | None) -> Any:
        from zeroetl_lint.artifacts.terraform.resources import model_attribute

        if isinstance(value, ResourceRef):
            entry = self.entries.get(value.address)
            if entry is None:
                return Unknown(f"{value.written} names no resource instance that is declared")
            template, kind = entry
            return TfAttr(template, value.address, model_attribute(kind, value.attribute), value.written)
        if isinstance(value, Symbol):
            return Pseudo(value.name)
        if isinstance(value, Joined):
            parts: list[Any] = []
            for part in value.parts:
                converted = self.value(part, span)
                if isinstance(converted, Unknown):
                    return converted
                parts.append(converted)
            return Concat(tuple(parts), "interpolation")
        if isinstance(value, dict):
            out = new_map(span)
            for key, item in value.items():
                if item is not None:
                    put(out, key, self.value(item, span), span)
            return out
        if isinstance(value, list):
            items = _spanned(CfnList(), span)
            for item in value:
                items.append(self.value(item, span))
                items.item_spans.append(span)
            return items
        return value
