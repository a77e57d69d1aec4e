"""A CloudFormation-aware YAML/JSON loader that keeps a 1-based position for every key and value."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import gc
import json
import re
import sys

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

_STR_TAG = "tag:yaml.org,2002:str"
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

    # Slots, not an instance dictionary: a template has a mapping for every resource, property
    # and intrinsic function, and the run's model is mostly these.
    __slots__ = ("span", "key_spans", "value_spans")
    span: Span
    key_spans: Mapping[str, Span]
    value_spans: Mapping[str, Span]


class CfnList(list):  # type: ignore[type-arg]
    """A sequence that remembers where it and each item were written."""

    __slots__ = ("span", "item_spans")
    span: Span
    item_spans: Sequence[Span]


# A position is 7 numbers in a table (array of C ints): line, column, end line, end column, start
# and end offset, style. Loading keeps every key's and value's position that way, not as one Span
# object each, so memory grows with the file by a few dozen bytes per scalar; a Span is made
# only when something asks for one.
_WIDTH = 7
_STYLES: tuple[str | None, ...] = (None, "", "'", '"', "|", ">")
_STYLE_CODES = {style: code for code, style in enumerate(_STYLES)}


def _span_at(table: array[int], row: int) -> Span:
    at = row * _WIDTH
    line, column, end_line, end_column, start, end, style = table[at : at + _WIDTH]
    return Span(line, column, end_line, end_column, start, end, _STYLES[style])


class _Rows:
    """The key and value positions of one mapping: row 2i is key i's, row 2i + 1 its value's."""

    __slots__ = ("keys", "table", "_index", "_indexed")

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.table = array("i")
        self._index: dict[str, int] | None = None
        self._indexed = 0

    def row(self, key: str) -> int:
        """The entry of key (the last one written, when a key is repeated); -1 when absent."""
        if len(self.keys) <= 8:
            for entry in range(len(self.keys) - 1, -1, -1):
                if self.keys[entry] == key:
                    return entry
            return -1
        if self._index is None or self._indexed != len(self.keys):  # none yet, or keys came since
            self._index = {name: entry for entry, name in enumerate(self.keys)}
            self._indexed = len(self.keys)
        return self._index.get(key, -1)


class SpanTable(Mapping[str, Span]):
    """The spans of a mapping's keys (or values), read from its table of positions when asked for."""

    __slots__ = ("_rows", "_value")

    def __init__(self, rows: _Rows, value: bool) -> None:
        self._rows, self._value = rows, value

    def __getitem__(self, key: str) -> Span:
        entry = self._rows.row(key)
        if entry < 0:
            raise KeyError(key)
        return _span_at(self._rows.table, 2 * entry + self._value)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        entry = self._rows.row(key)
        return default if entry < 0 else _span_at(self._rows.table, 2 * entry + self._value)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._rows.row(key) >= 0

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(self._rows.keys))

    def __len__(self) -> int:
        return len(set(self._rows.keys))


class SpanList(Sequence[Span]):
    """The spans of a sequence's items, read from its table of positions when asked for."""

    __slots__ = ("_table",)

    def __init__(self, table: array[int]) -> None:
        self._table = table

    def __getitem__(self, index: int) -> Span:  # type: ignore[override]
        count = len(self)
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(count))]  # type: ignore[return-value]
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("span index out of range")
        return _span_at(self._table, index)

    def __len__(self) -> int:
        return len(self._table) // _WIDTH


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


def _position(node: Node) -> tuple[int, int, int, int, int, int, int]:
    """A node's span as the numbers of one table row."""
    start, end = node.start_mark, node.end_mark
    style = _STYLE_CODES[node.style or ""] if isinstance(node, ScalarNode) else 0
    # PyYAML marks are 0-based and the end mark points just past the node, which makes its
    # 0-based column the 1-based column of the node's last character.
    end_line, end_column = end.line + 1, end.column
    if end_column == 0 and end.line > start.line:  # a block scalar ends at the start of a line
        end_line, end_column = end.line, max(start.column + 1, 1)
    return start.line + 1, start.column + 1, end_line, end_column, start.index, end.index, style


def _span(node: Node) -> Span:
    line, column, end_line, end_column, start, end, style = _position(node)
    return Span(line, column, end_line, end_column, start, end, _STYLES[style])


class _Constructor(SafeConstructor):
    """SafeConstructor that builds CfnMap/CfnList, keeps timestamps as text and records duplicates."""

    problems: list[LoadProblem]
    # Tags by (kind, text, implicit): templates repeat the same scalars ("true", "Delete", property
    # values) thousands of times, and resolving one runs regular expressions. Valid because this
    # loader has no path resolvers, so a tag never depends on where the node is.
    scalar_tags: dict[tuple[type[Node], Any, Any], str]

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        key = (kind, value, implicit)
        tag = self.scalar_tags.get(key)
        if tag is None:
            tag = self.scalar_tags[key] = super().resolve(kind, value, implicit)  # type: ignore[misc]
        return tag

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        # Most nodes are plain strings; their value is the text, shared or not (what construct_yaml_str gives).
        if node.tag == _STR_TAG and node.__class__ is ScalarNode:
            return node.value
        return super().construct_object(node, deep)

    def construct_cfn_mapping(self, node: MappingNode) -> CfnMap:
        self.flatten_mapping(node)
        mapping = CfnMap()
        mapping.span = _span(node)
        rows = _Rows()
        mapping.key_spans = SpanTable(rows, False)
        mapping.value_spans = SpanTable(rows, True)
        keys, table = rows.keys, rows.table
        yield mapping
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                # Keys are names: `on`, `yes` or `1` as a key means the text, not a bool or int.
                # Interned: every template repeats the same few (Type, Properties, Ref, ...), and a
                # run of thousands of templates would otherwise hold a copy of each per mapping.
                key = sys.intern(str(key_node.value))
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
            keys.append(key)
            table.extend(_position(key_node))
            table.extend(_position(value_node))

    def construct_cfn_sequence(self, node: SequenceNode) -> CfnList:
        sequence = CfnList()
        sequence.span = _span(node)
        table = array("i")
        for child in node.value:
            table.extend(_position(child))
        sequence.item_spans = SpanList(table)
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
            self.scalar_tags = {}

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
            self.scalar_tags = {}


assert not _Loader.yaml_path_resolvers  # _Constructor.resolve caches tags on that assumption


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


def _bracket_bound(text: str) -> int:
    """The deepest bracket nesting counting every bracket, in strings and comments too: a cheap upper
    bound of _flow_depth, so that the exact scan runs only on the rare file where the bound is high."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(depth - 1, 0)
    return deepest


def _flow_depth(text: str) -> int:
    """The deepest nesting of YAML/JSON flow collections ([...] and {...}).

    Brackets count only where a value can start; those inside comments, quoted strings, plain
    scalars and block scalars (| and >) do not, so prose and regular expressions in a valid
    template never trip the guard. Malformed input only has to come out no lower than the parser
    would nest it.
    """
    depth = deepest = 0
    i, n = 0, len(text)
    value_start = True  # at a position where a scalar or collection may begin
    line_indent = 0
    at_line_start = True
    while i < n:
        char = text[i]
        if at_line_start:
            start = i
            while i < n and text[i] == " ":
                i += 1
            line_indent, at_line_start = i - start, False
            if depth == 0:
                value_start = True
            continue
        if char == "\n":
            at_line_start = True
            i += 1
            continue
        if char in " \t\r":
            i += 1
            continue
        if char == "#" and (i == 0 or text[i - 1] in " \t\n"):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if value_start and char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            i += 1
            continue
        if depth and char in "]}":
            depth -= 1
            value_start = False
            i += 1
            continue
        if depth and char == ",":
            value_start = True
            i += 1
            continue
        if value_start and char in "\"'":
            i = _skip_quoted(text, i)
            value_start = False
            continue
        if value_start and char in "&!*":
            while i < n and text[i] not in " \t\r\n,[]{}":
                i += 1
            continue  # an anchor, alias or tag: the value follows it
        if value_start and char == "-" and depth == 0 and text[i + 1:i + 2] in ("", " ", "\n", "\r"):
            i += 1
            continue  # a block sequence entry: its value follows
        if value_start and char in "|>" and depth == 0:
            i = _skip_block_scalar(text, i, line_indent)
            at_line_start = True
            continue
        if char == ":" and (i + 1 == n or text[i + 1] in " \t\r\n" or (depth and text[i + 1] in ",[]{}")):
            value_start = True
            i += 1
            continue
        if char == "?" and value_start and text[i + 1:i + 2] in ("", " ", "\n"):
            i += 1
            continue
        # A plain scalar: up to what ends it in this context.
        value_start = False
        i += 1
        while i < n:
            c = text[i]
            if c == "\n" or (c == "#" and text[i - 1] in " \t"):
                break
            if c == ":" and (i + 1 == n or text[i + 1] in " \t\r\n" or (depth and text[i + 1] in ",[]{}")):
                break
            if depth and c in ",[]{}":
                break
            i += 1
    return deepest


def _skip_quoted(text: str, i: int) -> int:
    """The index after the quoted scalar starting at text[i] (or the end of the text if unterminated)."""
    quote, n = text[i], len(text)
    i += 1
    while i < n:
        c = text[i]
        if quote == '"' and c == "\\":
            i += 2
            continue
        if c == quote:
            if quote == "'" and text[i + 1:i + 2] == "'":
                i += 2
                continue
            return i + 1
        i += 1
    return n


def _skip_block_scalar(text: str, i: int, indent: int) -> int:
    """The index of the first line after a block scalar whose header is at text[i]: its content is
    every following line that is blank or indented deeper than the line holding the header."""
    n = len(text)
    end = text.find("\n", i)
    if end < 0:
        return n
    i = end + 1
    while i < n:
        end = text.find("\n", i)
        line = text[i:] if end < 0 else text[i:end]
        stripped = line.lstrip(" ")
        if stripped.strip() and len(line) - len(stripped) <= indent:
            return i
        if end < 0:
            return n
        i = end + 1
    return n


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
    # Loading allocates a tree of nodes and containers without reference cycles; the cycle
    # collector, triggered again and again by those allocations, would rescan the ever larger
    # heap each time (more than half of a 1 MB template's load). It runs again afterwards.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse_now(text, json_like)
    finally:
        if enabled:
            gc.enable()


def _parse_now(text: str, json_like: bool) -> Loaded:
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
    if _bracket_bound(text) > MAX_FLOW_DEPTH and _flow_depth(text) > MAX_FLOW_DEPTH:
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
