"""JUnit XML for CI systems that show test reports: one test case per finding, grouped by file."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from zeroetl_lint.findings import Finding, Report
from zeroetl_lint.reporters.text_report import where


def _case(suite: ET.Element, finding: Finding) -> None:
    line = finding.location.line
    case = ET.SubElement(suite, "testcase", {
        "classname": finding.location.path or "<command line>",
        "name": f"{finding.rule} {finding.name} {finding.object}" + (f" (line {line})" if line else ""),
    })
    failure = ET.SubElement(case, "failure", {"type": f"{finding.rule} {finding.severity.value}",
                                              "message": finding.message})
    failure.text = f"{where(finding.location)}: {finding.message}\nhelp: {finding.fix}\nsee: {finding.url}"


def render(report: Report) -> str:
    root = ET.Element("testsuites", {"name": "zeroetl-lint", "tests": str(len(report.findings) or 1),
                                     "failures": str(len(report.findings))})
    by_path: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_path.setdefault(finding.location.path or "<command line>", []).append(finding)
    if not by_path:
        # A run without findings is one passing case, so CI shows that the lint ran.
        suite = ET.SubElement(root, "testsuite", {"name": "zeroetl-lint", "tests": "1", "failures": "0",
                                                  "errors": "0", "skipped": "0"})
        ET.SubElement(suite, "testcase", {"classname": "zeroetl-lint", "name": f"{report.files} files checked"})
    for path, findings in by_path.items():
        suite = ET.SubElement(root, "testsuite", {"name": path, "tests": str(len(findings)),
                                                  "failures": str(len(findings)), "errors": "0", "skipped": "0"})
        for finding in findings:
            _case(suite, finding)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
