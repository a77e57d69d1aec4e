"""Read every resource instance of every module instance: mapped arguments, keyed blocks, dependencies."""

from __future__ import annotations

from typing import Any

from zeroetl_lint.artifacts.terraform.evaluate import Evaluator, Scope
from zeroetl_lint.artifacts.terraform.instances import Argument, Declared, Entries, Entry, ModuleStack, location
from zeroetl_lint.artifacts.terraform.modules import Instance, ModuleInstance
from zeroetl_lint.artifacts.terraform.origins import bind_items, origin
from zeroetl_lint.artifacts.terraform.positions import quoted_positions
from zeroetl_lint.artifacts.terraform.resources import MAPPINGS, KeyedBlocks
from zeroetl_lint.artifacts.terraform.syntax import (
    Attribute,
    Block,
    Body,
    GetAttr,
    Name,
    Obj,
    Pos,
    literals,
    referenced_resources,
    written,
)
from zeroetl_lint.findings import Location
from zeroetl_lint.model.values import Unknown


def module_instances(roots: list[ModuleInstance], evaluator: Evaluator,
                     shown: dict[str, str]) -> tuple[list[ModuleStack], list[Declared]]:
    """One stack per module instance below the roots, and its resource instances, read."""
    stacks: list[ModuleStack] = []
    found: list[Declared] = []
    # Every literal of every file read, by its start: a value written in a parent module or a
    # variable's default is fixed where it is written (origins.py), whichever module uses it.
    written: dict[tuple[str, int, int], Any] = {}
    for root in roots:
        for module in root.descendants(evaluator):
            path = shown.get(str(module.directory), module.directory.as_posix())
            stack = ModuleStack(f"{path} ({module.address})" if module.address else path, module.address,
                                _reference_outputs(module, evaluator.texts),
                                files={file.path: file.text for file in module.files}, literals=written)
            written.update({(lit.pos.path, lit.pos.line, lit.pos.column): lit
                            for file in module.files for lit in literals(file.body)})
            stacks.append(stack)
            for key in module.resources:
                kind, name = key.split(".", 1)
                for instance in module.instances(kind, name, evaluator):
                    header = _header(instance.block.pos, evaluator.texts)
                    stack.kinds[instance.address] = kind
                    stack.blocks[instance.address] = instance.block
                    stack.headers[instance.address] = header
                    found.append(_declared(instance, module, stack, header, evaluator))
    return stacks, found


def _reference_outputs(module: ModuleInstance, texts: dict[str, str]) -> dict[str, str]:
    """The module's outputs whose value is a plain reference (`value = aws_rds_cluster.src.arn`), as written."""
    out: dict[str, str] = {}
    for name, block in module.outputs.items():
        value = block.body.attributes.get("value")
        if value is not None and isinstance(value.expr, GetAttr):
            out[name] = written(value.expr, texts)
    return out


def _header(pos: Pos, texts: dict[str, str]) -> Location:
    """The block's first line up to its `{`: where findings about the whole resource point."""
    text = texts.get(pos.path, "")
    line = text[pos.start:].split("\n", 1)[0]
    brace = line.find("{")
    shown = (line[:brace] if brace > 0 else line).rstrip()
    end_column = pos.column + max(len(shown), 1) - 1
    return Location(pos.path, pos.line, pos.column, pos.line, end_column)


def _declared(instance: Instance, module: ModuleInstance, stack: ModuleStack, header: Location,
              evaluator: Evaluator) -> Declared:
    mapping = MAPPINGS.get(instance.kind)
    declared = Declared(instance.address, instance.kind, header, stack)
    attributes = instance.block.body.attributes
    if mapping is not None:
        for argument in mapping.arguments:
            attribute = attributes.get(argument)
            if attribute is None:
                continue
            value = evaluator.evaluate(attribute.expr, instance.scope)
            if value is None:
                continue  # null leaves the argument unset
            written = origin(evaluator, attribute.expr, instance.scope) or attribute.expr.pos
            inside = quoted_positions(evaluator.texts.get(written.path), written, value) if isinstance(value, str) else None
            declared.arguments[argument] = Argument(value, location(written), location(attribute.name_pos), inside)
        if mapping.blocks is not None:
            declared.entries = _keyed_blocks(instance, mapping.blocks, evaluator)
        if mapping.tags and "tags" in attributes:
            declared.tags = _tags(attributes["tags"], instance.scope, evaluator)
    explicit, implicit = _depends_on(instance, module, evaluator)
    if explicit:
        written = instance.block.body.attributes["depends_on"]
        declared.depends_on = tuple(explicit)
        declared.depends_on_at = (location(written.expr.pos), location(written.name_pos))
    declared.references = tuple(implicit)
    return declared


def _tags(attribute: Attribute, scope: Scope, evaluator: Evaluator) -> tuple[Entry, ...]:
    """Each tag of a `tags` map with where its key and value are written (the map's place when it is computed)."""
    expr = attribute.expr
    if isinstance(expr, Obj):
        out = []
        for key_expr, value_expr in expr.items:
            key = evaluator.evaluate(key_expr, scope)
            if isinstance(key, str):
                value = Argument(evaluator.evaluate(value_expr, scope),
                                 location(origin(evaluator, value_expr, scope) or value_expr.pos), location(key_expr.pos))
                out.append(Entry(key, location(key_expr.pos), value, location(key_expr.pos)))
        return tuple(out)
    found = evaluator.evaluate(expr, scope)
    where = location(origin(evaluator, expr, scope) or expr.pos)
    if not isinstance(found, dict):
        return ()
    return tuple(Entry(key, where, Argument(value, where, where), where)
                 for key, value in found.items() if isinstance(key, str))


def _keyed_blocks(instance: Instance, blocks: KeyedBlocks, evaluator: Evaluator) -> Entries | None:
    found = expand(instance.block.body, blocks.block, instance.scope, evaluator)
    if isinstance(found, Unknown):
        first = next(block for block in instance.block.body.blocks if block.type == "dynamic")
        return Entries((), location(first.pos), found)
    if not found:
        return None
    anchor = location(found[0][0].pos)
    entries: list[Entry] = []
    for block, scope in found:
        key_attribute = block.body.attributes.get(blocks.key)
        value_attribute = block.body.attributes.get(blocks.value)
        name = evaluator.evaluate(key_attribute.expr, scope) if key_attribute is not None else None
        if not isinstance(name, str):
            reason = name.reason if isinstance(name, Unknown) else f"a {blocks.block} block has no literal {blocks.key}"
            return Entries((), anchor, Unknown(reason))
        value = evaluator.evaluate(value_attribute.expr, scope) if value_attribute is not None else None
        value_at = location(origin(evaluator, value_attribute.expr, scope) or value_attribute.expr.pos) \
            if value_attribute is not None else location(block.pos)
        name_at = location(origin(evaluator, key_attribute.expr, scope) or key_attribute.expr.pos)  # type: ignore[union-attr]
        entries.append(Entry(name, name_at, Argument(value, value_at, value_at), location(block.pos)))
    return Entries(tuple(entries), anchor)


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
                evaluator: Evaluator) -> tuple[list[tuple[str, Location]], list[str]]:
    """Resources of the same module this one waits for: those its depends_on lists (where each is
    written), and the others its arguments reference."""
    explicit: dict[str, Location] = {}
    attribute = instance.block.body.attributes.get("depends_on")
    for item in getattr(attribute.expr, "items", ()) if attribute is not None else ():
        if isinstance(item, GetAttr) and isinstance(item.obj, Name):
            for address in _instances(item.obj.name, item.name, instance, module, evaluator):
                explicit.setdefault(address, location(item.pos))
    implicit = [address for kind, name in referenced_resources(instance.block.body)
                for address in _instances(kind, name, instance, module, evaluator) if address not in explicit]
    return list(explicit.items()), list(dict.fromkeys(implicit))


def _instances(kind: str, name: str, instance: Instance, module: ModuleInstance, evaluator: Evaluator) -> list[str]:
    """The addresses of another resource of the module (every instance of it); none for itself or an unknown one."""
    if f"{kind}.{name}" not in module.resources or (kind, name) == (instance.kind, instance.name):
        return []
    return [other.address for other in module.instances(kind, name, evaluator)]
