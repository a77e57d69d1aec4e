"""Terraform modules as the adapter reads them: a directory's blocks, its variables' values, its local child modules.

Variable values come, lowest precedence first, from the declaration's `default`, then (root module
only) `TF_VAR_<name>` environment variables, `terraform.tfvars`, `terraform.tfvars.json`,
`*.auto.tfvars(.json)` in lexical order and each `--var-file` in the order given (Terraform's
documented precedence); a child module's come from the arguments of its `module` block, evaluated
per instance when the block has `count` or `for_each`. Only local module sources (`./`, `../`) are
read; a registry or Git module's outputs are unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zeroetl_lint.artifacts.terraform.evaluate import Evaluator, Scope
from zeroetl_lint.artifacts.terraform.origins import bind_items
from zeroetl_lint.artifacts.terraform.resources import is_reference
from zeroetl_lint.artifacts.terraform.syntax import Attribute, Block, Expr, TfFile
from zeroetl_lint.model.values import Unknown

# A resource with count or for_each expands to at most this many checked instances.
MAX_INSTANCES = 32
# Module calls nested deeper than this are a module that calls itself.
_MAX_NESTING = 8
_BUSY = object()  # marks a value being evaluated, to stop cycles


@dataclass(frozen=True, slots=True)
class Instance:
    """One instance of a resource: its address, its block and the names (count, each) its body sees."""

    address: str
    kind: str
    name: str
    block: Block
    scope: Scope
    key: Any = None
    template: bool = False  # count/for_each not known: one instance stands for all


@dataclass(eq=False)
class ModuleInstance:
    """One module instance: the root module of a directory, or a `module` block's child."""

    directory: Path
    files: list[TfFile]
    address: str = ""  # "" for a root module, "module.db" (or "module.a.module.b") for a child
    shown_directory: str = ""
    # Root modules: values from tfvars files. Child modules: the module block's arguments.
    assigned: dict[str, Any] = field(default_factory=dict)
    assigned_from: dict[str, tuple[Expr, Scope]] = field(default_factory=dict)  # where a tfvars file writes each
    inputs: dict[str, Attribute] = field(default_factory=dict)
    parent: tuple[ModuleInstance, Scope] | None = None
    loader: Callable[[Path], list[TfFile] | None] | None = None
    is_reference: Callable[[str, str], bool] = is_reference
    variables: dict[str, Block] = field(default_factory=dict)
    locals: dict[str, Attribute] = field(default_factory=dict)
    resources: dict[str, Block] = field(default_factory=dict)
    data: dict[str, Block] = field(default_factory=dict)
    calls: dict[str, Block] = field(default_factory=dict)
    outputs: dict[str, Block] = field(default_factory=dict)
    _values: dict[str, Any] = field(default_factory=dict)
    _children: dict[str, dict[Any, ModuleInstance] | Unknown] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for file in self.files:
            for block in file.body.blocks:
                labels = block.labels
                if block.type == "variable" and len(labels) == 1:
                    self.variables[labels[0]] = block
                elif block.type == "locals":
                    self.locals.update(block.body.attributes)
                elif block.type == "resource" and len(labels) == 2:
                    self.resources[f"{labels[0]}.{labels[1]}"] = block
                elif block.type == "data" and len(labels) == 2:
                    self.data[f"{labels[0]}.{labels[1]}"] = block
                elif block.type == "module" and len(labels) == 1:
                    self.calls[labels[0]] = block
                elif block.type == "output" and len(labels) == 1:
                    self.outputs[labels[0]] = block

    @property
    def shown(self) -> str:
        """How messages name the module: 'module.db', or 'the root module in examples/terraform'."""
        return self.address or f"the root module in {self.shown_directory or self.directory.as_posix()}"

    @property
    def prefix(self) -> str:
        return f"{self.address}." if self.address else ""

    def scope(self) -> Scope:
        return Scope(self)

    def address_of(self, kind: str, name: str, key: Any = None) -> str:
        suffix = "" if key is None else f"[{key}]" if isinstance(key, int) else f'["{key}"]'
        return f"{self.prefix}{kind}.{name}{suffix}"

    # -- values ----------------------------------------------------------------------------

    def _cached(self, key: str, compute: Callable[[], Any], cycle: str) -> Any:
        found = self._values.get(key)
        if found is _BUSY:
            return Unknown(cycle)
        if key in self._values:
            return found
        self._values[key] = _BUSY
        value = compute()
        self._values[key] = value
        return value

    def variable(self, name: str, evaluator: Evaluator) -> Any:
        return self._cached(f"var.{name}", lambda: self._variable(name, evaluator), f"var.{name} refers to itself")

    def _variable(self, name: str, evaluator: Evaluator) -> Any:
        declared = self.variables.get(name)
        if declared is None:
            return Unknown(f"var.{name} is not declared in {self.shown}")
        if name in self.inputs and self.parent is not None:
            parent, scope = self.parent
            value = evaluator.evaluate(self.inputs[name].expr, scope)
            if value is not None:
                return value
        elif name in self.assigned:
            return self.assigned[name]
        default = declared.body.attributes.get("default")
        if default is not None:
            return evaluator.evaluate(default.expr, self.scope())
        if self.address:
            return Unknown(f"var.{name} of {self.address} has no value: the module block does not set it "
                           "and it has no default")
        return Unknown(f"var.{name} has no value: it has no default, and no TF_VAR_{name} environment variable, "
                       "terraform.tfvars, *.auto.tfvars or --var-file sets it")

    def variable_definition(self, name: str) -> tuple[Expr, Scope] | None:
        """The expression that gives a variable its value, where it is read: an argument, a tfvars line, a default."""
        declared = self.variables.get(name)
        if declared is None:
            return None
        if name in self.inputs and self.parent is not None:
            return self.inputs[name].expr, self.parent[1]
        if name in self.assigned:
            return self.assigned_from.get(name)  # None for an environment variable: no file writes it
        default = declared.body.attributes.get("default")
        return (default.expr, self.scope()) if default is not None else None

    def local(self, name: str, evaluator: Evaluator) -> Any:
        attribute = self.locals.get(name)
        if attribute is None:
            return Unknown(f"local.{name} is not defined in {self.shown}")
        return self._cached(f"local.{name}", lambda: evaluator.evaluate(attribute.expr, self.scope()),
                            f"local.{name} refers to itself")

    def children(self, call: str, evaluator: Evaluator) -> dict[Any, ModuleInstance] | Unknown:
        """The instances of a module call by key: None alone without count/for_each (or when they are not known)."""
        if call not in self._children:
            self._children[call] = self._instances_of(call, evaluator)
        return self._children[call]

    def _instances_of(self, call: str, evaluator: Evaluator) -> dict[Any, ModuleInstance] | Unknown:
        block = self.calls.get(call)
        if block is None:
            return Unknown(f"module.{call} is not declared in {self.shown}")
        address = f"{self.prefix}module.{call}"
        if address.count("module.") > _MAX_NESTING:
            return Unknown(f"{address}: modules nest deeper than {_MAX_NESTING} levels (a module calling itself?)")
        source_attribute = block.body.attributes.get("source")
        source = evaluator.evaluate(source_attribute.expr, self.scope()) if source_attribute else None
        if not isinstance(source, str):
            return Unknown(f"{address} has no literal source")
        if not source.startswith(("./", "../")):
            return Unknown(f"{address} comes from {source!r}, which is not read (only local modules are)")
        directory = (self.directory / source).resolve()
        files = self.loader(directory) if self.loader is not None else None
        if not files:
            return Unknown(f"{address}: its source {source!r} holds no .tf files")
        inputs = {name: attribute for name, attribute in block.body.attributes.items()
                  if name not in ("source", "version", "count", "for_each", "providers", "depends_on")}
        out: dict[Any, ModuleInstance] = {}
        for key, names, origins in self.repetitions(block, address, evaluator):
            suffix = "" if key is None else f"[{key}]" if isinstance(key, int) else f'["{key}"]'
            out[key] = ModuleInstance(directory, files, address + suffix, shown_directory=source, inputs=inputs,
                                      parent=(self, Scope(self, names, origins)), loader=self.loader,
                                      is_reference=self.is_reference)
        return out

    def repetitions(self, block: Block, address: str, evaluator: Evaluator) -> list[tuple[Any, dict[str, Any], Any]]:
        """(instance key, the names count/each give its arguments, where each's values are written) for a
        resource or module block.

        Without count/for_each there is one instance, keyed None; when they cannot be evaluated, one
        template instance keyed None stands for all, its count.index/each unknown.
        """
        attributes = block.body.attributes
        if "count" in attributes:
            count = evaluator.evaluate(attributes["count"].expr, self.scope())
            if isinstance(count, bool) or not isinstance(count, int):
                why = _not_known("count", attributes["count"].expr, count, "a whole number", evaluator)
                return [(None, {"count": {"index": Unknown(f"count.index of {address} is unknown: {why}")}}, {})]
            return [(index, {"count": {"index": index}}, {}) for index in range(min(count, MAX_INSTANCES))]
        if "for_each" in attributes:
            collection = evaluator.evaluate(attributes["for_each"].expr, self.scope())
            if isinstance(collection, list) and all(isinstance(item, str) for item in collection):
                collection = {item: item for item in collection}
            if not isinstance(collection, dict):
                why = _not_known("for_each", attributes["for_each"].expr, collection, "a map or a set of strings",
                                 evaluator)
                return [(None, {"each": {"key": Unknown(f"each.key of {address} is unknown: {why}"),
                                         "value": Unknown(f"each.value of {address} is unknown: {why}")}}, {})]
            self._values[f"for_each:{id(block)}"] = collection
            written = bind_items(evaluator, attributes["for_each"].expr, self.scope())
            return [(key, {"each": {"key": key, "value": collection[key]}}, {"each": written.get(key, {})})
                    for key in list(collection)[:MAX_INSTANCES]]
        return [(None, {}, {})]

    def output_of(self, call: str, output: str, evaluator: Evaluator, key: Any = None, indexed: bool = False) -> Any:
        found = self.children(call, evaluator)
        if isinstance(found, Unknown):
            return Unknown(f"module.{call}.{output} is unknown: {found.reason}")
        repeated = "count" in self.calls[call].body.attributes or "for_each" in self.calls[call].body.attributes
        if repeated and not indexed:
            index = "0" if "count" in self.calls[call].body.attributes else '"<key>"'
            return Unknown(f"module.{call} has count or for_each: its outputs are read per instance "
                           f"(module.{call}[{index}].{output})")
        child = self._instance(call, found, key)
        if isinstance(child, Unknown):
            return child
        if output not in child.outputs or "value" not in child.outputs[output].body.attributes:
            return Unknown(f"module.{call} has no output {output!r}")
        return child._output(output, evaluator)

    def module_value(self, call: str, evaluator: Evaluator, key: Any = None, indexed: bool = False) -> Any:
        """module.db as Terraform gives it: an object of the instance's outputs, and for a call with
        count a list of them, with for_each a map of them by key (what `for_each = module.db` iterates)."""
        found = self.children(call, evaluator)
        if isinstance(found, Unknown):
            return found
        attributes = self.calls[call].body.attributes
        if ("count" in attributes or "for_each" in attributes) and not indexed:
            if None in found:  # one template instance: which instances there are is not known
                return Unknown(f"the instances of module.{call} are not known: its "
                               f"{'count' if 'count' in attributes else 'for_each'} cannot be evaluated")
            objects = {instance_key: child._outputs(evaluator) for instance_key, child in found.items()}
            return list(objects.values()) if "count" in attributes else objects
        child = self._instance(call, found, key)
        return child if isinstance(child, Unknown) else child._outputs(evaluator)

    def _instance(self, call: str, found: dict[Any, ModuleInstance], key: Any) -> ModuleInstance | Unknown:
        # A template instance (count/for_each not known) stands for every key.
        child = found.get(key) if key in found else found.get(None) if None in found else None
        return child if child is not None else Unknown(f"module.{call}[{key!r}] is not an instance of module.{call}")

    def _outputs(self, evaluator: Evaluator) -> dict[str, Any]:
        return {name: self._output(name, evaluator) for name, block in self.outputs.items()
                if "value" in block.body.attributes}

    def _output(self, name: str, evaluator: Evaluator) -> Any:
        value = self.outputs[name].body.attributes["value"]
        return self._cached(f"output.{name}", lambda: evaluator.evaluate(value.expr, self.scope()),
                            f"output {name} of {self.shown} refers to itself")

    def output_definition(self, call: str, output: str, key: Any, evaluator: Evaluator) -> tuple[Expr, Scope] | None:
        found = self.children(call, evaluator)
        child = found.get(key, found.get(None)) if isinstance(found, dict) else None
        block = child.outputs.get(output) if child is not None else None
        value = block.body.attributes.get("value") if block is not None else None
        return (value.expr, child.scope()) if value is not None and child is not None else None

    def argument_of(self, kind: str, name: str, key: Any, attribute: str, evaluator: Evaluator) -> Any:
        """A resource argument's value when another expression reads it; None for what AWS computes."""
        if self.is_reference(kind, attribute):
            return None
        block = self.resources.get(f"{kind}.{name}")
        argument = block.body.attributes.get(attribute) if block is not None else None
        if argument is None:
            return None
        return evaluator.evaluate(argument.expr, self.instance_scope(block, key))

    def instance_scope(self, block: Block, key: Any) -> Scope:
        if "count" in block.body.attributes:
            return Scope(self, {"count": {"index": key}})
        if "for_each" in block.body.attributes:
            return Scope(self, {"each": {"key": key, "value": self._each_value(block, key)}})
        return self.scope()

    def _each_value(self, block: Block, key: Any) -> Any:
        value = self._values.get(f"for_each:{id(block)}")
        if isinstance(value, dict):
            return value.get(key, Unknown(f"each.value for key {key!r}"))
        return key

    def policy_document(self, name: str, evaluator: Evaluator) -> Any:
        from zeroetl_lint.artifacts.terraform.iam_document import policy_document

        block = self.data.get(f"aws_iam_policy_document.{name}")
        if block is None:
            return None
        return self._cached(f"document.{name}", lambda: policy_document(block, self.scope(), evaluator),
                            f"data.aws_iam_policy_document.{name} refers to itself")

    # -- instances -------------------------------------------------------------------------

    def instances(self, kind: str, name: str, evaluator: Evaluator) -> Iterator[Instance]:
        """Every instance of a resource when count/for_each is known; else one template instance."""
        block = self.resources[f"{kind}.{name}"]
        repeated = "count" in block.body.attributes or "for_each" in block.body.attributes
        for key, names, origins in self.repetitions(block, self.address_of(kind, name), evaluator):
            yield Instance(self.address_of(kind, name, key), kind, name, block, Scope(self, names, origins), key,
                           template=repeated and key is None)

    def descendants(self, evaluator: Evaluator) -> Iterator[ModuleInstance]:
        """This module and every local child module below it, callers first."""
        yield self
        for call in self.calls:
            found = self.children(call, evaluator)
            for child in found.values() if isinstance(found, dict) else ():
                yield from child.descendants(evaluator)


def _not_known(argument: str, expr: Expr, value: Any, required: str, evaluator: Evaluator) -> str:
    """Why a count or for_each gives no instances to check: the expression, and its unknown or wrong value."""
    written = evaluator.written(expr)
    if isinstance(value, Unknown):
        return f"its {argument} ({written}) is not known because {value.reason}"
    return f"its {argument} ({written}) is {_kind(value)}, not {required}"


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a bool"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list of objects" if any(isinstance(item, dict) for item in value) else "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a map"
    return "a value known only when Terraform runs"
