"""GitHub Actions workflow commands: one annotation per finding, capped at what GitHub displays."""

from __future__ import annotations

from zeroetl_lint.findings import Finding, Report, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
# GitHub shows at most 10 annotations of each type per step; more are dropped without a word.
MAX_PER_COMMAND = 10


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: also ':' and ',' which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    location = finding.location
    properties: list[tuple[str, object]] = []
    if location.path is not None:
        properties.append(("file", location.path))
        for name, value in (("line", location.line), ("col", location.column),
                            ("endLine", location.end_line), ("endColumn", location.end_column)):
            if value is not None:
                properties.append((name, value))
    properties.append(("title", f"{finding.rule} {finding.name}"))
    rendered = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties)
    message = f"{finding.message}\nhelp: {finding.fix}\nsee: {finding.url}"
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(message)}"


def render(report: Report) -> str:
    lines: list[str] = []
    shown = {command: 0 for command in COMMANDS.values()}
    left_out = 0
    for finding in report.findings:
        command = COMMANDS[finding.severity]
        if shown[command] >= MAX_PER_COMMAND:
            left_out += 1
            continue
        shown[command] += 1
        lines.append(annotation(finding))
    if left_out:
        lines.append(f"zeroetl-lint: {left_out} more finding{'s' if left_out != 1 else ''} not annotated "
                     f"(GitHub shows at most {MAX_PER_COMMAND} annotations of each type per step); "
                     "see the full report for all of them.")
    return "".join(line + "\n" for line in lines)
