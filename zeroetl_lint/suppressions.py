"""Inline suppressions (YAML and SQL comments, CloudFormation Metadata) and how they filter findings."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from zeroetl_lint.findings import Finding, Location
from zeroetl_lint.model.problems import Problem, ProblemKind

if TYPE_CHECKING:
    from zeroetl_lint.artifacts.cloudformation.template import Template
    from zeroetl_lint.model.directives import SqlDirective
    from zeroetl_lint.model.project import Project
    from zeroetl_lint.registry import Rule, RuleName

METADATA_KEY = "zeroetl-lint"
# `# zeroetl-lint: ignore[ZE202, ZE204] reason` in YAML, `-- zeroetl-lint: ...` in SQL.
_YAML_COMMENT = re.compile(r"(?:^|(?<=\s))#\s*zeroetl-lint:(?P<body>.*)$")
# HCL (.tf) also has `// zeroetl-lint: ...` and `/* zeroetl-lint: ... */` comments.
_HCL_COMMENT = re.compile(r"(?:^|(?<=\s))(?P<marker>#|//|/\*)\s*zeroetl-lint:(?P<body>.*?)(?:\*/\s*)?$")
_HCL_COMMENT_LINE = ("#", "//", "/*")
_SQL_MARK = re.compile(r"^--\s*zeroetl-lint:(?P<body>.*)$", re.S)
_DIRECTIVE = re.compile(r"^\s*(?P<kind>ignore-file|ignore)\[(?P<codes>[^\]]*)\](?P<reason>.*)$", re.S)
_FIX_SYNTAX = "Write `zeroetl-lint: ignore[CODE, ...] reason` or `zeroetl-lint: ignore-file[CODE, ...] reason`."

ScopeKind = Literal["file", "resource", "lines"]


@dataclass(frozen=True, slots=True)
class Scope:
    """Which findings of a file a suppression covers: all, one resource's, or those starting on some lines."""

    kind: ScopeKind
    resource: str | None = None  # "Resources/<LogicalId>" for kind == "resource"
    first_line: int = 0
    last_line: int = 0

    def covers(self, finding: Finding) -> bool:
        if self.kind == "file":
            return True
        if self.kind == "resource":
            assert self.resource is not None
            # Below a resource: Resources/Id/..., or a Terraform address's arguments (address.engine).
            return finding.object == self.resource or finding.object.startswith((self.resource + "/", self.resource + "."))
        line = finding.location.line
        return line is not None and self.first_line <= line <= self.last_line


@dataclass(frozen=True, slots=True)
class Suppression:
    """One suppression as written: the selectors it names (each resolved to codes), its reason and scope."""

    path: str
    location: Location
    written: str  # how a message shows it: "# zeroetl-lint: ignore[ZE202]", "Metadata zeroetl-lint ignore"
    selectors: tuple[tuple[str, frozenset[str]], ...]
    scope: Scope
    reason: str | None = None

    def matches(self, finding: Finding) -> str | None:
        """The selector that suppresses finding, or None."""
        if finding.location.path != self.path or not self.scope.covers(finding):
            return None
        for selector, codes in self.selectors:
            if finding.rule in codes:
                return selector
        return None


@dataclass
class Outcome:
    """What applying suppressions did: kept findings, how many were dropped, which selectors were used."""

    kept: list[Finding] = field(default_factory=list)
    suppressed: int = 0
    used: set[tuple[int, str]] = field(default_factory=set)  # (suppression index, selector)


def collect(project: Project, rules: tuple[Rule | RuleName, ...]) -> tuple[list[Suppression], list[Problem]]:
    """Every suppression in the run's templates and SQL files, and the problems of those that cannot be used."""
    found: list[Suppression] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    from zeroetl_lint.artifacts.cloudformation.template import Template

    for template in project.deployment.templates:
        found.extend(_template_comments(template, rules, problems, seen))
        if isinstance(template, Template):  # only CloudFormation has Metadata to suppress in
            found.extend(_template_metadata(template, rules, problems))
    for directive in project.sql_directives:
        suppression = _sql_suppression(directive, rules, problems)
        if suppression is not None:
            found.append(suppression)
    return found, problems


def apply(findings: Iterable[Finding], suppressions: list[Suppression], never: frozenset[str] = frozenset()) -> Outcome:
    """Drop suppressed findings, remembering which suppression selectors did the work; rules in never keep theirs."""
    outcome = Outcome()
    by_path: dict[str, list[int]] = {}
    for index, suppression in enumerate(suppressions):
        by_path.setdefault(suppression.path, []).append(index)
    for finding in findings:
        hit = False
        if finding.rule not in never:
            for index in by_path.get(finding.location.path or "", ()):
                selector = suppressions[index].matches(finding)
                if selector is not None:
                    outcome.used.add((index, selector))
                    hit = True
        if hit:
            outcome.suppressed += 1
        else:
            outcome.kept.append(finding)
    return outcome


def unused(suppressions: list[Suppression], outcome: Outcome, ran: set[str]) -> Iterator[Problem]:
    """Selectors that suppressed nothing although every rule they name ran (and did not crash)."""
    for index, suppression in enumerate(suppressions):
        idle = [selector for selector, codes in suppression.selectors
                if codes and codes <= ran and (index, selector) not in outcome.used]
        if not idle:
            continue
        names = ", ".join(idle)
        yield Problem(
            ProblemKind.UNUSED_SUPPRESSION,
            message=f"{suppression.written} suppresses nothing: no {names} finding "
                    f"{_where(suppression.scope)}",
            fix="Remove the suppression (or the unused codes in it); the problem it silenced is gone.",
            location=suppression.location,
            object=suppression.written,  # never a line number: baselines key on it
        )


def _where(scope: Scope) -> str:
    if scope.kind == "file":
        return "in this file"
    if scope.kind == "resource":
        return f"in {scope.resource}"
    if scope.first_line == scope.last_line:
        return f"on line {scope.first_line}"
    return f"on lines {scope.first_line}-{scope.last_line}"


def _resolve(codes_text: str, written: str, location: Location, rules: tuple[Rule | RuleName, ...],
             problems: list[Problem]) -> tuple[tuple[str, frozenset[str]], ...]:
    """Resolve each selector; unknown ones become problems and are dropped."""
    from zeroetl_lint.registry import resolve_selectors

    selectors = []
    for selector in (part.strip() for part in codes_text.split(",")):
        if not selector:
            continue
        codes, unknown = resolve_selectors([selector], rules)
        if unknown:
            problems.append(Problem(
                ProblemKind.UNKNOWN_SELECTOR,
                message=f"{written} names {selector!r}, which is neither a rule code, a code prefix nor a rule name",
                fix="Run `zeroetl-lint rules` for the catalog and correct the suppression.",
                location=location,
                object=written,
            ))
            continue
        selectors.append((selector, frozenset(codes)))
    return tuple(selectors)


def _directive(body: str, written: str, location: Location, problems: list[Problem]) -> re.Match[str] | None:
    match = _DIRECTIVE.match(body)
    if match is None or not match.group("codes").strip():
        problems.append(Problem(
            ProblemKind.UNREADABLE,
            message=f"{location.path}:{location.line}: cannot read the suppression {written.strip()!r}",
            fix=_FIX_SYNTAX, location=location, object=str(location.path)))
        return None
    return match


def _reason(text: str) -> str | None:
    reason = text.strip().lstrip("-:—– ").strip()
    return reason or None


# --- CloudFormation templates ---------------------------------------------------------------


def _template_comments(template: Template, rules: tuple[Rule | RuleName, ...], problems: list[Problem],
                       seen: set[str] | None = None) -> Iterator[Suppression]:
    """`# zeroetl-lint:` comments in the files a template is read from (YAML, or a Terraform module's .tf files)."""
    for path, text, resource_lines in template.commented_files():
        if "zeroetl-lint:" not in text or (seen is not None and path in seen):
            continue
        if seen is not None:
            seen.add(path)  # a module's files are shared by its instances: read them once
        yield from _file_comments(path, text, resource_lines, rules, problems)


def _file_comments(path: str, text: str, resource_lines: dict[int, str], rules: tuple[Rule | RuleName, ...],
                   problems: list[Problem]) -> Iterator[Suppression]:
    lines = text.splitlines()
    hcl = path.lower().endswith(".tf")
    pattern, comment_starts = (_HCL_COMMENT, _HCL_COMMENT_LINE) if hcl else (_YAML_COMMENT, ("#",))
    for number, line in enumerate(lines, start=1):
        mark = pattern.search(line)
        if mark is None:
            continue
        location = Location(path, number, mark.start() + 1, number, len(line))
        written = line[mark.start():].strip()
        match = _directive(mark.group("body"), written, location, problems)
        if match is None:
            continue
        marker = mark.group("marker") if hcl else "#"
        shown = f"{marker} zeroetl-lint: {match.group('kind')}[{match.group('codes')}]"
        selectors = _resolve(match.group("codes"), shown, location, rules, problems)
        if not selectors:
            continue
        scope = _yaml_scope(match.group("kind"), number, line[:mark.start()], lines, resource_lines, comment_starts)
        yield Suppression(path, location, shown, selectors, scope, _reason(match.group("reason")))


def _yaml_scope(kind: str, number: int, before: str, lines: list[str], resource_lines: dict[int, str],
                comment_starts: tuple[str, ...] = ("#",)) -> Scope:
    if kind == "ignore-file":
        return Scope("file")
    target = number
    if not before.strip():
        # A comment alone on its line speaks for the next line that holds YAML (or HCL).
        target = next((n for n in range(number + 1, len(lines) + 1)
                       if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith(comment_starts)), number)
    if target in resource_lines:
        return Scope("resource", resource=resource_lines[target])
    return Scope("lines", first_line=target, last_line=target)


def _template_metadata(template: Template, rules: tuple[Rule | RuleName, ...], problems: list[Problem]) -> Iterator[Suppression]:
    yield from _metadata_entries(template, template.data, None, rules, problems)
    for logical_id, body in template.resources.items():
        yield from _metadata_entries(template, body, logical_id, rules, problems)


def _metadata_entries(template: Template, owner: Any, logical_id: str | None, rules: tuple[Rule | RuleName, ...],
                      problems: list[Problem]) -> Iterator[Suppression]:
    from zeroetl_lint.artifacts.cloudformation.loader import CfnList, CfnMap

    metadata = owner.get("Metadata") if isinstance(owner, dict) else None
    ours = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    if ours is None:
        return
    where = f"Resources/{logical_id}/Metadata/{METADATA_KEY}" if logical_id else f"Metadata/{METADATA_KEY}"
    entries = ours.get("ignore", CfnList()) if isinstance(ours, dict) else None
    # `role: source|target` marks an intended zero-ETL source or target (read by the model builder).
    if not isinstance(entries, CfnList) or (isinstance(ours, CfnMap) and set(ours) - {"ignore", "role"}):
        span = metadata.value_spans.get(METADATA_KEY) if isinstance(metadata, CfnMap) else None
        location = template.location(span)
        problems.append(Problem(
            ProblemKind.UNREADABLE,
            message=(f"{where} must be a mapping with the keys ignore (a list of {{rule, reason}} entries) and "
                     "role (source or target)"),
            fix="Write `zeroetl-lint: {ignore: [{rule: ZE202, reason: why}]}` or `zeroetl-lint: {role: source}`.",
            location=location, object=where))
        return
    role = ours.get("role") if isinstance(ours, dict) else None
    if role is not None and (not isinstance(role, str) or role.lower() not in ("source", "target")):
        span = ours.value_spans.get("role") if isinstance(ours, CfnMap) else None
        problems.append(Problem(
            ProblemKind.UNREADABLE,
            message=f"{where}/role is {role!r}; it marks an intended zero-ETL source or target: source or target",
            fix="Write `role: source` or `role: target`, or remove it.",
            location=template.location(span), object=f"{where}/role"))
    scope = Scope("resource", resource=f"Resources/{logical_id}") if logical_id else Scope("file")
    for position, entry in enumerate(entries):
        location = template.location(entries.item_spans[position])
        rule_text, reason = _metadata_entry(entry)
        if rule_text is None:
            problems.append(Problem(
                ProblemKind.UNREADABLE,
                message=f"{where}/ignore[{position}] must be a rule code or {{rule: CODE, reason: TEXT}}",
                fix="Write `- rule: ZE202` with an optional `reason:`.",
                location=location, object=f"{where}/ignore[{position}]"))
            continue
        written = f"Metadata {where}/ignore[{position}] ({rule_text})"
        selectors = _resolve(rule_text, written, location, rules, problems)
        if selectors:
            yield Suppression(template.path, location, written, selectors, scope, reason)


def _metadata_entry(entry: Any) -> tuple[str | None, str | None]:
    if isinstance(entry, str):
        return entry, None
    if isinstance(entry, dict) and isinstance(entry.get("rule"), str) and set(entry) <= {"rule", "reason"}:
        reason = entry.get("reason")
        return entry["rule"], reason if isinstance(reason, str) else None
    return None, None


# --- SQL ------------------------------------------------------------------------------------


def _sql_suppression(directive: SqlDirective, rules: tuple[Rule | RuleName, ...], problems: list[Problem]) -> Suppression | None:
    """A SQL comment directive; the schema reader already worked out which lines it covers."""
    mark = _SQL_MARK.match(directive.text)
    if mark is None:
        return None
    location = Location(directive.path, directive.line, directive.column, directive.line, directive.end_column)
    match = _directive(mark.group("body"), directive.text, location, problems)
    if match is None:
        return None
    written = f"-- zeroetl-lint: {match.group('kind')}[{match.group('codes')}]"
    selectors = _resolve(match.group("codes"), written, location, rules, problems)
    if not selectors:
        return None
    scope = (Scope("file") if match.group("kind") == "ignore-file"
             else Scope("lines", first_line=directive.first_line, last_line=directive.last_line))
    return Suppression(directive.path, location, written, selectors, scope, _reason(match.group("reason")))
