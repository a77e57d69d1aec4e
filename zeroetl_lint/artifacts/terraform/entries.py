"""Build one entry per resource instance of every module instance: mapped arguments, parameter blocks, dependencies."""

from __future__ import annotations

from typing import Any

from zeroetl_lint.artifacts.cloudformation.loader import CfnList, CfnMap, Span
from zeroetl_lint.artifacts.terraform.bridge import (
    Converter,
    TerraformTemplate,
    TfSpan,
    _spanned,
    new_map,
    new_template,
    put,
    span_of,
)
from zeroetl_lint.artifacts.terraform.evaluate import Evaluator, Scope
from zeroetl_lint.artifacts.terraform.modules import Instance, ModuleInstance
from zeroetl_lint.artifacts.terraform.origins import bind_items, origin
from zeroetl_lint.artifacts.terraform.resources import MAPPINGS, KeyedBlocks
from zeroetl_lint.artifacts.terraform.syntax import Block, Body, GetAttr, Name, Pos, literals, referenced_resources
from zeroetl_lint.model.values import Unknown


# The entry key under which a resource's references to others are kept (see _entry).
REFERENCES = "ReferencedResources"


def module_templates(roots: list[ModuleInstance], evaluator: Evaluator, shown: dict[str, str]) -> list[TerraformTemplate]:
    """One template per module instance below the roots, its entries filled from the resource instances."""
    converter = Converter()
    pending: list[tuple[TerraformTemplate, ModuleInstance, Instance]] = []
    templates: list[TerraformTemplate] = []
    # Every literal of every file read, by its start: a value written in a parent module or a
    # variable's default is fixed where it is written (origins.py), whichever module uses it.
    written: dict[tuple[str, int, int], Any] = {}
    for root in roots:
        for module in root.descendants(evaluator):
            path = shown.get(str(module.directory), module.directory.as_posix())
            template = new_template(f"{path} ({module.address})" if module.address else path)
            template.files = {file.path: file.text for file in module.files}
            written.update({(lit.pos.path, lit.pos.line, lit.pos.column): lit
                            for file in module.files for lit in literals(file.body)})
            template.literals = written
            templates.append(template)
            for key in module.resources:
                kind, name = key.split(".", 1)
                for instance in module.instances(kind, name, evaluator):
                    converter.add(instance.address, template, kind)
                    template.kinds[instance.address] = kind
                    template.blocks[instance.address] = instance.block
                    pending.append((template, module, instance))
    for template, module, instance in pending:
        header = _header(instance.block.pos, evaluator.texts)
        template.resources[instance.address] = _entry(instance, module, header, evaluator, converter)
        template.resource_spans[instance.address] = header
    return templates


def _header(pos: Pos, texts: dict[str, str]) -> TfSpan:
    """The block's first line up to its `{`: where findings about the whole resource point."""
    text = texts.get(pos.path, "")
    line = text[pos.start:].split("\n", 1)[0]
    brace = line.find("{")
    shown = (line[:brace] if brace > 0 else line).rstrip()
    end_column = pos.column + max(len(shown), 1) - 1
    return TfSpan(pos.line, pos.column, pos.line, end_column, pos.start, pos.start + len(shown), None, pos.path)


def _entry(instance: Instance, module: ModuleInstance, header: TfSpan, evaluator: Evaluator,
           converter: Converter) -> CfnMap:
    mapping = MAPPINGS.get(instance.kind)
    body = new_map(header)
    put(body, "Type", mapping.model_type if mapping is not None else instance.kind, header)
    properties = new_map(header)
    attributes = instance.block.body.attributes
    if mapping is not None:
        for argument, prop in mapping.arguments.items():
            attribute = attributes.get(argument)
            if attribute is None:
                continue
            value = evaluator.evaluate(attribute.expr, instance.scope)
            if value is None:
                continue  # null leaves the argument unset
            span = span_of(origin(evaluator, attribute.expr, instance.scope) or attribute.expr.pos)
            put(properties, prop, converter.value(value, span), span, span_of(attribute.name_pos))
        if mapping.blocks is not None:
            _keyed_blocks(instance, mapping.blocks, properties, evaluator, converter)
    put(body, "Properties", properties, header)
    explicit, implicit = _depends_on(instance, module, evaluator)
    if explicit:
        items = _spanned(CfnList(), header)
        for address, span in explicit:
            items.append(address)
            items.item_spans.append(span)
        written = instance.block.body.attributes["depends_on"]
        put(body, "DependsOn", items, span_of(written.expr.pos), span_of(written.name_pos))
    if implicit:
        # What the block references waits too, as Terraform orders it, but is no depends_on entry a
        # fix could extend: the builder's reference walker reads these as references.
        put(body, REFERENCES, [{"Ref": address} for address in implicit], header)
    return body


def _keyed_blocks(instance: Instance, blocks: KeyedBlocks, properties: CfnMap, evaluator: Evaluator,
                  converter: Converter) -> None:
    found = expand(instance.block.body, blocks.block, instance.scope, evaluator)
    if isinstance(found, Unknown):
        first = next(block for block in instance.block.body.blocks if block.type == "dynamic")
        put(properties, blocks.property, found, span_of(first.pos))
        return
    if not found:
        return
    anchor = span_of(found[0][0].pos)
    container: CfnMap | CfnList = new_map(anchor) if blocks.entry_key is None else _spanned(CfnList(), anchor)
    for block, scope in found:
        key_attribute = block.body.attributes.get(blocks.key)
        value_attribute = block.body.attributes.get(blocks.value)
        name = evaluator.evaluate(key_attribute.expr, scope) if key_attribute is not None else None
        if not isinstance(name, str):
            reason = name.reason if isinstance(name, Unknown) else f"a {blocks.block} block has no literal {blocks.key}"
            put(properties, blocks.property, Unknown(reason), anchor)
            return
        value = evaluator.evaluate(value_attribute.expr, scope) if value_attribute is not None else None
        value_span = span_of(origin(evaluator, value_attribute.expr, scope) or value_attribute.expr.pos) \
            if value_attribute is not None else span_of(block.pos)
        name_span = span_of(origin(evaluator, key_attribute.expr, scope) or key_attribute.expr.pos)  # type: ignore[union-attr]
        converted = converter.value(value, value_span)
        if isinstance(container, CfnMap):
            put(container, name, converted, value_span, name_span)
        else:
            entry = new_map(span_of(block.pos))
            put(entry, blocks.entry_key, name, name_span)  # type: ignore[arg-type]
            put(entry, blocks.entry_value, converted, value_span)  # type: ignore[arg-type]
            container.append(entry)
            container.item_spans.append(span_of(block.pos))
    put(properties, blocks.property, container, anchor, anchor)


def expand(body: Body, kind: str, scope: Scope, evaluator: Evaluator) -> list[tuple[Block, Scope]] | Unknown:
    """The nested blocks of one type, `dynamic` ones expanded over a known for_each; Unknown when one is not known."""
    found: list[tuple[Block, Scope]] = []
    for block in body.blocks:
        if block.type == kind:
            found.append((block, scope))
        elif block.type == "dynamic" and block.labels == (kind,):
            for_each = block.body.attributes.get("for_each")
            content = block.body.blocks_of("content")
            if for_each is None or not content:
                continue
            collection = evaluator.evaluate(for_each.expr, scope)
            iterator_attribute = block.body.attributes.get("iterator")
            iterator = kind
            if iterator_attribute is not None and isinstance(iterator_attribute.expr, Name):
                iterator = iterator_attribute.expr.name
            if isinstance(collection, list):
                items: list[tuple[Any, Any]] = list(enumerate(collection))
            elif isinstance(collection, dict):
                items = list(collection.items())
            else:
                reason = collection.reason if isinstance(collection, Unknown) else "it is not a collection"
                return Unknown(f"the for_each of dynamic \"{kind}\" ({evaluator.written(for_each.expr)}) is not known: "
                               f"{reason}")
            written = bind_items(evaluator, for_each.expr, scope)
            for key, value in items:
                found.append((content[0], scope.with_names({iterator: written.get(key, {})},
                                                           **{iterator: {"key": key, "value": value}})))
    return found


def _depends_on(instance: Instance, module: ModuleInstance,
                evaluator: Evaluator) -> tuple[list[tuple[str, Span]], list[str]]:
    """Resources of the same module this one waits for: those its depends_on lists (where each is
    written), and the others its arguments reference."""
    explicit: dict[str, Span] = {}
    attribute = instance.block.body.attributes.get("depends_on")
    for item in getattr(attribute.expr, "items", ()) if attribute is not None else ():
        if isinstance(item, GetAttr) and isinstance(item.obj, Name):
            for address in _instances(item.obj.name, item.name, instance, module, evaluator):
                explicit.setdefault(address, span_of(item.pos))
    implicit = [address for kind, name in referenced_resources(instance.block.body)
                for address in _instances(kind, name, instance, module, evaluator) if address not in explicit]
    return list(explicit.items()), list(dict.fromkeys(implicit))


def _instances(kind: str, name: str, instance: Instance, module: ModuleInstance, evaluator: Evaluator) -> list[str]:
    """The addresses of another resource of the module (every instance of it); none for itself or an unknown one."""
    if f"{kind}.{name}" not in module.resources or (kind, name) == (instance.kind, instance.name):
        return []
    return [other.address for other in module.instances(kind, name, evaluator)]
