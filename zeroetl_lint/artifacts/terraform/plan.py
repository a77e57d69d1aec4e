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

from zeroetl_lint.artifacts.cloudformation.loader import CfnList, CfnMap, Span, load
from zeroetl_lint.artifacts.terraform.bridge import Converter, TerraformTemplate, TfSpan, new_map, new_template, put
from zeroetl_lint.artifacts.terraform.entries import REFERENCES
from zeroetl_lint.artifacts.terraform.evaluate import ResourceRef
from zeroetl_lint.artifacts.terraform.resources import MAPPINGS, KeyedBlocks
from zeroetl_lint.model.values import Unknown

# A reference to a resource attribute: type.name(.attribute), possibly indexed.
_REFERENCE = re.compile(r"^(?P<resource>[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\[[^\]]+\])?)\.(?P<attribute>[A-Za-z0-9_]+)")
_OUTPUT = re.compile(r"^module\.(?P<call>[A-Za-z0-9_-]+)\.(?P<output>[A-Za-z0-9_]+)$")
# Arguments whose value is a reference to another resource (an ARN, a name): when the plan leaves
# one unknown, the configuration's reference stands for it. Any other unknown argument (a policy
# document, a filter) is assembled from more than a reference and stays unknown.
_REFERENCE_VALUED = frozenset({"SourceArn", "TargetArn", "ResourceArn", "DBClusterIdentifier", "NamespaceName",
                               "DBClusterParameterGroupName", "DBParameterGroupName", "ClusterParameterGroupName",
                               "KMSKeyId", "KmsKeyId", "SourceDBInstanceIdentifier", "GlobalClusterIdentifier",
                               "SourceDBClusterIdentifier"})
# Module outputs that lead to module outputs...: a cycle or an absurd chain stops here.
_MAX_DEPTH = 16


def is_plan(data: Any) -> bool:
    """The JSON object `terraform show -json` prints for a plan."""
    return isinstance(data, dict) and "planned_values" in data and "format_version" in data


def looks_like_plan(text: str) -> bool:
    return '"planned_values"' in text and '"format_version"' in text


def read_plan(path: str, text: str) -> tuple[list[TerraformTemplate], str | None]:
    """One template per module of the plan; or a problem message when the file is not a readable plan."""
    loaded = load(text, json_like=True)
    if loaded.problems or not is_plan(loaded.data):
        return [], loaded.problems[0].message if loaded.problems else "not the JSON of a Terraform plan"
    return _Plan(path, loaded.data).templates(), None


class _Plan:
    def __init__(self, path: str, data: CfnMap) -> None:
        self.path = path
        self.data = data
        self.converter = Converter()
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

    def span(self, node: Any) -> TfSpan:
        span: Span | None = getattr(node, "span", None)
        if span is None:
            return TfSpan(1, 1, 1, 1, 0, 0, None, self.path)
        return TfSpan(span.line, span.column, span.end_line, span.end_column, span.start, span.end, None, self.path)

    def templates(self) -> list[TerraformTemplate]:
        planned = self.data.get("planned_values")
        root = planned.get("root_module") if isinstance(planned, dict) else None
        modules: list[tuple[str, CfnMap]] = []
        pending = [root] if isinstance(root, CfnMap) else []
        while pending:
            module = pending.pop(0)
            address = module.get("address") if isinstance(module.get("address"), str) else ""
            modules.append((address, module))
            children = module.get("child_modules")
            pending.extend(child for child in children if isinstance(child, CfnMap)) if isinstance(children, list) else None
        out: list[tuple[TerraformTemplate, str, CfnMap]] = []
        templates = []
        for address, module in modules:
            template = new_template(f"{self.path} ({address})" if address else self.path)
            templates.append(template)
            resources = module.get("resources")
            for resource in resources if isinstance(resources, list) else []:
                if not isinstance(resource, CfnMap) or resource.get("mode") != "managed":
                    continue
                if not isinstance(resource.get("address"), str) or not isinstance(resource.get("type"), str):
                    continue
                self.converter.add(resource["address"], template, resource["type"])
                template.kinds[resource["address"]] = resource["type"]
                out.append((template, address, resource))
        for template, module_address, resource in out:
            span = self.span(resource)
            template.resources[resource["address"]] = self.entry(module_address, resource, span)
            template.resource_spans[resource["address"]] = span
        return templates

    def entry(self, module: str, resource: CfnMap, span: TfSpan) -> CfnMap:
        kind = resource["type"]
        mapping = MAPPINGS.get(kind)
        body = new_map(span)
        put(body, "Type", mapping.model_type if mapping is not None else kind, span)
        properties = new_map(span)
        values = resource.get("values")
        values = values if isinstance(values, CfnMap) else CfnMap()
        expressions = self.expressions(module, resource)
        if mapping is not None:
            for argument, prop in mapping.arguments.items():
                value = values.get(argument)
                value_span = self.span_in(values, argument, span)
                if value is None:
                    what = f"{resource['address']}.{argument}"
                    expression = expressions.get(argument)
                    value = self.from_configuration(module, expression, what)
                    if value is None:
                        continue
                    if getattr(expression, "span", None) is not None:
                        value_span = self.span(expression)  # where the configuration writes it
                    if isinstance(value, ResourceRef) and prop not in _REFERENCE_VALUED:
                        value = Unknown(f"{what} is known only after Terraform applies")
                put(properties, prop, self.converter.value(_plain(value), value_span), value_span, value_span)
            if mapping.blocks is not None:
                self.blocks(values, mapping.blocks, properties)
        put(body, "Properties", properties, span)
        explicit, implicit = self.depends_on(module, resource, expressions)
        if explicit:
            items = _list(span)
            for address in explicit:
                items.append(address)
                items.item_spans.append(span)
            put(body, "DependsOn", items, span)
        if implicit:
            put(body, REFERENCES, [{"Ref": address} for address in implicit], span)
        return body

    def depends_on(self, module: str, resource: CfnMap, expressions: dict[str, Any]) -> tuple[list[str], list[str]]:
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

    def _instances(self, module: str, resource: CfnMap, names: list[str]) -> list[str]:
        """The resource instances of the module that names (references, depends_on entries) stand for."""
        prefix = f"{module}." if module else ""
        out: dict[str, None] = {}
        for name in names:
            match = _REFERENCE.match(name + ".x")
            if match is None or name.startswith(("var.", "local.", "data.", "module.")):
                continue
            base = prefix + re.sub(r"\[[^\]]*\]$", "", match["resource"])
            for known in self.converter.entries:
                if (known == base or known.startswith(base + "[")) and known != resource["address"]:
                    out[known] = None
        return list(out)

    def span_in(self, values: CfnMap, key: str, fallback: TfSpan) -> TfSpan:
        span = getattr(values, "value_spans", {}).get(key)
        return self.span(_Spanned(span)) if span is not None else fallback

    def expressions(self, module: str, resource: CfnMap) -> dict[str, Any]:
        entry = self._config_entry(module, resource)
        found = entry.get("expressions") if entry is not None else None
        return found if isinstance(found, dict) else {}

    def _config_entry(self, module: str, resource: CfnMap) -> dict[str, Any] | None:
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
        if address not in self.converter.entries:
            instances = [known for known in self.converter.entries if known.startswith(address + "[")]
            address = instances[0] if len(instances) == 1 else address
        return ResourceRef(address, match["attribute"], first)

    def blocks(self, values: CfnMap, blocks: KeyedBlocks, properties: CfnMap) -> None:
        found = values.get(blocks.block)
        if not isinstance(found, CfnList) or not found:
            return
        anchor = self.span_in(values, blocks.block, self.span(values))
        container: CfnMap | CfnList = new_map(anchor) if blocks.entry_key is None else _list(anchor)
        for index, block in enumerate(found):
            if not isinstance(block, CfnMap) or not isinstance(block.get(blocks.key), str):
                continue
            name = block[blocks.key]
            value_span = self.span_in(block, blocks.value, anchor)
            name_span = self.span_in(block, blocks.key, anchor)
            value = _plain(block.get(blocks.value))
            if isinstance(container, CfnMap):
                put(container, name, value, value_span, name_span)
            else:
                entry = new_map(self.span(_Spanned(found.item_spans[index])))
                put(entry, blocks.entry_key, name, name_span)  # type: ignore[arg-type]
                put(entry, blocks.entry_value, value, value_span)  # type: ignore[arg-type]
                container.append(entry)
                container.item_spans.append(entry.span)
        put(properties, blocks.property, container, anchor, anchor)


class _Spanned:
    """Carries a bare Span where a node with a `.span` is expected."""

    def __init__(self, span: Span) -> None:
        self.span = span


def _list(span: TfSpan) -> CfnList:
    items = CfnList()
    items.span = span  # type: ignore[assignment]
    items.item_spans = []
    return items


def _plain(value: Any) -> Any:
    """Loader containers as plain lists and dicts (the converter gives them their spans back)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
