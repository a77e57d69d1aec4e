"""A CloudFormation-aware YAML/JSON loader that keeps a 1-based position for every key and value."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import json
import re

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

try:  # libyaml's parser is several times faster; the pure-Python one behaves the same.
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner
    from yaml.composer import Composer as _Composer
else:
    _Reader = _Scanner = _Composer = None  # type: ignore[assignment,misc]

# Aliases share nodes; walking the document copies them out. A file whose aliases would add more
# nodes than this is an attack (a "billion laughs") or a mistake, and is rejected before anything
# walks it. Large templates without aliases are not limited by it.
MAX_ALIAS_COPIES = 100_000

# libyaml composes recursively in C: flow collections nested deeper than this are refused before
# parsing so that a hostile file cannot exhaust the C stack.
MAX_FLOW_DEPTH = 500

_BRACKETS = re.compile(r"[\[\]{}]")

# Short-form tags and the long form they stand for. `!GetAtt A.B.C` is special-cased below.
_SHORT_FORMS = {
    "!Ref": "Ref",
    "!Condition": "Condition",
    **{
        f"!{name}": f"Fn::{name}"
        for name in (
            "And", "Base64", "Cidr", "Equals", "FindInMap", "GetAtt", "GetAZs", "If",
            "ImportValue", "Join", "Length", "Not", "Or", "Select", "Split", "Sub", "ToJsonString",
            "Transform",
        )
    },
}


@dataclass(frozen=True, slots=True)
class Span:
    """Where a node sits in its file: 1-based line/column (end inclusive) plus 0-based offsets."""

    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    # Scalar style: "" plain, "'" single-quoted, '"' double-quoted, "|" literal, ">" folded;
    # None for mappings and sequences.
    style: str | None = None


class CfnMap(dict):  # type: ignore[type-arg]
    """A mapping that remembers where it, each key and each value were written."""

    span: Span
    key_spans: dict[str, Span]
    value_spans: dict[str, Span]


class CfnList(list):  # type: ignore[type-arg]
    """A sequence that remembers where it and each item were written."""

    span: Span
    item_spans: list[Span]


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """Something wrong with the file itself; becomes a ZE901 finding."""

    message: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True)
class Loaded:
    """The document (None when it could not be read) and the problems met on the way."""

    data: Any
    problems: tuple[LoadProblem, ...]


def _span(node: Node) -> Span:
    start, end = node.start_mark, node.end_mark
    style = (node.style or "") if isinstance(node, ScalarNode) else None
    # PyYAML marks are 0-based and the end mark points just past the node, which makes its
    # 0-based column the 1-based column of the node's last character.
    end_line, end_column = end.line + 1, end.column
    if end_column == 0 and end.line > start.line:  # a block scalar ends at the start of a line
        end_line, end_column = end.line, max(start.column + 1, 1)
    return Span(start.line + 1, start.column + 1, end_line, end_column, start.index, end.index, style)


class _Constructor(SafeConstructor):
    """SafeConstructor that builds CfnMap/CfnList, keeps timestamps as text and records duplicates."""

    problems: list[LoadProblem]

    def construct_cfn_mapping(self, node: MappingNode) -> CfnMap:
        self.flatten_mapping(node)
        mapping = CfnMap()
        mapping.span = _span(node)
        mapping.key_spans = {}
        mapping.value_spans = {}
        yield mapping
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                # Keys are names: `on`, `yes` or `1` as a key means the text, not a bool or int.
                key = str(key_node.value)
            else:
                self.problems.append(
                    LoadProblem("a mapping key must be a scalar", key_node.start_mark.line + 1,
                                key_node.start_mark.column + 1)
                )
                continue
            if key in mapping:
                first = mapping.key_spans[key]
                self.problems.append(
                    LoadProblem(
                        f"duplicate key {key!r} (first defined at line {first.line}); "
                        "CloudFormation rejects the template",
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                    )
                )
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_spans[key] = _span(key_node)
            mapping.value_spans[key] = _span(value_node)

    def construct_cfn_sequence(self, node: SequenceNode) -> CfnList:
        sequence = CfnList()
        sequence.span = _span(node)
        sequence.item_spans = [_span(child) for child in node.value]
        yield sequence
        sequence.extend(self.construct_object(child, deep=True) for child in node.value)

    def construct_text(self, node: ScalarNode) -> str:
        return str(node.value)

    def construct_short_form(self, tag_suffix: str, node: Node) -> CfnMap:
        tag = "!" + tag_suffix
        long_form = _SHORT_FORMS.get(tag)
        if long_form is None:
            raise ConstructorError(None, None, f"unknown tag {tag}", node.start_mark)
        if isinstance(node, ScalarNode):
            value: Any = self.construct_scalar(node)
            if long_form == "Fn::GetAtt":
                logical_id, _, attribute = str(value).partition(".")
                value = CfnList([logical_id, attribute])
                value.span = _span(node)
                value.item_spans = [_span(node), _span(node)]
        else:
            builder = (
                self.construct_cfn_sequence(node)
                if isinstance(node, SequenceNode)
                else self.construct_cfn_mapping(node)  # type: ignore[arg-type]
            )
            value = next(builder)
            for _ in builder:  # the generator fills the container on its second step
                pass
        wrapper = CfnMap({long_form: value})
        wrapper.span = _span(node)
        wrapper.key_spans = {long_form: _span(node)}
        wrapper.value_spans = {long_form: _span(node)}
        return wrapper


_Constructor.add_constructor("tag:yaml.org,2002:map", _Constructor.construct_cfn_mapping)
_Constructor.add_constructor("tag:yaml.org,2002:seq", _Constructor.construct_cfn_sequence)
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_text)
_Constructor.add_multi_constructor("!", _Constructor.construct_short_form)


if _Reader is None:

    class _Loader(_Parser, _Constructor, Resolver):  # type: ignore[misc,valid-type]
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _Constructor.__init__(self)
            Resolver.__init__(self)
            self.problems = []

else:  # pragma: no cover

    class _Loader(_Reader, _Scanner, _Parser, _Composer, _Constructor, Resolver):  # type: ignore[no-redef,misc]
        def __init__(self, stream: str) -> None:
            _Reader.__init__(self, stream)
            _Scanner.__init__(self)
            _Parser.__init__(self)
            _Composer.__init__(self)
            _Constructor.__init__(self)
            Resolver.__init__(self)
            self.problems = []


def _alias_copies(root: Node) -> int:
    """How many nodes aliases would add if copied out, without ever copying (memoised, iterative).

    Stops counting once the limit is passed: the exact number of a hostile file does not matter.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        if isinstance(node, ScalarNode):
            sizes[id(node)] = 1
            continue
        children = [c for pair in node.value for c in pair] if isinstance(node, MappingNode) else node.value
        if children_done:
            total = 1 + sum(sizes[id(child)] for child in children)
            sizes[id(node)] = total
            # Without aliases every node of the subtree is distinct and already counted once.
            if total - len(sizes) > MAX_ALIAS_COPIES:
                return total - len(sizes)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
    return max(sizes[id(root)] - len(sizes), 0)


def _flow_depth(text: str) -> int:
    """The deepest bracket nesting, counting brackets inside strings too (an upper bound)."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(depth - 1, 0)
    return deepest


def _mark_problem(error: yaml.MarkedYAMLError) -> LoadProblem:
    mark = error.problem_mark or error.context_mark
    text = " ".join(part for part in (error.context, error.problem) if part) or str(error)
    if mark is None:
        return LoadProblem(text)
    return LoadProblem(text, mark.line + 1, mark.column + 1)


class ParseCache:
    """Parsed documents by text, kept from one run to the next by a long-lived process (the language server).

    Loaded documents are never changed after parsing, so a run may share them with the previous one;
    only the texts the latest run parsed are kept, which bounds the memory to one run's worth.
    """

    def __init__(self) -> None:
        self._kept: dict[tuple[str, bool], Loaded] = {}
        self._used: dict[tuple[str, bool], Loaded] = {}

    def load(self, text: str, json_like: bool) -> Loaded:
        key = (text, json_like)
        found = self._used.get(key) or self._kept.get(key)
        if found is None:
            found = _parse(text, json_like=json_like)
        self._used[key] = found
        return found

    @contextmanager
    def run(self) -> Iterator[None]:
        """Serve load() from the cache while the block runs; afterwards keep only what it used."""
        token = _CACHE.set(self)
        try:
            yield
        finally:
            _CACHE.reset(token)
            self._kept, self._used = self._used, {}


_CACHE: ContextVar[ParseCache | None] = ContextVar("zeroetl_lint_parse_cache", default=None)


def load(text: str, *, json_like: bool = False) -> Loaded:
    """Parse YAML or JSON text; never raises for bad input, reporting it as problems instead."""
    cache = _CACHE.get()
    return _parse(text, json_like=json_like) if cache is None else cache.load(text, json_like)


def _parse(text: str, *, json_like: bool) -> Loaded:
    if json_like:
        # YAML accepts things JSON does not (trailing commas, comments): validate strictly first.
        try:
            json.loads(text)
        except json.JSONDecodeError as error:
            return Loaded(None, (LoadProblem(f"invalid JSON: {error.msg}", error.lineno, error.colno),))
        except RecursionError:
            return Loaded(None, (LoadProblem("the document is nested too deeply to be a template"),))
        # JSON cannot contain a raw tab inside a string, so turning tabs into spaces keeps every
        # offset and column while sparing PyYAML, which does not accept tabs as separators.
        text = text.replace("\t", " ")
    if _flow_depth(text) > MAX_FLOW_DEPTH:
        return Loaded(None, (LoadProblem(f"brackets nest deeper than {MAX_FLOW_DEPTH} levels; not a template"),))
    try:
        loader = _Loader(text)
    except yaml.YAMLError as error:  # the pure-Python reader checks characters up front
        return Loaded(None, (LoadProblem(str(error).splitlines()[0]),))
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(None, ())
        # Only an anchor (&name) makes aliases possible; valid JSON has none.
        if not json_like and "&" in text and _alias_copies(node) > MAX_ALIAS_COPIES:
            return Loaded(
                None,
                (LoadProblem(
                    f"YAML aliases expand to more than {MAX_ALIAS_COPIES:,} extra nodes; "
                    "CloudFormation templates do not need aliases", node.start_mark.line + 1, 1),),
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        return Loaded(None, (*loader.problems, _mark_problem(error)))
    except yaml.YAMLError as error:
        return Loaded(None, (*loader.problems, LoadProblem(str(error).splitlines()[0])))
    except RecursionError:
        return Loaded(None, (LoadProblem("the document is nested too deeply to be a template"),))
    finally:
        loader.dispose()
    return Loaded(data, tuple(loader.problems))
