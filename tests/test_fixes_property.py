"""Property: fixing any template (YAML in any style, or JSON) keeps it a template the loader reads
without problems, and never changes a byte outside the edits' ranges."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zeroetl_lint.artifacts.cloudformation.template import parse_template
from zeroetl_lint.engine import LintOptions, lint
from zeroetl_lint.artifacts.cloudformation.editor import plain_ok
from zeroetl_lint.fixes.plan import plan, wanted
from zeroetl_lint.fixes.text_edits import apply, to_spans

PARAMETERS = ("rds.logical_replication", "aurora.enhanced_logical_replication",
              "aurora.logical_replication_backup", "aurora.logical_replication_globaldb")
VALUES = (0, 1, "0", "1", True, False, "on", "0.0", "1.0")


@st.composite
def deployments(draw: st.DrawFn) -> dict[str, Any]:
    """One stack with a source, a target and an integration, each with a random share of problems."""
    parameters = {name: draw(st.sampled_from(VALUES)) for name in PARAMETERS if draw(st.booleans())}
    config = [{"ParameterKey": "enable_case_sensitive_identifier", "ParameterValue": draw(st.sampled_from(["true", "false"]))}
              ] if draw(st.booleans()) else []
    if draw(st.booleans()):
        config.insert(0, {"ParameterKey": "max_query_execution_time", "ParameterValue": "3600"})
    workgroup: dict[str, Any] = {"NamespaceName": {"Ref": "Namespace"}}
    if config or draw(st.booleans()):
        workgroup["ConfigParameters"] = config
    integration: dict[str, Any] = {
        "Type": "AWS::RDS::Integration",
        "Properties": {"SourceArn": {"Fn::GetAtt": ["Cluster", "DBClusterArn"]},
                       "TargetArn": {"Fn::GetAtt": ["Namespace", "Namespace.NamespaceArn"]},
                       "DataFilter": draw(st.sampled_from(["include: db.*.*", "'include: db.*.*'"]))},
    }
    depends = draw(st.sampled_from([None, "Writer", ["Workgroup"], []]))
    if depends is not None:
        integration["DependsOn"] = depends
    group: dict[str, Any] = {"Family": draw(st.sampled_from(["aurora-postgresql16", "aurora-postgresql15"]))}
    if parameters or draw(st.booleans()):
        group["Parameters"] = parameters
    return {"Resources": {
        "Params": {"Type": "AWS::RDS::DBClusterParameterGroup", "Properties": group},
        "Cluster": {"Type": "AWS::RDS::DBCluster", "Properties": {
            "Engine": "aurora-postgresql", "EngineVersion": draw(st.sampled_from(["16.1", "16.4", "16"])),
            "DBClusterParameterGroupName": {"Ref": "Params"}}},
        "Writer": {"Type": "AWS::RDS::DBInstance", "Properties": {
            "DBClusterIdentifier": {"Ref": "Cluster"}, "Engine": "aurora-postgresql", "DBInstanceClass": "db.r6g.large"}},
        "Namespace": {"Type": "AWS::RedshiftServerless::Namespace", "Properties": {"NamespaceName": "ns"}},
        "Workgroup": {"Type": "AWS::RedshiftServerless::Workgroup", "Properties": workgroup},
        "Integration": integration,
    }}


@st.composite
def yaml_texts(draw: st.DrawFn, data: dict[str, Any]) -> str:
    """data as YAML: random indentation step, quoting, flow or block lists, trailing comments, blank lines."""
    step = draw(st.sampled_from([2, 4]))

    def scalar(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        style = draw(st.sampled_from(["plain", "single", "double"]))
        if style == "plain" and plain_ok(value):
            return value
        if style == "single":
            return "'" + value.replace("'", "''") + "'"
        return json.dumps(value)

    def comment() -> str:
        return draw(st.sampled_from(["", "", "  # note", "    # zero-ETL: keep"]))

    def block(node: dict[str, Any], column: int) -> list[str]:
        lines = []
        for key, value in node.items():
            pad = " " * column
            if isinstance(value, dict) and value and not ("Ref" in value or "Fn::GetAtt" in value):
                lines.append(f"{pad}{key}:{comment()}")
                lines.extend(block(value, column + step))
            elif isinstance(value, dict) and value:
                function, argument = next(iter(value.items()))
                rendered = argument if function == "Ref" else ".".join(argument)
                tag = "!Ref" if function == "Ref" else "!GetAtt"
                lines.append(f"{pad}{key}: {tag} {rendered}{comment()}")
            elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
                lines.append(f"{pad}{key}:")
                dash = " " * (column + draw(st.sampled_from([0, step])))
                for item in value:
                    if draw(st.booleans()):
                        entries = ", ".join(f"{k}: {scalar(v)}" for k, v in item.items())
                        lines.append(f"{dash}- {{{entries}}}{comment()}")
                    else:
                        inner = block(item, len(dash) + 2)
                        lines.append(f"{dash}- {inner[0].lstrip()}")
                        lines.extend(inner[1:])
            elif isinstance(value, list):
                if value and draw(st.booleans()):
                    lines.append(f"{pad}{key}:")
                    lines.extend(f"{pad}{' ' * step}- {scalar(item)}{comment()}" for item in value)
                else:
                    lines.append(f"{pad}{key}: [{', '.join(scalar(item) for item in value)}]{comment()}")
            elif isinstance(value, dict):
                lines.append(f"{pad}{key}: {{}}")
            else:
                lines.append(f"{pad}{key}: {scalar(value)}{comment()}")
            if column == step and draw(st.booleans()):
                lines.append("")
        return lines

    return "\n".join(block(data, 0)) + draw(st.sampled_from(["\n", ""]))


@st.composite
def templates(draw: st.DrawFn) -> tuple[str, str]:
    """(file name, text) of a random deployment in a random syntax and style."""
    data = draw(deployments())
    if draw(st.booleans()):
        return "stack.json", json.dumps(data, indent=draw(st.sampled_from([1, 2, 4, None])))
    return "stack.yaml", draw(yaml_texts(data))


def _unchanged_outside(before: str, after: str, spans: list[Any]) -> bool:
    """Walk both texts span by span: every stretch between the edits must be identical."""
    cursor = shift = 0
    for span in sorted(spans, key=lambda found: (found.start, found.end)):
        if before[cursor:span.start] != after[cursor + shift:span.start + shift]:
            return False
        if after[span.start + shift:span.start + shift + len(span.replacement)] != span.replacement:
            return False
        shift += len(span.replacement) - (span.end - span.start)
        cursor = span.end
    return before[cursor:] == after[cursor + shift:]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates())
def test_fixes_keep_a_readable_template_and_touch_only_their_ranges(sample: tuple[str, str]) -> None:
    name, text = sample
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        path.write_text(text)
        shown = str(path)
        options = LintOptions(paths=(shown,))
        current = text
        for _ in range(10):
            report = lint(options)
            fixes = [fix for finding in report.findings if (fix := wanted(finding, True))]
            chosen = plan(fixes, {finding_path: current for finding_path in {e.path for f in fixes for e in f.edits}})
            edits = chosen.edits.get(next(iter(chosen.edits), ""), ())
            if not edits:
                break
            assert set(chosen.edits) == {next(iter(chosen.edits))}, "one file, one set of edits"
            fixed = apply(current, edits)
            assert _unchanged_outside(current, fixed, to_spans(current, edits))
            template, problems = parse_template(shown, fixed, json_like=name.endswith(".json"))
            assert template is not None and not problems, (fixed, problems)
            current = fixed
            options = LintOptions(paths=(shown,), overlay={shown: current})
        assert not [finding for finding in lint(options).findings if wanted(finding, True)], current
