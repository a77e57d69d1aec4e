"""cfn-lint rules reporting zeroetl-lint's findings: `cfn-lint --append-rules zeroetl_lint.integrations.cfnlint`.

Only cfn-lint imports this module (the core never imports cfn-lint). For the template cfn-lint is
linting, zeroetl-lint lints its deployment: the paths of the nearest zeroetl-lint config when there is
one, else the template's directory, so that the other stacks are context. Each finding located in
the template becomes a cfn-lint match of E9101 (errors), W9101 (warnings) or I9101 (info), its text
starting with our code, at our location.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from cfnlint.rules import CloudFormationLintRule, RuleMatch

from zeroetl_lint.errors import UsageError
from zeroetl_lint.findings import Finding, Severity

_URL = "https://github.com/zeroetl-lint/zeroetl-lint/blob/main/docs/editors.md#cfn-lint"


@cache
def _deployment(template: Path) -> tuple[tuple[Finding, ...], str | None]:
    """The findings of the deployment around a template, and a settings problem if there is one.

    Cached: cfn-lint asks once per template, and the templates of one directory share one lint.
    """
    from zeroetl_lint.artifacts.files.root import Root
    from zeroetl_lint.config import find_config, load_config
    from zeroetl_lint.engine import lint
    from zeroetl_lint.settings import lint_options, merge

    # cfn-lint's own relative paths, and so the findings', are below its process's directory.
    here = Root.of(None)
    try:
        found = find_config(template.parent)
        config = load_config(found, here) if found is not None else None
        options = lint_options(merge({}, config, here))
        if config is None or config.values.paths is None:
            options = options.__class__(**{**options.__dict__, "paths": (str(template.parent),)})
        return lint(options).findings, None
    except UsageError as error:
        return (), str(error)


def findings_for(filename: str) -> tuple[tuple[Finding, ...], str | None]:
    """zeroetl-lint's findings located in one template file (by resolved path)."""
    template = Path(filename).resolve()
    findings, problem = _deployment(template)
    return tuple(f for f in findings if f.location.path is not None and Path(f.location.path).resolve() == template), problem


def _match(finding: Finding) -> RuleMatch:
    location = finding.location
    path: list[str | int] = [part for part in finding.object.split("/") if part] or ["Resources"]
    text = f"{finding.rule} {finding.message} (help: {finding.fix})"
    if location.line is None:
        return RuleMatch(path, text, location=(0, 0, 0, 1))
    column = (location.column or 1) - 1
    end_line = (location.end_line or location.line) - 1
    end_column = location.end_column if location.end_column is not None else column + 1
    return RuleMatch(path, text, location=(location.line - 1, column, end_line, end_column))


class _Findings:
    """Shared by the three rules: the matches for one severity."""

    severity: Severity

    def match(self, cfn: Any) -> list[RuleMatch]:
        filename = getattr(cfn, "filename", None)
        if not filename or not Path(filename).is_file():
            return []  # a template read from standard input has no deployment around it
        findings, problem = findings_for(filename)
        matches = [_match(f) for f in findings if f.severity is self.severity]
        if problem is not None and self.severity is Severity.ERROR:
            matches.append(RuleMatch(["Resources"], f"zeroetl-lint could not run: {problem}", location=(0, 0, 0, 1)))
        return matches


class ZeroEtlError(_Findings, CloudFormationLintRule):
    """zeroetl-lint errors."""

    id = "E9101"
    shortdesc = "zeroetl-lint error"
    description = "A zero-ETL integration problem that zeroetl-lint reports as an error"
    source_url = _URL
    tags = ["zeroetl-lint"]
    severity = Severity.ERROR


class ZeroEtlWarning(_Findings, CloudFormationLintRule):
    """zeroetl-lint warnings."""

    id = "W9101"
    shortdesc = "zeroetl-lint warning"
    description = "A zero-ETL integration problem that zeroetl-lint reports as a warning"
    source_url = _URL
    tags = ["zeroetl-lint"]
    severity = Severity.WARNING


class ZeroEtlInfo(_Findings, CloudFormationLintRule):
    """zeroetl-lint notes."""

    id = "I9101"
    shortdesc = "zeroetl-lint info"
    description = "A zero-ETL integration note from zeroetl-lint"
    source_url = _URL
    tags = ["zeroetl-lint"]
    severity = Severity.INFO
