"""The position-keeping loader: positions on every scalar, short forms, and hostile input."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from zeroetl_lint.artifacts.cloudformation.loader import CfnList, CfnMap, load


def test_every_scalar_has_a_position_including_ints_and_bools() -> None:
    data = load("a:\n  port: 5432\n  on: true\n  list: [1, false]\n").data
    inner = data["a"]
    assert inner.value_spans["port"].line == 2 and inner.value_spans["port"].column == 9
    assert inner.value_spans["on"].line == 3 and inner.value_spans["on"].column == 7
    assert inner.key_spans["port"].column == 3
    assert isinstance(inner["list"], CfnList)
    assert [(s.line, s.column) for s in inner["list"].item_spans] == [(4, 10), (4, 13)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("!Ref X", {"Ref": "X"}),
        ("!GetAtt A.B.C", {"Fn::GetAtt": ["A", "B.C"]}),
        ("!GetAtt [A, B]", {"Fn::GetAtt": ["A", "B"]}),
        ("!Sub 'x-${AWS::Region}'", {"Fn::Sub": "x-${AWS::Region}"}),
        ("!Join ['', [a, !Ref B]]", {"Fn::Join": ["", ["a", {"Ref": "B"}]]}),
        ("!ImportValue Name", {"Fn::ImportValue": "Name"}),
        ("!If [C, a, b]", {"Fn::If": ["C", "a", "b"]}),
        ("!Select [0, !GetAZs '']", {"Fn::Select": [0, {"Fn::GetAZs": ""}]}),
        ("!Split [',', a]", {"Fn::Split": [",", "a"]}),
        ("!FindInMap [M, K, V]", {"Fn::FindInMap": ["M", "K", "V"]}),
        ("!Equals [a, b]", {"Fn::Equals": ["a", "b"]}),
        ("!Not [!Condition C]", {"Fn::Not": [{"Condition": "C"}]}),
        ("!And [a, b]", {"Fn::And": ["a", "b"]}),
        ("!Or [a, b]", {"Fn::Or": ["a", "b"]}),
        ("!Base64 x", {"Fn::Base64": "x"}),
        ("!Cidr [a, 1, 2]", {"Fn::Cidr": ["a", 1, 2]}),
    ],
)
def test_short_forms_become_long_forms(source: str, expected: object) -> None:
    loaded = load(f"v: {source}\n")
    assert loaded.problems == ()
    assert loaded.data["v"] == expected
    assert isinstance(loaded.data["v"], CfnMap)


def test_duplicate_key_is_a_problem_at_the_second_key() -> None:
    loaded = load("Resources:\n  A:\n    Type: x\n    Type: y\n")
    assert len(loaded.problems) == 1
    problem = loaded.problems[0]
    assert (problem.line, problem.column) == (4, 5)
    assert "duplicate key 'Type'" in problem.message


def test_malformed_yaml_is_a_problem_with_a_position() -> None:
    loaded = load("a: [1, 2\nb: 3\n")
    assert loaded.data is None
    assert loaded.problems and loaded.problems[0].line is not None


def test_billion_laughs_is_refused_quickly_with_flat_memory() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    text = "\n".join(lines) + "\n"
    tracemalloc.start()
    start = time.perf_counter()
    loaded = load(text)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert loaded.data is None and "aliases expand" in loaded.problems[0].message
    assert elapsed < 0.5
    assert peak < 20_000_000


def test_deep_json_array_never_raises() -> None:
    loaded = load("[" * 100_000 + "]" * 100_000, json_like=True)
    assert loaded.data is None and loaded.problems


@pytest.mark.parametrize("text", ["", "   \n", "\x00\x01\x02binary", "\ufffe", "a: b: c", "- [", "{"])
def test_odd_text_never_raises(text: str) -> None:
    load(text)
    load(text, json_like=True)


def test_json_with_tabs_and_escapes_keeps_positions() -> None:
    loaded = load('{\n\t"a":\t"x\\/y",\n\t"b": 1\n}', json_like=True)
    assert loaded.problems == ()
    assert loaded.data == {"a": "x/y", "b": 1}
    assert (loaded.data.value_spans["b"].line, loaded.data.value_spans["b"].column) == (3, 7)


def test_timestamps_stay_text() -> None:
    assert load("AWSTemplateFormatVersion: 2010-09-09\n").data["AWSTemplateFormatVersion"] == "2010-09-09"


def test_a_large_template_without_aliases_is_not_mistaken_for_an_alias_bomb() -> None:
    body = "".join(f"  B{i}:\n    Type: AWS::S3::Bucket\n    Properties: {{BucketName: b{i}, Tags: [{{Key: k, Value: v}}]}}\n"
                   for i in range(25_000))
    loaded = load("Resources:\n" + body)
    assert loaded.problems == () and len(loaded.data["Resources"]) == 25_000


def test_a_few_shared_anchors_are_fine() -> None:
    loaded = load("tags: &tags [{Key: a, Value: b}]\nResources:\n  A: {Type: X, Properties: {Tags: *tags}}\n")
    assert loaded.problems == () and loaded.data["Resources"]["A"]["Properties"]["Tags"] == [{"Key": "a", "Value": "b"}]
