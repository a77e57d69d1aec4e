"""Run a lint: read the inputs into a Project, run the selected rules crash-isolated, build the Report."""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from zeroetl_lint.artifacts.inputs import InputFiles, collect, display_path
from zeroetl_lint.errors import UsageError
from zeroetl_lint.findings import Finding, Location, Report, Severity, Violation
from zeroetl_lint.project import Project
from zeroetl_lint.registry import Rule
from zeroetl_lint.rulebook import Rulebook, load_rulebook

# Rules that describe the run itself; they stay on when --select narrows the catalog.
ALWAYS_ON = ("ZE900", "ZE901")


@dataclass(frozen=True)
class LintOptions:
    """What to lint and how; the CLI and the config file both end up here."""

    paths: tuple[str, ...] = (".",)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severities: dict[str, Severity] = field(default_factory=dict)  # per-rule overrides
    filter: str | None = None
    schemas: dict[str, tuple[str, ...]] = field(default_factory=dict)  # database -> SQL paths
    exclude: tuple[str, ...] = ()
    debug: bool = False
    # Where settings came from, for ZE904 findings about unknown codes in them.
    settings_origin: str = "--select/--ignore"


def all_rules() -> tuple[Rule, ...]:
    from zeroetl_lint.checks import ALL_RULES

    return ALL_RULES


def resolve_selectors(selectors: Iterable[str], rules: tuple[Rule, ...]) -> tuple[set[str], list[str]]:
    """Codes matched by codes, prefixes (ZE2) or names; plus the selectors that matched nothing."""
    chosen: set[str] = set()
    unknown: list[str] = []
    for selector in selectors:
        wanted = selector.strip()
        if not wanted:
            continue
        upper = wanted.upper()
        matched = {r.code for r in rules if r.code.startswith(upper) or r.name == wanted.lower()}
        if upper == "ALL":
            matched = {r.code for r in rules}
        if matched:
            chosen |= matched
        else:
            unknown.append(wanted)
    return chosen, unknown


def select_rules(options: LintOptions, rules: tuple[Rule, ...]) -> tuple[tuple[Rule, ...], list[str]]:
    selected, unknown_selected = resolve_selectors(options.select, rules) if options.select else ({r.code for r in rules}, [])
    if options.select:
        selected |= set(ALWAYS_ON)
    ignored, unknown_ignored = resolve_selectors(options.ignore, rules)
    return tuple(r for r in rules if r.code in selected and r.code not in ignored), unknown_selected + unknown_ignored


def build_project(options: LintOptions, rulebook: Rulebook | None = None) -> Project:
    """Read every input of the run into one Project."""
    from zeroetl_lint.artifacts.loading import load_inputs

    files: InputFiles = collect(options.paths, options.exclude) if options.paths else InputFiles()
    for database, paths in options.schemas.items():
        for path in paths:
            if not Path(path).exists():
                raise UsageError(f"schema path does not exist: {database}={path}")
    return load_inputs(files, options, rulebook or load_rulebook())


def lint(options: LintOptions, rulebook: Rulebook | None = None) -> Report:
    """Lint the inputs named by options and return the report; never prints."""
    rules = all_rules()
    chosen, unknown = select_rules(options, rules)
    project = build_project(options, rulebook)
    by_code = {r.code: r for r in rules}
    for selector in unknown:
        project.unknown_rules.append(Violation(
            message=f"{options.settings_origin} names {selector!r}, which is neither a rule code, a code prefix nor a rule name",
            fix="Run `zeroetl-lint rules` for the catalog and correct the selector.",
            location=Location(None),
            object=options.settings_origin,
        ))
    findings: list[Finding] = []
    for rule in chosen:
        findings.extend(run_rule(rule, project, options, by_code["ZE900"]))
    return Report(findings=tuple(sorted(findings, key=Finding.sort_key)), files=project.files)


def run_rule(rule: Rule, project: Project, options: LintOptions, internal: Rule) -> list[Finding]:
    """Run one rule; a crash becomes a ZE900 finding and the other rules still run."""
    try:
        return [_finding(rule, violation, options) for violation in rule.check(project)]
    except Exception as error:  # noqa: BLE001 - isolating rule crashes is the point
        detail = "".join(traceback.format_exception(error)) if options.debug else f"{type(error).__name__}: {error}"
        return [_finding(internal, Violation(
            message=f"rule {rule.code} {rule.name} crashed: {detail}",
            fix=f"Please report this with the input that triggers it; until then, skip the rule with --ignore {rule.code}.",
            location=Location(None),
            object=rule.code,
        ), options)]


def _finding(rule: Rule, violation: Violation, options: LintOptions) -> Finding:
    severity = options.severities.get(rule.code) or violation.severity or rule.severity
    return Finding(
        rule=rule.code,
        name=rule.name,
        severity=severity,
        message=violation.message,
        fix=violation.fix,
        location=violation.location,
        object=violation.object,
        url=rule.url,
        related=violation.related,
        excerpt=violation.excerpt,
    )


__all__ = ["LintOptions", "lint", "build_project", "select_rules", "display_path"]
