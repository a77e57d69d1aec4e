"""Read the Terraform inputs of a run: group .tf files into root modules, apply tfvars, read their resource instances."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from zeroetl_lint.artifacts.terraform.evaluate import Evaluator
from zeroetl_lint.artifacts.terraform.hcl import HclError
from zeroetl_lint.artifacts.terraform.instances import Declared, Entry, ModuleStack
from zeroetl_lint.artifacts.terraform.modules import ModuleInstance
from zeroetl_lint.artifacts.terraform.resources import is_reference
from zeroetl_lint.artifacts.terraform.syntax import TfFile


@dataclass(frozen=True, slots=True)
class TerraformProblem:
    """A Terraform input that could not be read: which file, what, where (1-based)."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None


@dataclass
class TerraformInputs:
    """What the Terraform files of a run hold: module instances, their stacks and resource instances, and the problems met."""

    roots: list[ModuleInstance] = field(default_factory=list)
    files: list[TfFile] = field(default_factory=list)
    unreadable: int = 0  # files that could not be read or parsed: they count as read, as a bad template does
    problems: list[TerraformProblem] = field(default_factory=list)
    stacks: list[ModuleStack] = field(default_factory=list)
    resources: list[Declared] = field(default_factory=list)


def is_terraform(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(".tf") or name.endswith(".tf.json")


def is_tfvars(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(".tfvars") or name.endswith(".tfvars.json")


class _Reader:
    """Parses each file once and each directory's .tf files together."""

    def __init__(self, decode: Any, shown: Any, inputs: TerraformInputs) -> None:
        self.decode = decode
        self.shown = shown
        self.inputs = inputs
        self.directories: dict[Path, list[TfFile] | None] = {}
        self.parsed: dict[Path, TfFile | None] = {}
        self.texts: dict[str, str] = {}  # every file read, for messages that quote an expression

    def file(self, path: Path) -> TfFile | None:
        key = path.resolve()
        if key in self.parsed:
            return self.parsed[key]
        from zeroetl_lint.artifacts.terraform.cache import parsed as kept
        from zeroetl_lint.artifacts.terraform.hcl import parse_hcl
        from zeroetl_lint.artifacts.terraform.tfjson import parse_tf_json

        shown = self.shown(path)
        parsed: TfFile | None = None
        try:
            text = self.decode(path, shown)
        except OSError as error:
            self.inputs.problems.append(TerraformProblem(shown, f"cannot read {shown}: {error.strerror}"))
            text = None
        if text is not None:
            try:
                parse = parse_tf_json if path.name.lower().endswith(".json") else parse_hcl
                parsed = kept(shown, text, parse)
            except HclError as error:
                self.inputs.problems.append(TerraformProblem(shown, f"{shown} cannot be parsed: {error.message}",
                                                             error.line, error.column))
        self.parsed[key] = parsed
        if parsed is not None:
            self.inputs.files.append(parsed)
            self.texts[parsed.path] = parsed.text
        else:
            self.inputs.unreadable += 1
        return parsed

    def directory(self, directory: Path) -> list[TfFile] | None:
        key = directory.resolve()
        if key not in self.directories:
            paths = sorted(path for path in key.iterdir() if path.is_file() and is_terraform(path)) \
                if key.is_dir() else []
            files = [found for found in (self.file(path) for path in paths) if found is not None]
            self.directories[key] = files or None
        return self.directories[key]


def merge_plans(inputs: TerraformInputs, plans: list[tuple[str, str]]) -> None:
    """Add each plan's resource instances; where the .tf files define the same address, the plan's values win and
    findings point at the .tf files."""
    from zeroetl_lint.artifacts.terraform.plan import read_plan

    for path, text in plans:
        stacks, resources, problem = read_plan(path, text)
        if problem is not None:
            inputs.problems.append(TerraformProblem(path, f"{path} cannot be read as a Terraform plan: {problem}"))
            continue
        planned = {found.address for found in resources}
        # A module instance the plan covers is replaced by it whole (its instances refer to each other).
        covered = {id(found.stack) for found in inputs.resources if found.address in planned}
        written = {found.address: found for found in inputs.resources if id(found.stack) in covered}
        inputs.stacks = [stack for stack in inputs.stacks if id(stack) not in covered]
        inputs.resources = [found for found in inputs.resources if id(found.stack) not in covered]
        for found in resources:
            if found.address in written:
                _take_positions(found, written[found.address])
        inputs.stacks.extend(stacks)
        inputs.resources.extend(resources)


def _take_positions(planned: Declared, written: Declared) -> None:
    """Give a plan's instance the .tf positions of the same instance, wherever both have the argument or block."""
    planned.header = written.header
    planned.stack.headers[planned.address] = written.header
    for name, argument in planned.arguments.items():
        there = written.arguments.get(name)
        if there is not None:
            planned.arguments[name] = replace(argument, location=there.location, key_location=there.key_location)
    if planned.entries is not None and written.entries is not None:
        by_key = {entry.key: entry for entry in written.entries.entries}
        entries = tuple(_entry_at(entry, by_key.get(entry.key)) for entry in planned.entries.entries)
        planned.entries = replace(planned.entries, entries=entries, location=written.entries.location)
    tags = {entry.key: entry for entry in written.tags}
    planned.tags = tuple(_entry_at(entry, tags.get(entry.key)) for entry in planned.tags)
    if written.depends_on_at is not None:
        planned.depends_on_at = written.depends_on_at


def _entry_at(planned: Entry, written: Entry | None) -> Entry:
    if written is None:
        return planned
    value = planned.value
    if value is not None and written.value is not None:
        value = replace(value, location=written.value.location, key_location=written.value.key_location)
    return replace(planned, key_location=written.key_location, value=value, location=written.location)


def load_terraform(paths: Iterable[Path], var_files: Iterable[Path], decode: Any, shown: Any,
                   environment: Mapping[str, str] | None = None, *, disk_cache: bool = True) -> TerraformInputs:
    """Root modules from the directories of the given .tf files; directories other ones call as modules are not roots.

    environment: the process environment, whose TF_VAR_<name> entries set root module variables.
    disk_cache: False (--no-cache) reads and writes nothing in the user cache directory (cache.py).

    decode(path, shown_path) returns the file's text (an overlay's, when the run has one) or None (the
    problem is the caller's to report); it raises OSError when the file cannot be read;
    shown(path) is how a path is displayed.
    """
    from zeroetl_lint.artifacts.terraform.cache import disk_cache as using

    with using(disk_cache):
        return _load(paths, var_files, decode, shown, environment or {})


def _load(paths: Iterable[Path], var_files: Iterable[Path], decode: Any, shown: Any,
          environment: Mapping[str, str]) -> TerraformInputs:
    inputs = TerraformInputs()
    reader = _Reader(decode, shown, inputs)
    directories = list(dict.fromkeys(path.resolve().parent for path in paths))
    called: set[Path] = set()
    for directory in directories:
        for file in reader.directory(directory) or []:
            for block in file.body.blocks_of("module"):
                source = block.body.attributes.get("source")
                value = getattr(source.expr, "value", None) if source is not None else None
                if isinstance(value, str) and value.startswith(("./", "../")):
                    called.add((directory / value).resolve())
    evaluator = Evaluator(reader.texts)
    for directory in directories:
        files = reader.directory(directory)
        if not files or directory in called:
            continue
        assigned, written = _variable_values(directory, list(var_files), reader, evaluator, environment)
        root = ModuleInstance(directory, files, shown_directory=shown(directory), assigned=assigned,
                              assigned_from=written,
                              loader=reader.directory, is_reference=is_reference)
        inputs.roots.append(root)
    from zeroetl_lint.artifacts.terraform.entries import module_instances

    inputs.stacks, inputs.resources = module_instances(inputs.roots, evaluator,
                                                       {str(d): shown(d) for d in reader.directories})
    return inputs


def _variable_values(directory: Path, var_files: list[Path], reader: _Reader, evaluator: Evaluator,
                     environment: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Terraform's order, later ones winning: TF_VAR_<name> environment variables, terraform.tfvars,
    terraform.tfvars.json, *.auto.tfvars(.json) in lexical order, then each --var-file; and the
    expression of a file that sets each (origins.py)."""
    candidates = [directory / "terraform.tfvars", directory / "terraform.tfvars.json"]
    candidates += sorted(path for path in directory.iterdir()
                         if path.is_file() and path.name.endswith((".auto.tfvars", ".auto.tfvars.json")))
    candidates += var_files
    probe = ModuleInstance(directory, reader.directory(directory) or [])
    values = _environment_values(probe, environment, evaluator)
    written: dict[str, Any] = {}
    for path in candidates:
        if not path.is_file():
            continue
        parsed = _tfvars(path, reader)
        if parsed is None:
            continue
        evaluator.texts[parsed.path] = parsed.text
        for name, attribute in parsed.body.attributes.items():
            values[name] = evaluator.evaluate(attribute.expr, probe.scope())
            written[name] = (attribute.expr, probe.scope())
    return values, written


def _environment_values(module: ModuleInstance, environment: Mapping[str, str], evaluator: Evaluator) -> dict[str, Any]:
    """TF_VAR_<name> values of the module's declared variables: text for a primitive type (or none
    declared), an HCL expression for a collection or structural type, as Terraform reads them."""
    from zeroetl_lint.artifacts.terraform.hcl import parse_expression
    from zeroetl_lint.artifacts.terraform.syntax import Name, Pos

    values: dict[str, Any] = {}
    for key, text in environment.items():
        name = key[len("TF_VAR_"):] if key.startswith("TF_VAR_") else None
        declared = module.variables.get(name) if name else None
        if declared is None:
            continue  # Terraform ignores values for variables that are not declared
        kind = declared.body.attributes.get("type")
        if kind is None or (isinstance(kind.expr, Name) and kind.expr.name in ("string", "number", "bool", "any")):
            values[name] = text  # type: ignore[index]
            continue
        origin = f"environment variable {key}"
        evaluator.texts[origin] = text
        expr = parse_expression(origin, text, Pos(origin, 1, 1, 1, max(len(text), 1), 0, len(text)))
        values[name] = evaluator.evaluate(expr, module.scope())  # type: ignore[index]
    return values


def _tfvars(path: Path, reader: _Reader) -> TfFile | None:
    """A tfvars file is HCL (or JSON) with attributes only."""
    from zeroetl_lint.artifacts.terraform.cache import parsed as kept
    from zeroetl_lint.artifacts.terraform.hcl import parse_hcl

    shown = reader.shown(path)
    try:
        text = reader.decode(path, shown)
    except OSError as error:
        reader.inputs.problems.append(TerraformProblem(shown, f"cannot read {shown}: {error.strerror}"))
        return None
    if text is None:
        return None
    try:
        if path.name.lower().endswith(".json"):
            from zeroetl_lint.artifacts.terraform.tfjson import parse_tfvars_json

            return kept(shown, text, parse_tfvars_json)
        return kept(shown, text, parse_hcl)
    except HclError as error:
        reader.inputs.problems.append(TerraformProblem(shown, f"{shown} cannot be parsed: {error.message}",
                                                       error.line, error.column))
        return None
