"""Run a lint: read the inputs into a Project, run the selected rules crash-isolated, build the Report."""

from __future__ import annotations

import gc
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from typing import TYPE_CHECKING

from zeroetl_lint.artifacts.files.discover import InputFiles, collect
from zeroetl_lint.artifacts.files.root import Root
from zeroetl_lint.artifacts.postgres.url import is_database_url
from zeroetl_lint.errors import UsageError
from zeroetl_lint.findings import Finding, Location, Report, Severity, Violation
from zeroetl_lint.model.problems import Problem, ProblemKind
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, Rule, RuleName, reporter_of, resolve_selectors, rule_list, select_rules
from zeroetl_lint.rulebook import Rulebook, load_rulebook
from zeroetl_lint.settings import LintOptions

# Re-exported: the options, the selector grammar and the always-on rules live with what they are about.
__all__ = ["LintOptions", "lint", "lint_project", "resolve_selectors", "select_rules"]

if TYPE_CHECKING:
    from zeroetl_lint.artifacts.load import InputCache
    from zeroetl_lint.suppressions import Suppression

def all_rules() -> tuple[Rule, ...]:
    """Every rule, each module imported (for the commands that show the catalog)."""
    from zeroetl_lint.checks import ALL_RULES

    return ALL_RULES


def _catalog() -> tuple[Rule | RuleName, ...]:
    from zeroetl_lint.checks import CATALOG

    return CATALOG


def _loaded(entries: tuple[Rule | RuleName, ...]) -> tuple[Rule, ...]:
    from zeroetl_lint.checks import load

    return tuple(load(entry) for entry in entries)


def build_project(options: LintOptions, rulebook: Rulebook | None = None, cache: InputCache | None = None) -> Project:
    """Read every input of the run into one Project; ``cache`` keeps per-file work for the next run."""
    return _build(options, Root.of(options.root), rulebook, cache)


def _build(options: LintOptions, root: Root, rulebook: Rulebook | None, cache: InputCache | None) -> Project:
    from zeroetl_lint.artifacts.files.text import overlaid
    from zeroetl_lint.artifacts.load import load_inputs

    files: InputFiles = (collect(options.paths, root, options.exclude, options.origins.get("exclude", "config"))
                         if options.paths else InputFiles())
    for database, paths in options.schemas.items():
        for path in paths:
            if not is_database_url(path) and not root.path(path).exists():
                raise UsageError(f"schema path does not exist: {database}={path}")
    for path in options.var_files:
        if not root.path(path).is_file():
            raise UsageError(f"--var-file does not exist: {path}")
    overlay = {str(root.path(path)): text for path, text in options.overlay.items()}
    with overlaid(overlay), cache.run() if cache is not None else nullcontext():
        return load_inputs(files, options, rulebook or load_rulebook(), root, cache)


def lint(options: LintOptions, rulebook: Rulebook | None = None, cache: InputCache | None = None) -> Report:
    """Lint the inputs named by options and return the report; never prints.

    A process that lints the same inputs again and again (the language server) passes one ``cache``
    to every run, so that each run re-does only the work of the files changed since the previous one.
    """
    return lint_project(options, rulebook, cache)[0]


def lint_project(options: LintOptions, rulebook: Rulebook | None = None,
                 cache: InputCache | None = None) -> tuple[Report, Project]:
    """lint(), also returning the Project it built, for commands that show more than findings.

    Relative paths mean paths below ``options.root`` (the process's current directory when it is None),
    joined to it explicitly: the run never changes the process's directory, so lints of different
    folders may run at the same time in one process.
    """
    with _collector_paused(not options.schemas):
        return _lint_in(options, Root.of(options.root), rulebook, cache)


@contextmanager
def _collector_paused(pause: bool) -> Iterator[None]:
    """Pause the cycle collector for a run without SQL: templates make a large, mostly acyclic model,
    and the collector, set off again and again by its allocations, rescans the growing heap each time
    (a quarter of a big template's run). sqlglot's trees hold cycles, so runs that read SQL keep it on."""
    global _untraversed
    enabled = pause and gc.isenabled()
    if enabled:
        if _untraversed:
            _untraversed = False
            gc.collect()  # what the previous big run left: freed now, before this run adds its own
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Everything the run allocated is young, and the first collection after it would traverse
            # all of it (a tenth of a big run, more on a busy machine). A big run's objects are moved
            # to the oldest generation untraversed instead (freeze, then unfreeze: no collection), and
            # the next paused run in this process starts with a full collection, so a long-lived
            # caller never holds more than one big run's garbage. A caller's own frozen objects stay
            # frozen: then the objects stay young.
            if gc.get_count()[0] > _BIG_RUN and gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
                _untraversed = True
            gc.enable()


# A run that leaves more tracked objects than this (300 templates leave about 140,000) skips the
# traversal of its objects when the collector resumes (see _collector_paused).
_BIG_RUN = 50_000
_untraversed = False


def _lint_in(options: LintOptions, root: Root, rulebook: Rulebook | None,
             cache: InputCache | None) -> tuple[Report, Project]:
    """The run, its relative paths (given ones and those findings show) below root."""
    # Selected by code and name: only the chosen rules' modules are imported (a --select run skips the rest).
    rules = _catalog()
    _require_rules(options, rules)
    chosen = _loaded(select_rules(options, rules))
    # Whatever the selection: a crashed rule checked nothing, which the run must say.
    internal = _loaded((reporter_of(ProblemKind.CRASH, rules),))[0]
    project = _build(options, root, rulebook, cache)
    unknown = [Problem(ProblemKind.UNKNOWN_SELECTOR,
                       f"{origin} names {selector!r}, which is neither a rule code, a code prefix nor a rule name",
                       "Run `zeroetl-lint rules` for the catalog and correct the selector.", Location(None), origin)
               for selector, origin in _unknown_selectors(options, rules)]
    options = replace(options, severities=_severity_overrides(options, rules))
    findings, suppressed = _run_rules(chosen, internal, project, options, rules, unknown)
    ignored, object_ignored = _per_file_ignorer(options, rules, root), _per_object_ignorer(options, rules)
    kept = [f for f in findings if not ignored(f) and not object_ignored(f) and _reported(f, options.report_only, root)]
    report = Report(findings=tuple(sorted(kept, key=Finding.sort_key)), files=project.files,
                    suppressed=suppressed, skipped=_skipped(project, chosen, rules),
                    root=str(root.directory) if options.root is not None else None, crash_rule=internal.code)
    return _with_baseline(report, options.baseline, root), project


def _skipped(project: Project, chosen: tuple[Rule, ...], rules: tuple[Rule | RuleName, ...]) -> tuple[str, ...]:
    """What the run could not check at all, for the summary (a skip is not a finding)."""
    skipped: list[str] = []
    deployment = project.deployment
    intended = any(source.intended for source in deployment.sources) or any(
        target.intended for target in deployment.targets)
    unseen = rule_list((rule.code for rule in chosen if rule.needs is Need.DEPLOYMENT), rules)
    if not deployment.integrations and not intended and unseen:
        # Without an integration the source, target and integration rules have nothing to look at;
        # "All clear" alone would read as if they had passed.
        # In the words of the input kinds given ("every module" for Terraform), even when none could be read.
        part = " and ".join(dict.fromkeys(words.name("template") for words in project.vocabularies)) or "template"
        skipped.append(f"the source, target and integration rules ({unseen}): no zero-ETL integration is "
                       f"among the inputs (give every {part} of the deployment)")
    if project.schemas or not any(rule.needs is Need.SCHEMA for rule in chosen):
        return tuple(skipped)
    from zeroetl_lint.model.named_databases import databases_without_schema

    missing = databases_without_schema(project.filters, project.schemas)
    if missing:
        skipped.append(f"the tables of {', '.join(missing)} (no schema SQL was given; add --schema DB=PATH)")
    return tuple(skipped)


def _run_rules(chosen: tuple[Rule, ...], internal: Rule, project: Project, options: LintOptions,
               rules: tuple[Rule | RuleName, ...], problems: list[Problem]) -> tuple[list[Finding], int]:
    """Run the chosen rules and report the run's problems, drop suppressed findings, then report the
    suppressions that suppressed nothing; a rule's crash becomes a finding of internal."""
    found: list[Suppression] = []
    problems = [*project.problems, *problems]
    # Most runs have no suppression at all; they skip loading the machinery.
    if project.sql_directives or any("zeroetl-lint" in text for template in project.deployment.templates
                                         for _, text, _ in template.commented_files()):
        from zeroetl_lint import suppressions

        # Read before the rules run, so that the problems of suppressions are reported (and suppressible) too.
        found, unusable = suppressions.collect(project, rules)
        problems.extend(unusable)
    findings: list[Finding] = []
    for rule in chosen:
        findings.extend(reported(rule, problems, options))
        findings.extend(run_rule(rule, project, options, internal))
    suppressed = 0
    if found:
        from zeroetl_lint import suppressions

        # A crash is never suppressed inline: it is about the linter, not the input.
        outcome = suppressions.apply(findings, found, never=frozenset({internal.code}))
        crashed = {finding.object for finding in findings if finding.rule == internal.code}
        ran = {rule.code for rule in chosen} - crashed
        findings, suppressed = outcome.kept, outcome.suppressed
        # Only now is it known which suppressions were used; their findings are never suppressed themselves.
        idle = list(suppressions.unused(found, outcome, ran))
        for rule in chosen:
            findings.extend(reported(rule, idle, options))
    return findings, suppressed


def reported(rule: Rule, problems: list[Problem], options: LintOptions) -> list[Finding]:
    """The findings of the problems whose kind the rule reports: the one place a problem gets a rule code."""
    return [_finding(rule, problem.violation(), options) for problem in problems if problem.kind is rule.reports]


def _with_baseline(report: Report, baseline_path: str | None, root: Root) -> Report:
    if baseline_path is None:
        return report
    from zeroetl_lint import baseline

    applied = baseline.apply(report, baseline_path, root)
    return replace(report, findings=applied.kept, baselined=applied.baselined,
                   stale_baseline_entries=applied.stale)


def _require_rules(options: LintOptions, rules: tuple[Rule | RuleName, ...]) -> None:
    """A UsageError when --select/--ignore leave no rule but those about the run itself: such a run
    checks nothing, and its exit 0 would read as a pass."""
    wanted, unknown = resolve_selectors(options.select, rules) if options.select else ({r.code for r in rules}, [])
    if wanted - resolve_selectors(options.ignore, rules)[0]:
        return
    if unknown:
        named = ", ".join(repr(selector) for selector in unknown)
        raise UsageError(f"{_origin(options, 'select')} names {named}, which is no rule code, prefix or name, "
                         "so no rule is left to run; `zeroetl-lint rules` lists them")
    chosen = f"{_origin(options, 'select')} {','.join(options.select)}" if options.select else "every rule"
    raise UsageError(f"{chosen} with {_origin(options, 'ignore')} {','.join(options.ignore)} leaves no rule to run")


def _origin(options: LintOptions, setting: str) -> str:
    origin = options.origins.get(setting)
    if origin is None:
        return options.settings_origin
    return origin if origin.startswith("--") else f"{origin} {setting}"


def _unknown_selectors(options: LintOptions, rules: tuple[Rule | RuleName, ...]) -> Iterator[tuple[str, str]]:
    """Selectors in settings that name no rule, with where each was written."""
    lists = [("select", options.select), ("ignore", options.ignore), ("severity", tuple(options.severities))]
    lists.extend(("per-file-ignores", codes) for _, codes in options.per_file_ignores)
    lists.extend(("per-object-ignores", codes) for _, codes in options.per_object_ignores)
    for setting, selectors in lists:
        for selector in resolve_selectors(selectors, rules)[1]:
            yield selector, _origin(options, setting)


def _severity_overrides(options: LintOptions, rules: tuple[Rule | RuleName, ...]) -> dict[str, Severity]:
    """Per-rule severities keyed by code; keys may be codes, prefixes or names."""
    resolved: dict[str, Severity] = {}
    for selector, severity in options.severities.items():
        for code in resolve_selectors([selector], rules)[0]:
            resolved[code] = Severity(severity)
    return resolved


def _per_file_ignorer(options: LintOptions, rules: tuple[Rule | RuleName, ...],
                      root: Root) -> Callable[[Finding], bool]:
    """A test for findings that per-file-ignores drops; patterns and selectors are compiled once."""
    if not options.per_file_ignores:
        return lambda finding: False
    import pathspec

    base = root.path(options.per_file_root).resolve()
    matchers = [(pathspec.GitIgnoreSpec.from_lines([pattern]), resolve_selectors(selectors, rules)[0])
                for pattern, selectors in options.per_file_ignores]

    def ignored(finding: Finding) -> bool:
        if finding.location.path is None or is_database_url(finding.location.path):
            return False  # a database is not a file: per-object-ignores names its objects
        try:
            relative = root.path(finding.location.path).resolve().relative_to(base).as_posix()
        except ValueError:
            return False
        return any(finding.rule in codes and spec.match_file(relative) for spec, codes in matchers)

    return ignored


def _per_object_ignorer(options: LintOptions, rules: tuple[Rule | RuleName, ...]) -> Callable[[Finding], bool]:
    """A test for findings that per-object-ignores drops, by their logical object (shop.public.orders)."""
    if not options.per_object_ignores:
        return lambda finding: False
    from fnmatch import fnmatchcase

    matchers = [(pattern, resolve_selectors(selectors, rules)[0]) for pattern, selectors in options.per_object_ignores]

    def ignored(finding: Finding) -> bool:
        return any(finding.rule in codes and fnmatchcase(finding.object, pattern) for pattern, codes in matchers)

    return ignored


def _reported(finding: Finding, report_only: tuple[str, ...], root: Root) -> bool:
    """True when report_only is empty, or the finding (or a place related to it) is in those paths."""
    if not report_only:
        return True
    paths = [finding.location.path, *(related.location.path for related in finding.related)]
    if finding.location.path is None:
        return True  # about the run itself (a config typo), not about one file
    wanted = [root.shown(entry) for entry in report_only]
    return any(path is not None and (path == entry or entry == "." or path.startswith(entry.rstrip("/") + "/"))
               for path in paths for entry in wanted)


def run_rule(rule: Rule, project: Project, options: LintOptions, internal: Rule) -> list[Finding]:
    """Run one rule; a crash becomes a finding of the rule that reports crashes, and the other rules still run."""
    try:
        return [_finding(rule, violation, options) for violation in rule.check(project)]
    except Exception as error:  # noqa: BLE001 - isolating rule crashes is the point
        detail = "".join(traceback.format_exception(error)) if options.debug else f"{type(error).__name__}: {error}"
        # Reported whatever the selection: a crashed rule checked nothing, which the run must say.
        return reported(internal, [Problem(
            ProblemKind.CRASH,
            message=f"rule {rule.code} {rule.name} crashed: {detail}",
            fix=f"Please report this with the input that triggers it; until then, skip the rule with --ignore {rule.code}.",
            location=Location(None),
            object=rule.code,
        )], options)


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
        fixes=violation.fixes,
    )


__all__ = ["LintOptions", "lint", "build_project", "select_rules"]
