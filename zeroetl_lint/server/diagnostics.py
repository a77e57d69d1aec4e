"""Findings as LSP diagnostics: code, documentation link, severity, message with help, related notes, range."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from lsprotocol import types
from pygls.uris import from_fs_path
from pygls.workspace import PositionCodec

from zeroetl_lint.findings import Finding, Location, Severity
from zeroetl_lint.model.problems import ProblemKind
from zeroetl_lint.registry import reporter_of
from zeroetl_lint.server.positions import location_range
from zeroetl_lint.server.texts import FileTexts

SOURCE = "zeroetl-lint"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


@cache
def _unnecessary() -> str:
    """The rule whose findings are dead code (suppressions that suppress nothing), which editors grey out."""
    from zeroetl_lint.checks import CATALOG

    return reporter_of(ProblemKind.UNUSED_SUPPRESSION, CATALOG).code


def uri_of(texts: FileTexts, shown: str) -> str:
    return from_fs_path(str(texts.path(shown))) or texts.path(shown).as_uri()


def to_diagnostic(finding: Finding, texts: FileTexts, codec: PositionCodec,
                  place: Callable[[Location], tuple[str, types.Range] | None]) -> types.Diagnostic:
    """The diagnostic of a finding located in a file; ``place`` maps related locations to (uri, range)."""
    assert finding.location.path is not None
    lines = texts.lines(texts.path(finding.location.path))
    related = []
    for note in finding.related:
        where = place(note.location)
        if where is not None:
            related.append(types.DiagnosticRelatedInformation(types.Location(*where), note.message))
    return types.Diagnostic(
        range=location_range(finding.location, lines, codec),
        message=f"{finding.message}\nhelp: {finding.fix}",
        severity=_SEVERITY[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(href=finding.url) if finding.url else None,
        source=SOURCE,
        related_information=related or None,
        tags=[types.DiagnosticTag.Unnecessary] if finding.rule == _unnecessary() else None,
    )


def placer(texts: FileTexts, codec: PositionCodec) -> Callable[[Location], tuple[str, types.Range] | None]:
    """A function from a location to its (uri, range), None for locations outside any file."""

    def place(location: Location) -> tuple[str, types.Range] | None:
        if location.path is None:
            return None
        return uri_of(texts, location.path), location_range(location, texts.lines(texts.path(location.path)), codec)

    return place


def settings_diagnostic(finding: Finding, lines: list[str], codec: PositionCodec) -> types.Diagnostic:
    """A finding about the settings (an unknown code in select, ZE904) shown on the config file."""
    diagnostic = config_diagnostic(f"{finding.message}\nhelp: {finding.fix}", lines, codec)
    diagnostic.code, diagnostic.severity = finding.rule, _SEVERITY[finding.severity]
    diagnostic.code_description = types.CodeDescription(href=finding.url) if finding.url else None
    return diagnostic


def config_diagnostic(message: str, lines: list[str], codec: PositionCodec) -> types.Diagnostic:
    """A problem with the config file (or with what it names), placed on the line it is about when that is known."""
    import re

    line = 0
    at = re.search(r"at line (\d+)", message)
    quoted = re.search(r"'([^']+)'", message)
    if at is not None:
        line = int(at.group(1)) - 1
    elif quoted is not None:
        line = next((n for n, text in enumerate(lines) if quoted.group(1) in text), 0)
    return types.Diagnostic(
        range=location_range(Location("", line + 1), lines, codec),
        message=message,
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )
