"""Human-readable text: one `path:line:col: CODE [severity] message` line, a help line, a summary."""

from __future__ import annotations

from collections.abc import Callable

from zeroetl_lint.findings import Finding, Location, Report, Severity


def where(location: Location) -> str:
    if location.path is None:
        return "<command line>"
    if location.line is None:
        return location.path
    return f"{location.path}:{location.line}:{location.column or 1}"


def render_finding(finding: Finding, frame: str | None = None, fixable: bool = False) -> str:
    """The finding's lines; ``frame`` is the source excerpt the full format shows under it.

    A finding that --fix would fix is marked ``[*]`` after its severity.
    """
    mark = " [*]" if fixable else ""
    lines = [f"{where(finding.location)}: {finding.rule} [{finding.severity.value}]{mark} {finding.message}"]
    if finding.excerpt:
        lines.extend("    " + line for line in finding.excerpt.splitlines())
    elif frame:
        lines.extend(frame.splitlines())
    for related in finding.related:
        lines.append(f"  {where(related.location)}: note: {related.message}")
    lines.append(f"  help: {finding.fix}")
    return "\n".join(lines)


def summary(report: Report) -> str:
    counts = ", ".join(f"{report.count(s)} {s.value}{'s' if report.count(s) != 1 and s is not Severity.INFO else ''}"
                       for s in Severity)
    files = f"{report.files} file{'s' if report.files != 1 else ''}"
    extra = ""
    if report.baselined or report.stale_baseline_entries:
        extra += f"; {report.baselined} baselined, {report.stale_baseline_entries} stale baseline entries"
    if report.suppressed:
        extra += f"; {report.suppressed} suppressed"
    fixed = f"Fixed {report.fixed} finding{'s' if report.fixed != 1 else ''}.\n" if report.fixed else ""
    if report.suppressions_added:
        fixed += f"Suppressed {report.suppressions_added} finding{'s' if report.suppressions_added != 1 else ''} in place.\n"
    if not report.findings:
        return f"{fixed}All clear: {files} checked, no findings{extra}."
    found = f"Found {len(report.findings)} finding{'s' if len(report.findings) != 1 else ''} ({counts}) in {files}{extra}."
    return fixed + found + fixable_line(report)


def fixable_line(report: Report) -> str:
    """'\n[*] 2 fixable with --fix (1 more with --unsafe-fixes).', or '' when nothing is fixable."""
    now, hidden = report.fixable_counts()
    option = "--fix --unsafe-fixes" if report.unsafe_fixes else "--fix"
    if now and hidden:
        return f"\n[*] {now} fixable with {option} ({hidden} more with --unsafe-fixes)."
    if now:
        return f"\n[*] {now} fixable with {option}."
    if hidden:
        return f"\n{hidden} fixable with --fix --unsafe-fixes."
    return ""


def render(report: Report) -> str:
    return render_with(report, lambda finding: None)


def render_with(report: Report, frame_of: Callable[[Finding], str | None]) -> str:
    """Findings (each with its frame, if any), the summary and what was not checked."""
    blocks = [render_finding(finding, frame_of(finding), report.fixable(finding)) for finding in report.findings]
    skipped = "".join(f"Not checked: {item}.\n" for item in report.skipped)
    notes = "".join(f"Note: {note}.\n" for note in report.fix_notes)
    config = f"Config: {report.config}.\n" if report.config else ""
    return "".join(block + "\n" for block in blocks) + summary(report) + "\n" + notes + skipped + config
