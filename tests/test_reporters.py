"""SARIF (validated against the official schema), GitHub annotations, JUnit, and several outputs in one run."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from cli_helpers import edit, line_of, run, seed_copy
from zeroetl_lint.findings import Finding, Location, Report, Severity
from zeroetl_lint.reporters import github_report

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Seed templates with ZE202 (wrong parameter) and ZE101 + ZE203 (old engine version, with a related place)."""
    seed_copy(tmp_path / "infra")
    edit(tmp_path / "infra" / "aurora-postgresql.yaml", '      EngineVersion: "16.4"\n      StorageType',
         '      EngineVersion: "15.4"\n      StorageType')
    (tmp_path / ".git").mkdir()  # the SARIF root is the repository root, found by its .git
    monkeypatch.chdir(tmp_path / "infra")
    return tmp_path


def sarif(*args: str) -> dict:
    result = run("check", ".", "--format", "sarif", *args)
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    jsonschema.validate(document, SCHEMA)
    return document


def test_sarif_validates_and_carries_what_code_scanning_needs(broken: Path) -> None:
    document = sarif()
    run_ = document["runs"][0]
    rules = {rule["id"]: rule for rule in run_["tool"]["driver"]["rules"]}
    assert {"ZE101", "ZE202", "ZE203"} <= set(rules)
    ze202 = rules["ZE202"]
    assert ze202["shortDescription"]["text"].startswith("Checks for ")
    assert ze202["fullDescription"]["text"] and "## How to fix" in ze202["help"]["markdown"]
    assert ze202["helpUri"].endswith("#ze202-source-replication-parameter")
    results = {r["ruleId"]: r for r in run_["results"]}
    result = results["ZE202"]
    assert result["level"] == "error"
    assert run_["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "ZE202"
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "infra/aurora-postgresql.yaml", "uriBaseId": "%SRCROOT%"}
    line = line_of(broken / "infra" / "aurora-postgresql.yaml", "aurora.enhanced_logical_replication")
    assert physical["region"]["startLine"] == line
    assert result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].endswith(
        "Properties/Parameters/aurora.enhanced_logical_replication")
    related = results["ZE203"]["relatedLocations"]
    assert related[0]["physicalLocation"]["region"]["startLine"] == line_of(
        broken / "infra" / "aurora-postgresql.yaml", 'EngineVersion: "15.4"')
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == broken.resolve().as_uri() + "/"


def test_fingerprints_survive_lines_inserted_above(broken: Path) -> None:
    before = {r["ruleId"]: (r["partialFingerprints"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
              for r in sarif()["runs"][0]["results"]}
    template = broken / "infra" / "aurora-postgresql.yaml"
    template.write_text(template.read_text().replace("Resources:\n", "Resources:\n\n  # a comment\n\n", 1))
    after = {r["ruleId"]: (r["partialFingerprints"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
             for r in sarif()["runs"][0]["results"]}
    assert before.keys() == after.keys()
    for code in before:
        assert after[code][1] == before[code][1] + 3  # the finding moved...
        assert after[code][0] == before[code][0]  # ...and its fingerprint did not


def test_sarif_of_a_clean_run_is_valid_and_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed_copy(tmp_path, broken=False)
    monkeypatch.chdir(tmp_path)
    result = run("check", ".", "--format", "sarif")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["runs"][0]["results"] == []


def test_github_annotations_escape_and_locate(broken: Path) -> None:
    result = run("check", ".", "--format", "github")
    assert result.exit_code == 1
    line = line_of(broken / "infra" / "aurora-postgresql.yaml", "aurora.enhanced_logical_replication")
    annotation = next(a for a in result.stdout.splitlines() if "ZE202" in a)
    assert annotation.startswith(f"::error file=aurora-postgresql.yaml,line={line},col=")
    assert ",title=ZE202 source-replication-parameter::" in annotation
    assert "%0Ahelp: " in annotation and "\r" not in annotation


def finding(number: int, severity: Severity = Severity.ERROR, message: str = "m") -> Finding:
    return Finding("ZE601", "table-missing-primary-key", severity, message, "fix",
                   Location("a,b:c.sql", number, 1, number, 5), f"db.public.t{number}", "https://x/#ze601")


def test_github_escaping_of_properties_and_data() -> None:
    text = github_report.annotation(finding(3, message="100% sure\r\nnext: line"))
    assert text == ("::error file=a%2Cb%3Ac.sql,line=3,col=1,endLine=3,endColumn=5,"
                    "title=ZE601 table-missing-primary-key::100%25 sure%0D%0Anext: line%0Ahelp: fix%0Asee: https://x/#ze601")


def test_github_output_is_capped_with_a_summary_line() -> None:
    findings = tuple(finding(n) for n in range(1, 16)) + (finding(20, Severity.WARNING),)
    lines = github_report.render(Report(findings, files=1)).splitlines()
    assert sum(line.startswith("::error ") for line in lines) == github_report.MAX_PER_COMMAND
    assert sum(line.startswith("::warning ") for line in lines) == 1
    assert lines[-1].startswith("zeroetl-lint: 5 more findings not annotated")


def test_text_output_adds_annotations_only_inside_github_actions(broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = run("check", ".").stdout
    assert "::error" not in plain
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    annotated = run("check", ".").stdout
    assert "::error file=aurora-postgresql.yaml" in annotated and annotated.endswith(plain)
    assert "::error" not in run("check", ".", "--format", "json").stdout


def test_junit_is_xml_with_one_failure_per_finding(broken: Path) -> None:
    result = run("check", ".", "--format", "junit")
    root = ET.fromstring(result.stdout)
    failures = root.findall(".//testcase/failure")
    assert int(root.get("failures")) == len(failures) == 3
    assert {f.get("type").split()[0] for f in failures} == {"ZE101", "ZE202", "ZE203"}


def test_several_outputs_in_one_run(broken: Path) -> None:
    result = run("check", ".", "--format", "text", "--format", "sarif:out.sarif", "--format", "junit:out.xml")
    assert result.exit_code == 1
    assert "ZE202 [error]" in result.stdout
    jsonschema.validate(json.loads(Path("out.sarif").read_text()), SCHEMA)
    ET.fromstring(Path("out.xml").read_text())


def test_output_file_is_the_default_destination(broken: Path) -> None:
    result = run("check", ".", "--format", "json", "--output-file", "report.json")
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(Path("report.json").read_text())["summary"]["error"] == 3
    both = run("check", ".", "--format", "json", "--format", "text:-", "--output-file", "again.json")
    assert "Found 3 findings" in both.stdout and Path("again.json").exists()


@pytest.mark.parametrize("args, message", [
    (["--format", "text", "--format", "json"], "only one --format can write to standard output"),
    (["--format", "sarif:a", "--format", "json:a"], "same file"),
    (["--format", "yaml"], "--format takes one of"),
    (["--format", "sarif:"], "give a file after the colon"),
])
def test_bad_output_combinations_exit_two(broken: Path, args: list[str], message: str) -> None:
    result = run("check", ".", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_full_format_shows_the_source_line_underlined(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from zeroetl_lint.cli import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "tables.filter").write_text("include: shop.public.orders\n")
    schema = tmp_path / "shop.sql"
    schema.write_text("CREATE TABLE public.orders (\n\tid bigint,\n    total numeric\n);\n")
    result = CliRunner().invoke(app, ["check", ".", "--schema", "shop=shop.sql", "--format", "full",
                                      "--select", "ZE601,ZE603"])
    lines = result.stdout.splitlines()
    frame = lines[lines.index(next(line for line in lines if ": ZE603 [error]" in line)) + 1:][:3]
    assert frame == ["  |", "3 |     total numeric", "  |     ^^^^^"]
    # The text format stays one line per finding plus its help.
    plain = CliRunner().invoke(app, ["check", ".", "--schema", "shop=shop.sql", "--select", "ZE601,ZE603"]).stdout
    assert "  |" not in plain


def test_full_format_escapes_control_characters_from_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Escape sequences in an input file must not reach the terminal; the underline still lines up."""
    from typer.testing import CliRunner

    from zeroetl_lint.cli import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "tables.filter").write_text("include: shop.public.orders\n")
    (tmp_path / "shop.sql").write_text("CREATE TABLE public.orders (\n  id bigint,\n  /*\x1b[2J*/ total numeric\n);\n")
    result = CliRunner().invoke(app, ["check", ".", "--schema", "shop=shop.sql", "--format", "full",
                                      "--select", "ZE603"])
    assert "\x1b" not in result.stdout
    lines = result.stdout.splitlines()
    frame = lines[lines.index(next(line for line in lines if ": ZE603 [error]" in line)) + 1:][:3]
    assert frame == ["  |", "3 |   /*<U+001B>[2J*/ total numeric", "  |                   ^^^^^"]
