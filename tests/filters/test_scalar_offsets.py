"""Every decoded character of a YAML/JSON string maps back to the source character that produced it."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from zeroetl_lint.artifacts.cloudformation import loader as cfn_yaml
from zeroetl_lint.artifacts.cloudformation.offsets import map_scalar, scalar_position

BREAKS = "\r\n\x85\u2028\u2029"


def find_string(node: Any, key: str = "k") -> tuple[str, cfn_yaml.Span]:
    """The string under the first mapping key ``key``, with its span."""
    if isinstance(node, cfn_yaml.CfnMap):
        if key in node and isinstance(node[key], str):
            return node[key], node.value_spans[key]
        for value in node.values():
            found = find_string(value, key)
            if found:
                return found
    if isinstance(node, cfn_yaml.CfnList):
        for item in node:
            found = find_string(item, key)
            if found:
                return found
    return None  # type: ignore[return-value]


def find_string_plain(node: Any) -> str | None:
    """The same search over plain dicts and lists, as yaml.safe_load returns them."""
    if isinstance(node, dict):
        if isinstance(node.get("k"), str):
            return node["k"]
        node = list(node.values())
    if isinstance(node, list):
        for item in node:
            found = find_string_plain(item)
            if found is not None:
                return found
    return None


def assert_maps_back(doc: str, value: str, span: cfn_yaml.Span, style: str) -> None:
    mapped = map_scalar(doc, span.start, span.end, style)  # type: ignore[arg-type]
    assert mapped.value == value
    assert len(mapped.offsets) == len(value) + 1
    previous = span.start - 1
    for index, char in enumerate(value):
        offset = mapped.offsets[index]
        assert previous < offset < span.end, (index, offset)
        previous = offset
        source = doc[offset]
        if source == char:
            continue
        if style in ('"', "json") and source == "\\":
            continue  # an escape sequence points at its backslash
        assert source in BREAKS and char in " \n\u2028\u2029", (index, char, source)
    if value and style == "":  # a plain scalar's span starts at its first character
        assert mapped.position(0) == (span.line, span.column)


# Characters that exercise every escaping rule of the emitter, plus breaks and non-ASCII text.
VALUE_ALPHABET = st.sampled_from(list("ab z:#-'\"\\/,.*{}[]|>!&%@`?\t\n") + ["é", "\u2028", "\x85", "\x07", "☃", "\u00a0", "  "])
values = st.lists(VALUE_ALPHABET, max_size=40).map("".join)


@st.composite
def escaped(draw: st.DrawFn, doc: str, span: cfn_yaml.Span) -> str:
    """Rewrite some plain characters of a double-quoted scalar as \\x, \\u or \\U escapes."""
    out = [doc[:span.start + 1]]
    pos = span.start + 1
    while pos < span.end - 1:
        char = doc[pos]
        if char == "\\":
            length = 2 + {"x": 2, "u": 4, "U": 8}.get(doc[pos + 1], 0)
            out.append(doc[pos:pos + length])
            pos += length
            continue
        if char not in " \t" + BREAKS + '"' and draw(st.integers(0, 3)) == 0:
            code = ord(char)
            form = draw(st.sampled_from(["x", "u", "U"] if code < 256 else ["u", "U"]))
            out.append({"x": f"\\x{code:02x}", "u": f"\\u{code:04X}", "U": f"\\U{code:08x}"}[form])
        else:
            out.append(char)
        pos += 1
    out.append(doc[span.end - 1:])
    return "".join(out)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    value=values,
    style=st.sampled_from([None, "'", '"', "|", ">"]),
    width=st.integers(8, 80),
    nesting=st.sampled_from(["{'k': V}", "{'a': {'b': [{'k': V}]}}", "[{'x': 1, 'k': V}]", "{'a': [[{'k': V}]]}"]),
    unicode=st.booleans(),
    data=st.data(),
)
def test_yaml_scalars_in_every_style(value: str, style: str | None, width: int, nesting: str, unicode: bool,
                                     data: st.DataObject) -> None:
    tree = eval(nesting.replace("V", "value"))  # noqa: S307 - a fixed set of literal shapes
    doc = yaml.dump(tree, default_style=style, width=width, allow_unicode=unicode, default_flow_style=False)
    decoded, span = find_string(cfn_yaml.load(doc).data)
    if span.style == '"':
        doc = data.draw(escaped(doc, span))
        decoded, span = find_string(cfn_yaml.load(doc).data)
    # The oracle is what both loaders read; where libyaml and PyYAML disagree on a raw U+0085 or
    # U+2028 the value is not a usable reference.
    assume(decoded == find_string_plain(yaml.safe_load(doc)))
    assert_maps_back(doc, decoded, span, span.style or "")


BMP_VALUES = st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(values, BMP_VALUES), ascii_only=st.booleans(), indent=st.sampled_from([None, 2, 4]))
def test_json_strings(value: str, ascii_only: bool, indent: int | None) -> None:
    doc = json.dumps({"a": [1, {"k": value}]}, ensure_ascii=ascii_only, indent=indent)
    loaded = cfn_yaml.load(doc, json_like=True)
    # Raw characters YAML refuses (DEL, C1 controls) or reads as line breaks make the loader's
    # span unusable; the JSON decoding itself is checked against json.loads.
    assume(loaded.data is not None and find_string(loaded.data)[0] == value)
    _, span = find_string(loaded.data)
    assert_maps_back(doc, json.loads(doc)["a"][1]["k"], span, "json")


def test_json_surrogate_pair_is_one_character_like_json_loads() -> None:
    doc = '{"k": "a\\ud83d\\ude00b\\/"}'
    start = doc.index('"a')
    mapped = map_scalar(doc, start, len(doc) - 1, "json")
    assert mapped.value == json.loads(doc)["k"] == "a\U0001F600b/"
    assert [doc[o] for o in mapped.offsets[:-1]] == ["a", "\\", "b", "\\"]


# Hand-written documents for what the emitter never writes: (document, decoded character index,
# expected (line, column)).
HANDWRITTEN = [
    # multi-line plain scalar: the fold maps to the line break, text to itself
    ("k: include:a.b.c,\n  exclude:d.e.f\n", 14, (1, 18)),
    ("k: include:a.b.c,\n  exclude:d.e.f\n", 15, (2, 3)),
    # single-quoted with '' escape and a blank line kept as a newline
    ("k: 'it''s\n\n   x'\n", 2, (1, 7)),
    ("k: 'it''s\n\n   x'\n", 5, (3, 4)),
    ("k: 'it''s\n\n   x'\n", 4, (2, 1)),
    # double-quoted escapes and an escaped line break
    ('k: "a\\tb\\\n    c\\u00e9"\n', 1, (1, 6)),
    ('k: "a\\tb\\\n    c\\u00e9"\n', 3, (2, 5)),
    ('k: "a\\tb\\\n    c\\u00e9"\n', 4, (2, 6)),
    # literal block with an indentation indicator, nested in a sequence
    ("r:\n  - k: |2\n       abc\n      d\n", 0, (3, 7)),
    ("r:\n  - k: |2\n       abc\n      d\n", 5, (4, 7)),
    # folded block with keep chomping and a more-indented line
    # (value "a b\n\n  c\nd\n\n": the break before a more-indented line is kept, not folded)
    ("k: >+\n  a\n  b\n\n    c\n  d\n\n", 1, (2, 4)),
    ("k: >+\n  a\n  b\n\n    c\n  d\n\n", 3, (3, 4)),
    ("k: >+\n  a\n  b\n\n    c\n  d\n\n", 4, (4, 1)),
    ("k: >+\n  a\n  b\n\n    c\n  d\n\n", 7, (5, 5)),
    ("k: >+\n  a\n  b\n\n    c\n  d\n\n", 11, (7, 1)),
    # a tag before the scalar, as in !Sub
    ("k: !Sub 'include: ${Db}.*.*'\n", 9, (1, 19)),
    # Windows line breaks: \r\n is one break
    ("k: 'a\r\n  b'\r\nz: 1\r\n", 1, (1, 6)),
    ("k: 'a\r\n  b'\r\nz: 1\r\n", 2, (2, 3)),
]


@pytest.mark.parametrize(("doc", "index", "expected"), HANDWRITTEN)
def test_handwritten_positions(doc: str, index: int, expected: tuple[int, int]) -> None:
    node = cfn_yaml.load(doc).data
    if isinstance(node.get("k"), dict):  # a short-form tag: the span still covers the tagged scalar
        value, span = node["k"]["Fn::Sub"], node.value_spans["k"]
    else:
        value, span = find_string(node)
        assert value == find_string_plain(yaml.safe_load(doc))
    assert_maps_back(doc, value, span, span.style or "")
    assert scalar_position(doc, span.start, span.end, span.style or "", index) == expected  # type: ignore[arg-type]


def test_end_of_value_position_points_after_the_last_character() -> None:
    doc = "k: 'include: a.'\n"
    _, span = find_string(cfn_yaml.load(doc).data)
    mapped = map_scalar(doc, span.start, span.end, "'")
    assert mapped.position(len(mapped.value)) == (1, 16)  # the closing quote, just after "a."


PLAIN_WORDS = st.sampled_from(["include:a.b.c", "exclude:d.*./x/", "a", "b,", "\"q\"", "x'y", "é", "-", "1"])


@st.composite
def plain_documents(draw: st.DrawFn) -> str:
    """Multi-line plain scalars, which the emitter never writes: words joined by spaces and line breaks."""
    indent = " " * draw(st.integers(2, 5))
    text = "k: " + draw(st.sampled_from(["include:a.b.c", "a", "x"]))
    for word in draw(st.lists(PLAIN_WORDS, max_size=8)):
        blank_lines = draw(st.integers(0, 2))
        joint = draw(st.sampled_from([" ", "  ", "\n", "\r\n"]))
        if joint in ("\n", "\r\n"):
            joint = draw(st.sampled_from(["", " "])) + joint + (indent.rstrip(" ") + joint) * blank_lines + indent
        text += joint + word
    return text + draw(st.sampled_from(["\n", "\nz: 1\n", " # comment\n", ""]))


@settings(max_examples=300, deadline=None)
@given(plain_documents())
def test_multiline_plain_scalars(doc: str) -> None:
    loaded = cfn_yaml.load(doc)
    assume(loaded.data is not None)
    value, span = find_string(loaded.data)
    assert value == find_string_plain(yaml.safe_load(doc))
    assert span.style == ""
    assert_maps_back(doc, value, span, "")
