"""Baselines: record today's findings by rule, file and logical object, then report only new ones."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from zeroetl_lint.artifacts.files.regular import not_utf8, read_text
from zeroetl_lint.artifacts.files.root import Root
from zeroetl_lint.artifacts.postgres.url import is_database_url
from zeroetl_lint.errors import UsageError
from zeroetl_lint.findings import Finding, Report

VERSION = 1

Key = tuple[str, str, str]


class BaselineEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    path: str
    object: str


class BaselineFile(BaseModel):
    """The JSON document: a version and one entry per accepted finding (duplicates allowed)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    entries: list[BaselineEntry]


@dataclass(frozen=True)
class Applied:
    """Findings left after the baseline, how many it absorbed, and how many of its entries matched nothing."""

    kept: tuple[Finding, ...]
    baselined: int
    stale: int


def _relative(path: str | None, base: Path, root: Root) -> str:
    """A finding's path (relative ones below the run's root) relative to the baseline file's directory,
    so runs from anywhere agree."""
    if path is None:
        return ""
    if is_database_url(path):
        return path  # a live database: its URL without credentials is the same from anywhere
    absolute = Path(os.path.abspath(root.path(path)))
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return absolute.as_posix()


def _key(finding: Finding, base: Path, root: Root) -> Key:
    return (finding.rule, _relative(finding.location.path, base, root), finding.object)


def _directory(baseline_path: str, root: Root) -> Path:
    """The directory of the baseline file, the base of the paths it holds."""
    return Path(os.path.abspath(root.path(baseline_path))).parent


def render(report: Report, baseline_path: str, root: Root) -> str:
    """The baseline document for the report's findings, with paths relative to where it will be written;
    relative paths (the baseline's and the findings') are below root. A crash of the linter is never
    accepted as "known": it must stay visible."""
    base = _directory(baseline_path, root)
    keys = sorted(_key(f, base, root) for f in report.findings if not report.is_crash(f))
    document = {"version": VERSION,
                "entries": [{"rule": rule, "path": path, "object": obj} for rule, path, obj in keys]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def read(baseline_path: str, root: Root) -> Counter[Key]:
    """Entries as a multiset of keys (a relative baseline_path is below root); a missing or malformed file
    is a usage error."""
    try:
        text = read_text(root.path(baseline_path))
    except OSError as error:
        raise UsageError(f"cannot read baseline {baseline_path}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"baseline {baseline_path} {not_utf8(error)}") from None
    try:
        document = BaselineFile.model_validate_json(text)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise UsageError(f"{baseline_path} is not a zeroetl-lint baseline: {where}: {first['msg']}") from None
    if document.version != VERSION:
        raise UsageError(f"{baseline_path} has baseline version {document.version}; this zeroetl-lint reads {VERSION}")
    return Counter((entry.rule, entry.path, entry.object) for entry in document.entries)


def apply(report: Report, baseline_path: str, root: Root) -> Applied:
    """Drop the report's findings the baseline lists (each entry absorbs one finding, never a crash); count
    unmatched entries.

    Relative paths (the baseline's and the findings') are below root.
    """
    remaining = read(baseline_path, root)
    base = _directory(baseline_path, root)
    kept: list[Finding] = []
    baselined = 0
    for finding in report.findings:
        key = _key(finding, base, root)
        if not report.is_crash(finding) and remaining[key] > 0:
            remaining[key] -= 1
            baselined += 1
        else:
            kept.append(finding)
    return Applied(tuple(kept), baselined, sum(remaining.values()))


def accept_all(report: Report) -> Report:
    """The report after writing a baseline from it: every finding it could take counts as baselined."""
    kept = tuple(f for f in report.findings if report.is_crash(f))
    return replace(report, findings=kept, baselined=len(report.findings) - len(kept), stale_baseline_entries=0)
