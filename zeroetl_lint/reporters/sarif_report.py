"""SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: stable fingerprints, full rule metadata."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from zeroetl_lint.version import __version__
from zeroetl_lint.artifacts.files.root import Root
from zeroetl_lint.artifacts.postgres.url import is_database_url
from zeroetl_lint.findings import Finding, Fix, Location, Report, Severity
from zeroetl_lint.registry import Rule

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/zeroetl-lint/zeroetl-lint"
# Results point at files relative to this base; code scanning maps it to the checkout root.
BASE_ID = "%SRCROOT%"
# Versioned so that a change in how fingerprints are computed never collides with old alerts.
FINGERPRINT_KEY = "zeroetlLint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def source_root(start: Path) -> Path:
    """The repository root (nearest directory with .git) above start, else start itself."""
    here = start.resolve()
    for directory in (here, *here.parents):
        if (directory / ".git").exists():
            return directory
    return here


def artifact_location(path: str, root: Path, run: Root) -> dict[str, Any]:
    """A root-relative URI with uriBaseId when the file is below root, else an absolute file URI; the
    finding's path, when relative, is below the run's root.

    A live database's path is already a URI (the database URL without credentials), kept as it is.
    """
    if is_database_url(path):
        return {"uri": path}
    absolute = run.path(path).resolve()
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": _quote(relative.as_posix()), "uriBaseId": BASE_ID}


def _quote(relative: str) -> str:
    from urllib.parse import quote

    return quote(relative, safe="/")


def physical_location(location: Location, root: Path, run: Root) -> dict[str, Any] | None:
    if location.path is None:
        return None
    physical: dict[str, Any] = {"artifactLocation": artifact_location(location.path, root, run)}
    if location.line is not None:
        region: dict[str, Any] = {"startLine": location.line}
        if location.column is not None:
            region["startColumn"] = location.column
        if location.end_line is not None:
            region["endLine"] = location.end_line
            # Our end column is inclusive; SARIF's endColumn is the column just past the end.
            if location.end_column is not None:
                region["endColumn"] = location.end_column + 1
        physical["region"] = region
    return physical


def fingerprint(rule: str, uri: str, logical: str, occurrence: int) -> str:
    """Rule, file and logical object, never lines, so an alert survives edits above it."""
    digest = hashlib.sha256("\0".join((rule, uri, logical)).encode("utf-8")).hexdigest()[:32]
    return digest if occurrence == 1 else f"{digest}:{occurrence}"


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _what_it_does(rule.explanation)},
        "help": {"text": rule.explanation, "markdown": rule.explanation},
        "helpUri": rule.url,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["zero-etl"], "problem.severity": _problem_severity(rule.severity)},
    }


def _problem_severity(severity: Severity) -> str:
    return {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}[severity]


def _what_it_does(explanation: str) -> str:
    """The "What it does" section as one paragraph, or the summary when there is none."""
    match = re.search(r"^## What it does\n(.*?)(?=^## |\Z)", explanation, re.S | re.M)
    if match is None:
        return explanation.splitlines()[0]
    return " ".join(match.group(1).split())


def result(finding: Finding, rule_index: int | None, root: Path, run: Root, occurrence: int) -> dict[str, Any]:
    entry: dict[str, Any] = {"ruleId": finding.rule}
    if rule_index is not None:
        entry["ruleIndex"] = rule_index
    entry.update({
        "level": LEVELS[finding.severity],
        "message": {"text": f"{finding.message}\nhelp: {finding.fix}"},
        "locations": [],
    })
    location: dict[str, Any] = {"logicalLocations": [{"fullyQualifiedName": finding.object}]}
    physical = physical_location(finding.location, root, run)
    if physical is not None:
        location["physicalLocation"] = physical
    entry["locations"].append(location)
    uri = physical["artifactLocation"]["uri"] if physical is not None else ""
    entry["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint(finding.rule, uri, finding.object, occurrence)}
    related = []
    for number, note in enumerate(finding.related, start=1):
        place = physical_location(note.location, root, run)
        item: dict[str, Any] = {"id": number, "message": {"text": note.message}}
        if place is not None:
            item["physicalLocation"] = place
        related.append(item)
    if related:
        entry["relatedLocations"] = related
    if finding.fixes:
        entry["fixes"] = [sarif_fix(fix, root, run) for fix in finding.fixes]
    return entry


def sarif_fix(fix: Fix, root: Path, run: Root) -> dict[str, Any]:
    """A fix as SARIF artifactChanges; our edit end is exclusive, as SARIF's deletedRegion end is."""
    changes: dict[str, list[dict[str, Any]]] = {}
    for edit in fix.edits:
        changes.setdefault(edit.path, []).append({
            "deletedRegion": {"startLine": edit.line, "startColumn": edit.column,
                              "endLine": edit.end_line, "endColumn": edit.end_column},
            "insertedContent": {"text": edit.replacement},
        })
    return {
        "description": {"text": f"{fix.title} ({fix.applicability.value})"},
        "artifactChanges": [{"artifactLocation": artifact_location(path, root, run), "replacements": replacements}
                            for path, replacements in changes.items()],
    }


def render(report: Report, root: Path | None = None) -> str:
    from zeroetl_lint.checks import ALL_RULES

    # The findings' relative paths are below the run's root; the repository around it is the URIs' base.
    here = Root.of(report.root)
    base = root or source_root(here.directory)
    catalog = {rule.code: rule for rule in ALL_RULES}
    used = sorted({finding.rule for finding in report.findings})
    rules = [catalog[code] for code in used if code in catalog]
    index = {rule.code: number for number, rule in enumerate(rules)}
    seen: dict[tuple[str, str | None, str], int] = {}
    results = []
    for finding in report.findings:
        key = (finding.rule, finding.location.path, finding.object)
        seen[key] = seen.get(key, 0) + 1
        results.append(result(finding, index.get(finding.rule), base, here, seen[key]))
    run = {
        "tool": {"driver": {
            "name": "zeroetl-lint",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [rule_descriptor(rule) for rule in rules],
        }},
        "originalUriBaseIds": {BASE_ID: {"uri": base.as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
