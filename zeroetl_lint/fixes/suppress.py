"""Edits that suppress findings the way suppressions.py reads them: YAML, HCL and SQL comments, JSON Metadata.

Used by the language server's "Suppress CODE" code action and by `check --add-suppressions`. Every edit
is checked before it is offered: a comment that would land inside a YAML block scalar or a SQL string
changes what the file means (so does one after an HCL heredoc marker), so such a place is passed over for a
safer one (the resource's header line).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from zeroetl_lint.findings import Applicability, Edit, Finding, Fix

# An existing `ignore[...]` comment on a line, whose code list gains the new codes.
_YAML_IGNORE = re.compile(r"(?:^|(?<=\s))#\s*zeroetl-lint:\s*ignore\[(?P<codes>[^\]]*)\]")
_HCL_IGNORE = re.compile(r"(?:^|(?<=\s))(?:#|//|/\*)\s*zeroetl-lint:\s*ignore\[(?P<codes>[^\]]*)\]")
_SQL_IGNORE = re.compile(r"--\s*zeroetl-lint:\s*ignore\[(?P<codes>[^\]]*)\]")
_LINE_END = re.compile(r"\r\n|\r|\n")
_KEEP_ENDS = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")
_METADATA_KEY = "zeroetl-lint"


@dataclass(frozen=True, slots=True)
class _Target:
    """Where a group of codes is suppressed: a line (1-based), a resource, or the whole file."""

    scope: str  # "line", "resource" or "file"
    line: int = 0
    resource: str | None = None


def suppression_fix(finding: Finding, text: str, reason: str | None = None) -> Fix | None:
    """A fix that suppresses one finding in its file (whose current text is ``text``); None if none is safe."""
    edits, scope = _edits([finding], text, reason)
    if not edits:
        return None
    return Fix(f"Suppress {finding.rule} for this {scope}", edits, Applicability.UNSAFE)


def suppression_edits(findings: Sequence[Finding], text: str, reason: str | None = None) -> tuple[Edit, ...]:
    """Edits that suppress every one of these findings of one file: codes on one line share one comment."""
    return _edits(findings, text, reason)[0]


def _edits(findings: Sequence[Finding], text: str, reason: str | None) -> tuple[tuple[Edit, ...], str]:
    located = [f for f in findings if f.location.path is not None]
    if not located:
        return (), ""
    path = located[0].location.path
    assert path is not None
    if path.lower().endswith(".sql"):
        return _sql_edits(path, located, text, reason)
    if path.lower().endswith(".tf"):
        return _hcl_edits(path, located, text, reason)
    if path.lower().endswith((".tf.json", ".tfvars", ".tfvars.json")):
        return (), ""  # Terraform JSON has no comments and takes no Metadata; tfvars comments are not read
    if path.lower().endswith(".json") or text.lstrip().startswith("{"):
        return _json_edits(path, located, text, reason)
    return _yaml_edits(path, located, text, reason)


def _lines(text: str) -> list[str]:
    """The lines of text without their line breaks (\\n, \\r\\n or \\r, as editors count them)."""
    return _LINE_END.split(text)


def _codes(findings: Sequence[Finding]) -> list[str]:
    return sorted({finding.rule for finding in findings})


def _comment(marker: str, kind: str, codes: list[str], reason: str | None) -> str:
    return f"{marker} zeroetl-lint: {kind}[{', '.join(codes)}]" + (f" {reason}" if reason else "")


def _extend(path: str, number: int, line: str, match: re.Match[str], codes: list[str]) -> Edit | None:
    """An edit adding codes to the ignore[...] already on a line; None when it names them all."""
    written = [code.strip() for code in match.group("codes").split(",") if code.strip()]
    missing = [code for code in codes if code not in written]
    if not missing:
        return None
    column = match.end("codes") + 1
    separator = ", " if written else ""
    return Edit(path, number, column, number, column, separator + ", ".join(missing))


def _group(findings: Sequence[Finding], target_of: Any) -> dict[_Target, list[Finding]]:
    groups: dict[_Target, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(target_of(finding), []).append(finding)
    return groups


def _resource_of(finding: Finding) -> str | None:
    parts = finding.object.split("/")
    return parts[1] if len(parts) > 1 and parts[0] == "Resources" else None


def _apply(text: str, edits: Sequence[Edit]) -> str:
    """The text after these edits (1-based character columns, applied from the last to the first)."""
    lines = _KEEP_ENDS.split(text)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:
        return min(starts[min(line - 1, len(lines))] + column - 1, len(text))

    out = text
    for edit in sorted(edits, key=lambda e: (e.line, e.column), reverse=True):
        out = out[:offset(edit.line, edit.column)] + edit.replacement + out[offset(edit.end_line, edit.end_column):]
    return out


# --- YAML: a trailing comment on the finding's line, else on its resource's header line ------


def _yaml_edits(path: str, findings: Sequence[Finding], text: str, reason: str | None) -> tuple[tuple[Edit, ...], str]:
    from zeroetl_lint.artifacts.cloudformation.loader import load

    original = load(text).data
    resources = original.get("Resources") if isinstance(original, dict) else None
    headers = {logical_id: span.line for logical_id, span in getattr(resources, "key_spans", {}).items()}
    return _comment_edits(path, findings, text, reason, _YAML_IGNORE,
                          lambda finding, line: headers.get(_resource_of(finding) or ""),
                          lambda edits: _same_yaml(text, edits, original))


def _comment_edits(path: str, findings: Sequence[Finding], text: str, reason: str | None, ignore: re.Pattern[str],
                   header_of: Callable[[Finding, int], int | None],
                   unchanged: Callable[[Sequence[Edit]], bool]) -> tuple[tuple[Edit, ...], str]:
    """`# zeroetl-lint: ignore[...]` comments for YAML and HCL alike: on each finding's line, else on the
    first line of what holds it (header_of), else one for the file; an edit is kept only while the
    edited text still reads the same (unchanged), and an existing comment is extended rather than doubled."""
    lines = _lines(text)
    edits: list[Edit] = []
    scopes: list[str] = []
    for line_target, group in _group(findings, lambda f: _Target("line", f.location.line or 0)).items():
        codes = _codes(group)
        if line_target.line == 0 or line_target.line > len(lines):
            edit = Edit(path, 1, 1, 1, 1, _comment("#", "ignore-file", codes, reason) + "\n")
            if unchanged([*edits, edit]):
                edits.append(edit)
                scopes.append("file")
            continue
        candidates = [("line", line_target.line)]
        header = header_of(group[0], line_target.line)
        if header is not None and header != line_target.line:
            candidates.append(("resource", header))
        for scope, number in candidates:
            line = lines[number - 1]
            match = ignore.search(line)
            edit = (_extend(path, number, line, match, codes) if match is not None else
                    Edit(path, number, len(line) + 1, number, len(line) + 1, "  " + _comment("#", "ignore", codes, reason)))
            if match is not None and edit is None:
                break  # already suppressed there
            if edit is not None and unchanged([*edits, edit]):
                edits.append(edit)
                scopes.append(scope)
                break
    return tuple(edits), scopes[0] if len(set(scopes)) == 1 else "line"


def _same_yaml(text: str, edits: Sequence[Edit], original: object) -> bool:
    """True when the edited text still parses to the same document: the comment changed no value."""
    from zeroetl_lint.artifacts.cloudformation.loader import load

    loaded = load(_apply(text, edits))
    return not loaded.problems and loaded.data == original


# --- HCL (.tf): a trailing comment on the finding's line, else on its block's first line -----


def _hcl_edits(path: str, findings: Sequence[Finding], text: str, reason: str | None) -> tuple[tuple[Edit, ...], str]:
    from zeroetl_lint.artifacts.terraform.hcl import HclError, parse_hcl

    try:
        parsed = parse_hcl(path, text)
    except HclError:
        return (), ""  # ZE901 reports the file; a comment cannot be placed safely in it
    original, blocks = _hcl_shape(parsed.body), parsed.body.blocks

    def header_of(_: Finding, line: int) -> int | None:
        return next((block.pos.line for block in blocks if block.pos.line <= line <= block.pos.end_line), None)

    return _comment_edits(path, findings, text, reason, _HCL_IGNORE, header_of,
                          lambda edits: _same_hcl(path, text, edits, original))


def _same_hcl(path: str, text: str, edits: Sequence[Edit], original: object) -> bool:
    """True when the edited text still parses to the same blocks and values: the comment landed in no
    heredoc and broke no heredoc marker."""
    from zeroetl_lint.artifacts.terraform.hcl import HclError, parse_hcl

    try:
        return _hcl_shape(parse_hcl(path, _apply(text, edits)).body) == original
    except HclError:
        return False


def _hcl_shape(node: object) -> object:
    """A syntax tree without its positions (a trailing comment moves the offsets of everything after it)."""
    from zeroetl_lint.artifacts.terraform.syntax import Pos

    if isinstance(node, Pos):
        return None
    if is_dataclass(node) and not isinstance(node, type):
        return (type(node).__name__, *(_hcl_shape(getattr(node, item.name)) for item in fields(node)))
    if isinstance(node, dict):
        return tuple((key, _hcl_shape(value)) for key, value in node.items())
    if isinstance(node, (list, tuple)):
        return tuple(_hcl_shape(value) for value in node)
    return node


# --- JSON: an entry in the resource's (or the template's) Metadata ----------------------------


def _json_edits(path: str, findings: Sequence[Finding], text: str, reason: str | None) -> tuple[tuple[Edit, ...], str]:
    from zeroetl_lint.artifacts.cloudformation.loader import CfnMap, load

    data = load(text, json_like=True).data
    if not isinstance(data, CfnMap) or "Resources" not in data:
        return (), ""  # not a template (a Terraform plan, say): Metadata there would mean nothing
    resources = data.get("Resources")
    edits: list[Edit] = []
    scopes: list[str] = []

    def target_of(finding: Finding) -> _Target:
        resource = _resource_of(finding)
        if isinstance(resources, CfnMap) and isinstance(resources.get(resource), CfnMap):
            return _Target("resource", resource=resource)
        return _Target("file")

    for target, group in _group(findings, target_of).items():
        owner = resources[target.resource] if target.resource is not None else data
        entries = [json.dumps({"rule": code, **({"reason": reason} if reason else {})}) for code in _codes(group)]
        edit = _metadata_edit(path, text, owner, entries)
        if edit is not None:
            edits.append(edit)
            scopes.append(target.scope)
    if edits:
        try:
            json.loads(_apply(text, edits))
        except ValueError:
            return (), ""
    return tuple(edits), scopes[0] if len(set(scopes)) == 1 else "resource"


def _metadata_edit(path: str, text: str, owner: Any, entries: list[str]) -> Edit | None:
    """Insert the entries into owner's Metadata.zeroetl-lint.ignore list, creating what is missing."""
    from zeroetl_lint.artifacts.cloudformation.loader import CfnList, CfnMap

    metadata = owner.get("Metadata")
    if metadata is None:
        return _insert_member(path, text, owner, f'"Metadata": {{"{_METADATA_KEY}": {{"ignore": [{", ".join(entries)}]}}}}')
    if not isinstance(metadata, CfnMap):
        return None
    ours = metadata.get(_METADATA_KEY)
    if ours is None:
        return _insert_member(path, text, metadata, f'"{_METADATA_KEY}": {{"ignore": [{", ".join(entries)}]}}')
    ignore = ours.get("ignore") if isinstance(ours, CfnMap) else None
    if not isinstance(ignore, CfnList):
        return None  # malformed: suppressions.py reports it
    line, column = _after_bracket(ignore.span)
    return Edit(path, line, column, line, column, ", ".join(entries) + (", " if ignore else ""))


def _after_bracket(span: Any) -> tuple[int, int]:
    """The 1-based position just after the opening bracket of a JSON object or array."""
    return span.line, span.column + 1


def _insert_member(path: str, text: str, mapping: Any, member: str) -> Edit:
    """Insert `"key": value` as the first member of a JSON object, indented like its other members."""
    line, column = _after_bracket(mapping.span)
    if not mapping:
        return Edit(path, line, column, line, column, f" {member} ")
    first = min(mapping.key_spans.values(), key=lambda span: span.start)
    if first.line == line:
        return Edit(path, line, column, line, column, f" {member},")
    indent = re.match(r"[ \t]*", _lines(text)[first.line - 1])
    return Edit(path, line, column, line, column, f"\n{indent.group() if indent else ''}{member},")


# --- SQL: a comment line above the finding's line, else a trailing comment on it --------------


def _sql_edits(path: str, findings: Sequence[Finding], text: str, reason: str | None) -> tuple[tuple[Edit, ...], str]:
    lines = _lines(text)
    edits: list[Edit] = []
    scopes: list[str] = []
    for target, group in _group(findings, lambda f: _Target("line", f.location.line or 0)).items():
        codes = _codes(group)
        number = target.line
        if number == 0 or number > len(lines):
            edit = Edit(path, 1, 1, 1, 1, _comment("--", "ignore-file", codes, reason) + "\n")
            edits.append(edit)
            scopes.append("file")
            continue
        line = lines[number - 1]
        match = _SQL_IGNORE.search(line)
        if match is not None:
            extended = _extend(path, number, line, match, codes)
            if extended is not None:
                edits.append(extended)
                scopes.append("line")
            continue
        indent = re.match(r"[ \t]*", line)
        above = Edit(path, number, 1, number, 1, f"{indent.group() if indent else ''}{_comment('--', 'ignore', codes, reason)}\n")
        trailing = Edit(path, number, len(line) + 1, number, len(line) + 1, " " + _comment("--", "ignore", codes, reason))
        for edit, covered in ((above, number + 1), (trailing, number)):
            if _sql_covers(text, [*edits, edit], edit, covered):
                edits.append(edit)
                scopes.append("line")
                break
    return tuple(edits), scopes[0] if len(set(scopes)) == 1 else "line"


def _sql_covers(text: str, edits: Sequence[Edit], edit: Edit, line: int) -> bool:
    """True when, after the edits, the schema reader sees edit's comment as a directive covering line."""
    from zeroetl_lint.artifacts.sql.directives import DirectiveScopes
    from zeroetl_lint.artifacts.sql.split import split_sql

    # Earlier edits that inserted a line above this one shift it down.
    shift = sum(1 for other in edits if other is not edit and other.line < edit.line and other.replacement.endswith("\n"))
    scopes = DirectiveScopes("")
    for item in split_sql(line for line in _KEEP_ENDS.split(_apply(text, edits)) if line):
        scopes.see(item)
    wanted = edit.line + shift
    return any(found.line == wanted and found.first_line <= line + shift <= found.last_line for found in scopes.finish())
