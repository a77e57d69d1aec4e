"""The JSON report of cli.md: version, sorted findings and a summary."""

from __future__ import annotations

import json
from typing import Any

from zeroetl_lint.findings import Finding, Report, Severity


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
        "related": [
            {"message": related.message, "path": related.location.path, "line": related.location.line,
             "column": related.location.column}
            for related in finding.related
        ],
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
    if report.config:
        summary["config"] = report.config
    document = {"version": 1, "findings": [finding_dict(f) for f in report.findings], "summary": summary}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
