"""The JSON of `terraform show -json PLAN` as an input: planned values, and references from its configuration.

Format: https://developer.hashicorp.com/terraform/internals/json-format. `planned_values` holds
each resource instance's evaluated arguments (dynamic blocks expanded, variables applied) under
`root_module` and nested `child_modules`; what AWS computes (ARNs) is absent there, so a missing
argument is taken from `configuration`, whose `expressions` give each argument's constant value or
the references it is made of (`aws_rds_cluster.src.arn`, `module.db.cluster_arn`). Findings point
at the value in the plan file; plans carry secrets, and only the mapped arguments are read.
"""

from __future__ import annotations

import re
from typing import Any

from zeroetl_lint.artifacts.terraform.evaluate import ResourceRef
from zeroetl_lint.artifacts.terraform.instances import Argument, Declared, Entries, Entry, ModuleStack, location
from zeroetl_lint.artifacts.terraform.json_read import JsonArray, JsonObject, JsonProblem, read_json
from zeroetl_lint.artifacts.terraform.resources import MAPPINGS, KeyedBlocks
from zeroetl_lint.artifacts.terraform.syntax import Pos
from zeroetl_lint.findings import Location
from zeroetl_lint.model.values import Unknown

# A reference to a resource attribute: type.name(.attribute), possibly indexed.
_REFERENCE = re.compile(r"^(?P<resource>[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\[[^\]]+\])?)\.(?P<attribute>[A-Za-z0-9_]+)")
_OUTPUT = re.compile(r"^module\.(?P<call>[A-Za-z0-9_-]+)\.(?P<output>[A-Za-z0-9_]+)$")
# Arguments whose value is a reference to another resource (an ARN, a name): when the plan leaves
# one unknown, the configuration's reference stands for it. Any other unknown argument (a policy
# document, a filter) is assembled from more than a reference and stays unknown.
_REFERENCE_VALUED = frozenset({"source_arn", "target_arn", "resource_arn", "cluster_identifier", "namespace_name",
                               "db_cluster_parameter_group_name", "db_parameter_group_name", "parameter_group_name",
                               "cluster_parameter_group_name", "kms_key_id", "replicate_source_db",
                               "global_cluster_identifier", "source_db_cluster_identifier"})
# Module outputs that lead to module outputs...: a cycle or an absurd chain stops here.
_MAX_DEPTH = 16


def is_plan(data: Any) -> bool:
    """The JSON object `terraform show -json` prints for a plan."""
    return isinstance(data, dict) and "planned_values" in data and "format_version" in data


def looks_like_plan(text: str) -> bool:
    return '"planned_values"' in text and '"format_version"' in text


def read_plan(path: str, text: str) -> tuple[list[ModuleStack], list[Declared], str | None]:
    """One stack per module of the plan and its resource instances; or a problem message when the file is not a readable plan."""
    data = read_json(path, text)
    if isinstance(data, JsonProblem) or not is_plan(data):
        return [], [], data.message if isinstance(data, JsonProblem) else "not the JSON of a Terraform plan"
    stacks, found = _Plan(path, data).instances()
    return stacks, found, None


class _Plan:
    def __init__(self, path: str, data: JsonObject) -> None:
        self.path = path
        self.data = data
        self.addresses: dict[str, str] = {}  # every managed resource instance of the plan -> its type
        configuration = data.get("configuration")
        root = configuration.get("root_module") if isinstance(configuration, dict) else None
        # Module address ("" for the root) -> its configuration block (resources, module_calls).
        self.config: dict[str, dict[str, Any]] = {}
        if isinstance(root, dict):
            self._index_config("", root)

    def _index_config(self, address: str, module: dict[str, Any]) -> None:
        self.config[address] = module
        calls = module.get("module_calls")
        if isinstance(calls, dict):
            for name, call in calls.items():
                inner = call.get("module") if isinstance(call, dict) else None
                if isinstance(inner, dict):
                    self._index_config(f"{address}.module.{name}".lstrip("."), inner)

    def at(self, node: Any) -> Location:
        """Where a node of the plan is written (the file's start when it has no position)."""
        pos: Pos | None = getattr(node, "pos", None)
        return location(pos) if pos is not None else Location(self.path, 1, 1, 1, 1)

    def at_key(self, values: JsonObject, key: str, fallback: Location) -> Location:
        pos = values.value_pos.get(key) if isinstance(values, JsonObject) else None
        return location(pos) if pos is not None else fallback

    def instances(self) -> tuple[list[ModuleStack], list[Declared]]:
        planned = self.data.get("planned_values")
        root = planned.get("root_module") if isinstance(planned, dict) else None
        modules: list[tuple[str, JsonObject]] = []
        pending = [root] if isinstance(root, JsonObject) else []
        while pending:
            module = pending.pop(0)
            address = module.get("address") if isinstance(module.get("address"), str) else ""
            modules.append((address, module))
            children = module.get("child_modules")
            pending.extend(child for child in children if isinstance(child, JsonObject)) if isinstance(children, list) else None
        out: list[tuple[ModuleStack, str, JsonObject]] = []
        stacks = []
        for address, module in modules:
            stack = ModuleStack(f"{self.path} ({address})" if address else self.path, address)
            stacks.append(stack)
            resources = module.get("resources")
            for resource in resources if isinstance(resources, list) else []:
                if not isinstance(resource, JsonObject) or resource.get("mode") != "managed":
                    continue
                if not isinstance(resource.get("address"), str) or not isinstance(resource.get("type"), str):
                    continue
                self.addresses[resource["address"]] = resource["type"]
                stack.kinds[resource["address"]] = resource["type"]
                out.append((stack, address, resource))
        found = []
        for stack, module_address, resource in out:
            header = self.at(resource)
            stack.headers[resource["address"]] = header
            found.append(self.declared(module_address, resource, stack, header))
        return stacks, found

    def declared(self, module: str, resource: JsonObject, stack: ModuleStack, header: Location) -> Declared:
        kind = resource["type"]
        mapping = MAPPINGS.get(kind)
        declared = Declared(resource["address"], kind, header, stack)
        values = resource.get("values")
        values = values if isinstance(values, JsonObject) else JsonObject()
        expressions = self.expressions(module, resource)
        if mapping is not None:
            for argument in mapping.arguments:
                value = values.get(argument)
                value_at = self.at_key(values, argument, header)
                if value is None:
                    what = f"{resource['address']}.{argument}"
                    expression = expressions.get(argument)
                    value = self.from_configuration(module, expression, what)
                    if value is None:
                        continue
                    if getattr(expression, "pos", None) is not None:
                        value_at = self.at(expression)  # where the configuration writes it
                    if isinstance(value, ResourceRef) and argument not in _REFERENCE_VALUED:
                        value = Unknown(f"{what} is known only after Terraform applies")
                declared.arguments[argument] = Argument(_plain(value), value_at, value_at)
            if mapping.blocks is not None:
                declared.entries = self.blocks(values, mapping.blocks)
            tags = values.get("tags")
            if mapping.tags and isinstance(tags, JsonObject):
                declared.tags = tuple(
                    Entry(key, location(tags.key_pos[key]),
                          Argument(_plain(value), location(tags.value_pos[key]), location(tags.key_pos[key])),
                          location(tags.key_pos[key]))
                    for key, value in tags.items())
        explicit, implicit = self.depends_on(module, resource, expressions)
        if explicit:
            declared.depends_on = tuple((address, header) for address in explicit)
            declared.depends_on_at = (header, header)
        declared.references = tuple(implicit)
        return declared

    def depends_on(self, module: str, resource: JsonObject, expressions: dict[str, Any]) -> tuple[list[str], list[str]]:
        """Instances of the same module this one waits for: those its depends_on lists, and the others it references."""
        config = self._config_entry(module, resource) or {}
        written = [name for name in config.get("depends_on", []) if isinstance(name, str)]
        listed = self._instances(module, resource, written)
        names: list[str] = []
        pending: list[Any] = [expressions]
        while pending:
            node = pending.pop()
            if isinstance(node, dict):
                references = node.get("references")
                names += [name for name in references if isinstance(name, str)] if isinstance(references, list) else []
                pending.extend(node.values())
            elif isinstance(node, list):
                pending.extend(node)
        return listed, [address for address in self._instances(module, resource, names) if address not in listed]

    def _instances(self, module: str, resource: JsonObject, names: list[str]) -> list[str]:
        """The resource instances of the module that names (references, depends_on entries) stand for."""
        prefix = f"{module}." if module else ""
        out: dict[str, None] = {}
        for name in names:
            match = _REFERENCE.match(name + ".x")
            if match is None or name.startswith(("var.", "local.", "data.", "module.")):
                continue
            base = prefix + re.sub(r"\[[^\]]*\]$", "", match["resource"])
            for known in self.addresses:
                if (known == base or known.startswith(base + "[")) and known != resource["address"]:
                    out[known] = None
        return list(out)

    def expressions(self, module: str, resource: JsonObject) -> dict[str, Any]:
        entry = self._config_entry(module, resource)
        found = entry.get("expressions") if entry is not None else None
        return found if isinstance(found, dict) else {}

    def _config_entry(self, module: str, resource: JsonObject) -> dict[str, Any] | None:
        config = self.config.get(module, {})
        wanted = resource["address"]
        # The configuration names resources without their instance key or module path.
        local = re.sub(r"\[[^\]]*\]$", "", wanted[len(module) + 1:] if module else wanted)
        for entry in config.get("resources", []) if isinstance(config.get("resources"), list) else []:
            if isinstance(entry, dict) and entry.get("address") == local:
                return entry
        return None

    def from_configuration(self, module: str, expression: Any, what: str, depth: int = 0) -> Any:
        """A value the plan leaves unknown, from the references its configuration expression makes."""
        if not isinstance(expression, dict):
            return None
        if "constant_value" in expression:
            return expression["constant_value"]
        references = expression.get("references")
        if not isinstance(references, list) or not references:
            return Unknown(f"{what} is known only after Terraform applies")
        if depth > _MAX_DEPTH:
            return Unknown(f"{what}: module outputs nest too deeply")
        first = references[0]
        prefix = f"{module}." if module else ""
        output = _OUTPUT.match(first) if isinstance(first, str) else None
        if output is not None:
            child = f"{prefix}module.{output['call']}"
            outputs = self.config.get(child, {}).get("outputs")
            found = outputs.get(output["output"]) if isinstance(outputs, dict) else None
            inner = found.get("expression") if isinstance(found, dict) else None
            return self.from_configuration(child, inner, what, depth + 1) or Unknown(
                f"{what} comes from {first}, which the plan's configuration does not show")
        match = _REFERENCE.match(first) if isinstance(first, str) else None
        if match is None or first.startswith(("var.", "local.", "data.", "module.")):
            return Unknown(f"{what} comes from {first}, which is known only after Terraform applies")
        address = prefix + match["resource"]
        if address not in self.addresses:
            instances = [known for known in self.addresses if known.startswith(address + "[")]
            address = instances[0] if len(instances) == 1 else address
        return ResourceRef(address, match["attribute"], first)

    def blocks(self, values: JsonObject, blocks: KeyedBlocks) -> Entries | None:
        found = values.get(blocks.block)
        if not isinstance(found, JsonArray) or not found:
            return None
        anchor = self.at_key(values, blocks.block, self.at(values))
        entries = []
        for index, block in enumerate(found):
            if not isinstance(block, JsonObject) or not isinstance(block.get(blocks.key), str):
                continue
            value_at = self.at_key(block, blocks.value, anchor)
            entries.append(Entry(block[blocks.key], self.at_key(block, blocks.key, anchor),
                                 Argument(_plain(block.get(blocks.value)), value_at, value_at),
                                 location(found.item_pos[index])))
        return Entries(tuple(entries), anchor)


def _plain(value: Any) -> Any:
    """The reader's containers as plain lists and dicts, as the evaluator gives values."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
