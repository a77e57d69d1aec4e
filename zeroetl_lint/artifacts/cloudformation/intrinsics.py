"""Symbolic evaluation of CloudFormation intrinsic functions across all templates of one run."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import product
from typing import Any, Protocol

from zeroetl_lint.model.values import Unknown, describe, quoted

__all__ = ["Unknown", "describe"]  # the model's, re-exported: the adapter speaks them


class Sections(Protocol):
    """What evaluation reads of a template (template.Template has it): its sections and its stack's environment."""

    path: str
    resources: Mapping[str, Any]
    parameters: Mapping[str, Any]
    mappings: Mapping[str, Any]
    region: str | None
    account: str | None
    stack_name: str | None


# Fn::If branches multiply; beyond this many combinations a value is reported as unknown rather
# than enumerated.
MAX_OPTIONS = 16
# Exports that import exports that import ...: a cycle or an absurd chain stops here.
MAX_DEPTH = 12


@dataclass(frozen=True, slots=True)
class Pseudo:
    """A pseudo parameter (AWS::Region, AWS::AccountId, ...), kept symbolic."""

    name: str

    def described(self, limit: int | None = None) -> str:
        return f"!Ref {self.name}"

    @property
    def shape(self) -> str | None:
        return None


@dataclass(frozen=True, slots=True)
class Attr:
    """What `Ref` (attribute "Ref") or `Fn::GetAtt` returns for a resource of some template."""

    template: Sections
    logical_id: str
    attribute: str

    @property
    def written(self) -> str:
        if self.attribute == "Ref":
            return f"!Ref {self.logical_id}"
        return f"!GetAtt {self.logical_id}.{self.attribute}"

    def described(self, limit: int | None = None) -> str:
        return self.written

    @property
    def shape(self) -> str | None:
        return None


@dataclass(frozen=True, slots=True)
class Concat:
    """A string assembled by Fn::Join or Fn::Sub from literal text and symbolic pieces."""

    parts: tuple[str | Pseudo | Attr, ...]
    function: str | None = field(default=None, compare=False)  # "Fn::Join" or "Fn::Sub": how it was written

    def described(self, limit: int | None = None) -> str:
        return quoted(sub_text(self), limit, "'")

    @property
    def shape(self) -> str | None:
        return "".join(part if isinstance(part, str) else "*" for part in self.parts)


class _NoValue:
    """AWS::NoValue: the property is removed."""

    def __repr__(self) -> str:
        return "AWS::NoValue"


NO_VALUE = _NoValue()

_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


def is_intrinsic(node: Any) -> bool:
    return isinstance(node, dict) and len(node) == 1 and next(iter(node)) in _FUNCTIONS


def references(node: Any, names: Container[str]) -> set[str]:
    """The names (logical ids) that node refers to anywhere through Ref, Fn::GetAtt or Fn::Sub."""
    found: set[str] = set()
    _walk_references(node, names, found)
    return found


def _walk_references(node: Any, names: Container[str], out: set[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _walk_references(item, names, out)
        return
    if not isinstance(node, dict):
        return
    if len(node) == 1:
        function, argument = next(iter(node.items()))
        if function == "Ref" and isinstance(argument, str) and argument in names:
            out.add(argument)
        elif function == "Fn::GetAtt":
            parts = _get_att_parts(argument)
            if parts and isinstance(parts[0], str) and parts[0] in names:
                out.add(parts[0])
        elif function == "Fn::Sub":
            text, variables = (argument[0], argument[1]) if isinstance(argument, list) and len(argument) == 2 else (
                argument, {})
            local = variables if isinstance(variables, dict) else {}
            if isinstance(text, str):
                for variable in _SUB_VARIABLE.findall(text):
                    target = variable.split(".", 1)[0]
                    if not variable.startswith("!") and target in names and target not in local:
                        out.add(target)
            _walk_references(variables, names, out)
            return
    for value in node.values():
        _walk_references(value, names, out)


def _get_att_parts(argument: Any) -> list[Any] | None:
    """Fn::GetAtt's [LogicalId, Attribute], from either of its spellings ("A.B" or a list)."""
    if isinstance(argument, str):
        return argument.split(".", 1)
    return argument if isinstance(argument, list) else None


# What a pseudo parameter can stand for in an export name: AWS's rules for each, so that an export
# named "${AWS::StackName}-ClusterArn" matches the import "orders-db-ClusterArn" and nothing wilder.
_PSEUDO_WILDCARDS = {
    "AWS::StackName": r"[A-Za-z][-A-Za-z0-9]{0,127}",
    "AWS::Region": r"[a-z]{2}(?:-[a-z]+)+-[0-9]+",
    "AWS::AccountId": r"[0-9]{12}",
    "AWS::Partition": r"aws(?:-[a-z]+)*",
    "AWS::URLSuffix": r"amazonaws\.com(?:\.cn)?",
}
# How many exports a message lists before it says "and N more".
_LISTED = 3


@dataclass(frozen=True, slots=True)
class _PatternExport:
    """An export whose name contains pseudo parameters: it matches any import name they can produce."""

    written: str  # "${AWS::StackName}-ClusterArn"
    pattern: re.Pattern[str]
    pseudo: tuple[str, ...]  # the pseudo parameters in the name
    template: Sections
    value: Any


class Exports:
    """The Outputs/Export entries of every template of one run, by name."""

    def __init__(self) -> None:
        self.literal: dict[str, list[tuple[Sections, Any]]] = {}
        self.patterns: list[_PatternExport] = []
        # Every find() and its answer, in order: what a value resolved through imports depends on
        # beyond its own template (see Lookups).
        self.log: list[tuple[str, tuple[Template, Any] | Unknown]] = []

    def add(self, name: Any, template: Sections, value: Any) -> None:
        """Record an export whose name resolved to name (names that stay unknown are dropped)."""
        if isinstance(name, str):
            self.literal.setdefault(name, []).append((template, value))
            return
        if not isinstance(name, Concat) or not all(isinstance(part, (str, Pseudo)) for part in name.parts):
            return
        regex = "".join(re.escape(part) if isinstance(part, str) else _PSEUDO_WILDCARDS.get(part.name, ".+")
                        for part in name.parts)
        pseudo = tuple(dict.fromkeys(part.name for part in name.parts if isinstance(part, Pseudo)))
        self.patterns.append(_PatternExport(sub_text(name), re.compile(regex), pseudo, template, value))

    def find(self, name: str) -> tuple[Sections, Any] | Unknown:
        """The one export an import of name reaches, or why there is not exactly one."""
        found = self._find(name)
        self.log.append((name, found))
        return found

    def _find(self, name: str) -> tuple[Template, Any] | Unknown:
        found = self.literal.get(name, [])
        if len(found) == 1:
            return found[0]
        if found:
            return Unknown(f"export {name!r} is defined by {len(found)} templates: "
                           + _listed(template.path for template, _ in found))
        # A literal name wins: two stacks cannot export one name, so a stack whose name would make a
        # pattern produce it is not the one deployed.
        matches = [export for export in self.patterns if export.pattern.fullmatch(name)]
        if len(matches) == 1:
            return matches[0].template, matches[0].value
        if matches:
            pseudo = ", ".join("${" + p + "}" for p in dict.fromkeys(p for m in matches for p in m.pseudo))
            return Unknown(f"Fn::ImportValue {name!r}: export names with {pseudo} match several: "
                           + _listed(f"{m.written!r} in {m.template.path}" for m in matches)
                           + "; which one it imports depends on the stack names")
        reason = f"Fn::ImportValue {name!r} has no matching Export among the inputs"
        if self.patterns:
            pseudo = ", ".join("${" + p + "}" for p in dict.fromkeys(p for e in self.patterns for p in e.pseudo))
            reason += (f" (no export name with {pseudo} can produce it: "
                       + _listed(f"{e.written!r} in {e.template.path}" for e in self.patterns) + ")")
        return Unknown(reason)


@dataclass(frozen=True, slots=True)
class Lookups:
    """The exports a resolution looked up, and what each lookup found.

    A value resolved from a template depends on that template and on these lookups alone, so it may
    be reused (by a later run that reuses the template too) for as long as each name still finds the
    same export: the same template object and value node, or the same reason for finding none.
    """

    found: tuple[tuple[str, tuple[Template, Any] | Unknown], ...]

    @staticmethod
    def since(exports: Exports, mark: int) -> Lookups | None:
        """The lookups made since exports.log had mark entries; None when there were none."""
        return None if len(exports.log) == mark else Lookups(tuple(exports.log[mark:]))

    def still_hold(self, exports: Exports) -> bool:
        return all(_same(exports.find(name), found) for name, found in self.found)


def _same(now: tuple[Template, Any] | Unknown, then: tuple[Template, Any] | Unknown) -> bool:
    if isinstance(now, Unknown) or isinstance(then, Unknown):
        return now == then
    return now[0] is then[0] and now[1] is then[1]


def _listed(items: Iterable[str]) -> str:
    shown = list(items)
    more = len(shown) - _LISTED
    return ", ".join(shown[:_LISTED]) + (f" and {more} more" if more > 0 else "")


class Resolver:
    """Evaluates intrinsic functions of one template, reaching other templates through exports."""

    def __init__(self, template: Sections, exports: Exports) -> None:
        self.template = template
        self.exports = exports

    def options(self, node: Any, depth: int = 0) -> tuple[Any, ...]:
        """Every value the node can take (one per Fn::If branch); containers are returned as written."""
        if depth > MAX_DEPTH:
            return (Unknown("references nest too deeply (a cycle of exports?)"),)
        if is_intrinsic(node):
            name, argument = next(iter(node.items()))
            result = _FUNCTIONS[name](self, argument, depth + 1)
            return result if len(result) <= MAX_OPTIONS else (Unknown(f"{name} has too many branches"),)
        return (node,)

    def one(self, node: Any) -> Any:
        """The value when there is exactly one option, else Unknown."""
        values = self.options(node)
        return values[0] if len(values) == 1 else Unknown("the value depends on a condition")

    def text_options(self, node: Any, depth: int) -> tuple[str | Pseudo | Attr | Concat | Unknown, ...]:
        out: list[Any] = []
        for value in self.options(node, depth):
            if isinstance(value, (str, Pseudo, Attr, Concat, Unknown)):
                out.append(value)
            elif isinstance(value, bool):
                out.append("true" if value else "false")
            elif isinstance(value, (int, float)):
                out.append(str(value))
            else:
                out.append(Unknown("a string was expected here"))
        return tuple(out)

    # -- the functions -------------------------------------------------------------------

    def _ref(self, argument: Any, depth: int) -> tuple[Any, ...]:
        if not isinstance(argument, str):
            return (Unknown("Ref takes a logical id"),)
        if argument == "AWS::NoValue":
            return (NO_VALUE,)
        if argument == "AWS::Region" and self.template.region:
            return (self.template.region,)
        if argument == "AWS::AccountId" and self.template.account:
            return (self.template.account,)
        if argument == "AWS::StackName" and self.template.stack_name:
            return (self.template.stack_name,)
        if argument.startswith("AWS::"):
            return (Pseudo(argument),)
        if argument in self.template.resources:
            return (Attr(self.template, argument, "Ref"),)
        parameter = self.template.parameters.get(argument)
        if isinstance(parameter, dict):
            if "Default" not in parameter:
                return (Unknown(f"parameter {argument} of {self.template.path} has no Default"),)
            default = parameter["Default"]
            return (str(default).lower() if isinstance(default, bool) else default if isinstance(default, (str, list)) else str(default),)
        return (Unknown(f"Ref {argument} names nothing in {self.template.path}"),)

    def _get_att(self, argument: Any, depth: int) -> tuple[Any, ...]:
        argument = _get_att_parts(argument)
        if argument is None or len(argument) != 2:
            return (Unknown("Fn::GetAtt takes [LogicalId, Attribute]"),)
        logical_id, attribute = argument
        if not isinstance(attribute, str):
            attribute = self.one(attribute)
        if not isinstance(logical_id, str) or not isinstance(attribute, str):
            return (Unknown("Fn::GetAtt with a computed name is not evaluated"),)
        if logical_id not in self.template.resources:
            return (Unknown(f"Fn::GetAtt names {logical_id}, which {self.template.path} does not define"),)
        return (Attr(self.template, logical_id, attribute),)

    def _import_value(self, argument: Any, depth: int) -> tuple[Any, ...]:
        out: list[Any] = []
        for name in self.text_options(argument, depth):
            if not isinstance(name, str):
                out.append(Unknown("Fn::ImportValue of a computed export name is not evaluated"))
                continue
            found = self.exports.find(name)
            if isinstance(found, Unknown):
                out.append(found)
                continue
            template, value = found
            out.extend(Resolver(template, self.exports).options(value, depth))
        return tuple(out)

    def _join(self, argument: Any, depth: int) -> tuple[Any, ...]:
        if not isinstance(argument, list) or len(argument) != 2:
            return (Unknown("Fn::Join takes [delimiter, [values]]"),)
        delimiter, items = argument
        if not isinstance(delimiter, str):
            return (Unknown("Fn::Join with a computed delimiter is not evaluated"),)
        lists = self.options(items, depth) if is_intrinsic(items) else (items,)
        out: list[Any] = []
        for values in lists:
            if not isinstance(values, list):
                out.append(values if isinstance(values, Unknown) else Unknown("Fn::Join of a computed list is not evaluated"))
                continue
            choices = [self.text_options(item, depth) for item in values]
            for combination in _bounded_product(choices):
                pieces: list[Any] = []
                for index, piece in enumerate(combination):
                    if index:
                        pieces.append(delimiter)
                    pieces.append(piece)
                out.append(concat(pieces, "Fn::Join"))
        return tuple(out)

    def _sub(self, argument: Any, depth: int) -> tuple[Any, ...]:
        variables: dict[str, Any] = {}
        if isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], dict):
            argument, variables = argument
        if not isinstance(argument, str):
            return (Unknown("Fn::Sub takes a string"),)
        names: list[str] = []
        literal_pieces: list[str] = []
        position = 0
        for match in _SUB_VARIABLE.finditer(argument):
            literal_pieces.append(argument[position:match.start()])
            names.append(match.group(1))
            position = match.end()
        tail = argument[position:]
        choices: list[tuple[Any, ...]] = []
        for name in names:
            if name.startswith("!"):  # ${!Literal} is the literal text ${Literal}
                choices.append(("${" + name[1:] + "}",))
            elif name in variables:
                choices.append(self.text_options(variables[name], depth))
            elif "." in name and not name.startswith("AWS::"):
                logical_id, attribute = name.split(".", 1)
                choices.append(self.text_options({"Fn::GetAtt": [logical_id, attribute]}, depth))
            else:
                choices.append(self.text_options({"Ref": name}, depth))
        out: list[Any] = []
        for combination in _bounded_product(choices):
            pieces: list[Any] = []
            for literal, value in zip(literal_pieces, combination):
                pieces.extend((literal, value))
            pieces.append(tail)
            out.append(concat(pieces, "Fn::Sub"))
        return tuple(out)

    def _if(self, argument: Any, depth: int) -> tuple[Any, ...]:
        if not isinstance(argument, list) or len(argument) != 3:
            return (Unknown("Fn::If takes [condition, then, else]"),)
        return self.options(argument[1], depth) + self.options(argument[2], depth)

    def _select(self, argument: Any, depth: int) -> tuple[Any, ...]:
        if not isinstance(argument, list) or len(argument) != 2:
            return (Unknown("Fn::Select takes [index, list]"),)
        index = self.one(argument[0])
        values = self.one(argument[1]) if is_intrinsic(argument[1]) else argument[1]
        try:
            position = int(index)
        except (TypeError, ValueError):
            return (Unknown("Fn::Select with a computed index is not evaluated"),)
        if not isinstance(values, list) or not 0 <= position < len(values):
            return (Unknown("Fn::Select of a computed list is not evaluated"),)
        return self.options(values[position], depth)

    def _find_in_map(self, argument: Any, depth: int) -> tuple[Any, ...]:
        if not isinstance(argument, list) or len(argument) < 3:
            return (Unknown("Fn::FindInMap takes [map, key, key]"),)
        keys = [self.one(key) for key in argument[:3]]
        computed = next((key for key in keys if not isinstance(key, str)), None)
        if computed is not None:
            if isinstance(computed, Unknown):
                return (Unknown(f"Fn::FindInMap has a key that is unresolved ({computed.reason})"),)
            return (Unknown(f"Fn::FindInMap is keyed on {describe(computed)}, which is not known statically"),)
        value: Any = self.template.mappings
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return (Unknown(f"Fn::FindInMap finds nothing at {'/'.join(keys)}"),)
            value = value[key]
        return self.options(value, depth)

    def _opaque(self, argument: Any, depth: int) -> tuple[Any, ...]:
        return (Unknown("the value is computed by an intrinsic function that is not evaluated"),)


_FUNCTIONS = {
    "Ref": Resolver._ref,
    "Fn::GetAtt": Resolver._get_att,
    "Fn::ImportValue": Resolver._import_value,
    "Fn::Join": Resolver._join,
    "Fn::Sub": Resolver._sub,
    "Fn::If": Resolver._if,
    "Fn::Select": Resolver._select,
    "Fn::FindInMap": Resolver._find_in_map,
    **{
        name: Resolver._opaque
        for name in (
            "Fn::Base64", "Fn::Cidr", "Fn::GetAZs", "Fn::Split", "Fn::Transform", "Fn::Length",
            "Fn::ToJsonString", "Fn::And", "Fn::Equals", "Fn::Not", "Fn::Or", "Fn::Contains",
            "Fn::EachMemberEquals", "Fn::EachMemberIn", "Fn::RefAll", "Fn::ValueOf", "Fn::ValueOfAll",
            "Fn::ForEach", "Fn::GetStackOutput",
        )
    },
}


def _bounded_product(choices: list[tuple[Any, ...]]) -> Iterable[tuple[Any, ...]]:
    total = 1
    for options in choices:
        total *= max(len(options), 1)
    if total > MAX_OPTIONS:
        return [tuple(Unknown("too many combinations of conditions") for _ in choices)]
    return product(*choices)


def concat(pieces: Iterable[Any], function: str | None = None) -> str | Concat | Unknown:
    """Flatten pieces into one literal string, or a Concat when some are symbolic (made by function)."""
    parts: list[str | Pseudo | Attr] = []
    for piece in pieces:
        if isinstance(piece, Unknown):
            return piece
        if isinstance(piece, Concat):
            parts.extend(piece.parts)
        elif piece is NO_VALUE:
            continue
        else:
            parts.append(piece)
    merged: list[str | Pseudo | Attr] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] = merged[-1] + part
        elif part != "":
            merged.append(part)
    if not merged:
        return ""
    if len(merged) == 1 and isinstance(merged[0], str):
        return merged[0]
    return Concat(tuple(merged), function)


def sub_text(value: Concat) -> str:
    """The value in Fn::Sub notation: 'arn:aws:rds:${AWS::Region}:...:cluster:${Cluster}'."""
    return "".join(_sub_form(part) for part in value.parts)


def _sub_form(part: str | Pseudo | Attr) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, Pseudo):
        return "${" + part.name + "}"
    suffix = "" if part.attribute == "Ref" else "." + part.attribute
    return "${" + part.logical_id + suffix + "}"
