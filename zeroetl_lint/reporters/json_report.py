"""The JSON report of cli.md: version, sorted findings and a summary."""

from __future__ import annotations

import json
from typing import Any

from zeroetl_lint.findings import Finding, Fix, Report, Severity


def finding_dict(finding: Finding) -> dict[str, Any]:
    location = finding.location
    return {
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": location.path,
        "line": location.line,
        "column": location.column,
        "end_line": location.end_line,
        "end_column": location.end_column,
        "object": finding.object,
        "fix": finding.fix,
        "url": finding.url,
        "fixes": [fix_dict(fix) for fix in finding.fixes],
        "related": [
            {"message": related.message, "path": related.location.path, "line": related.location.line,
             "column": related.location.column}
            for related in finding.related
        ],
    }


def fix_dict(fix: Fix) -> dict[str, Any]:
    """A fix as data: title, applicability and its edits (1-based, end exclusive)."""
    return {
        "title": fix.title,
        "applicability": fix.applicability.value,
        "edits": [{"path": edit.path, "line": edit.line, "column": edit.column, "end_line": edit.end_line,
                   "end_column": edit.end_column, "replacement": edit.replacement} for edit in fix.edits],
    }


def render(report: Report) -> str:
    summary: dict[str, Any] = {
        "files": report.files,
        "findings": len(report.findings),
        **{severity.value: report.count(severity) for severity in Severity},
    }
    if report.baselined or report.stale_baseline_entries:
        summary["baselined"] = report.baselined
        summary["stale_baseline_entries"] = report.stale_baseline_entries
    if report.suppressed:
        summary["suppressed"] = report.suppressed
    if report.skipped:
        summary["not_checked"] = list(report.skipped)
    fixable, hidden = report.fixable_counts()
    summary["fixable"] = fixable
    if hidden:
        summary["fixable_with_unsafe_fixes"] = hidden
    if report.fixed:
        summary["fixed"] = report.fixed
    if report.suppressions_added:
        summary["suppressions_added"] = report.suppressions_added
    if report.fix_notes:
        summary["fix_notes"] = list(report.fix_notes)
    if report.config:
        summary["config"] = report.config
    document = {"version": 1, "findings": [finding_dict(f) for f in report.findings], "summary": summary}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
