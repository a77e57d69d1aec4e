"""What a data filter replicates: its normal form, the databases it names, and a verdict per schema table."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from zeroetl_lint.artifacts.data_filter.parser import parse_filter
from zeroetl_lint.artifacts.postgres.limits import Limits
from zeroetl_lint.checks import CATALOG
from zeroetl_lint.engine import LintOptions, lint_project
from zeroetl_lint.findings import Finding, Location, Report
from zeroetl_lint.model.data_filter.evaluate import evaluate
from zeroetl_lint.model.data_filter.syntax import normalise, print_clause
from zeroetl_lint.model.data_filter.validate import included_databases
from zeroetl_lint.model.problems import ProblemKind
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import reporter_of
from zeroetl_lint.reporters.json_report import finding_dict
from zeroetl_lint.reporters.text_report import render_finding


@dataclass(frozen=True, slots=True)
class TableVerdict:
    table: str  # db.schema.table
    replicated: bool
    clause: int | None  # 1-based deciding clause; None: the implicit exclude-all decided
    # What zero-ETL never replicates whatever the filter says ("view", "unlogged table", ...); None: a table.
    reason: str | None = None
    included: bool = False  # the deciding clause includes it (so only ``reason`` keeps it out)


@dataclass(frozen=True, slots=True)
class FilterExplanation:
    expression: str
    normal_form: str
    clauses: tuple[str, ...]
    databases: tuple[str, ...]
    report: Report  # the ZE5xx findings on the filter, as a PostgreSQL-source filter
    tables: tuple[TableVerdict, ...] | None  # None when no schema was given


def explain(expression: str, schemas: dict[str, tuple[str, ...]], limits: Limits = Limits()) -> FilterExplanation:
    """Lint the filter and, per schema table, say whether it replicates and which clause decided.

    The findings come from the same engine run as ``check --filter EXPR --schema ...`` restricted to the
    filter rules, so ZE509 (a clause that matches no table) and the schema's parse errors show here too.
    """
    report, project = lint_project(LintOptions(paths=(), filter=expression, schemas=schemas, select=("ZE5",),
                                             database_limits=limits))
    return _explained(expression, report, project, bool(schemas))


def _explained(expression: str, report: Report, project: Project, with_tables: bool) -> FilterExplanation:
    """The explanation of one filter, given the run that linted it and read the schemas (if any were given)."""
    result = parse_filter(expression)
    tables: list[TableVerdict] | None = None
    if with_tables:
        from zeroetl_lint.model.catalog import Persistence, TableKind

        tables = []
        for database, schema in project.schemas.items():
            for table in schema.catalog.tables:
                decision = evaluate(result, (database, table.schema, table.name), "postgresql")
                # zero-ETL never replicates these, whatever the filter says (ZE609).
                reason = None
                if table.kind is not TableKind.TABLE:
                    reason = table.kind.value
                elif table.persistence is not Persistence.PERMANENT:
                    reason = f"{table.persistence.value} table"
                tables.append(TableVerdict(f"{database}.{table.schema}.{table.name}",
                                           decision.replicated and reason is None, decision.clause_index,
                                           reason, decision.replicated))
        tables.sort(key=lambda verdict: verdict.table)
    clauses = tuple(print_clause(clause) for clause in result.clauses)
    return FilterExplanation(expression, normalise(result), clauses, included_databases(result), report,
                             tuple(tables) if tables is not None else None)


@dataclass(frozen=True, slots=True)
class IntegrationFilter:
    """The data filter of one integration among the inputs: explained, or why its text is not known."""

    integration: str  # how messages name the integration
    location: Location  # where the filter (the branch of it) is written
    explanation: FilterExplanation | None  # None when the filter's text cannot be known statically
    unresolved: str = ""  # why it cannot (a variable without a value, a reference)
    when: str = ""  # " when condition X is true" for a filter an Fn::If chooses


def explain_inputs(options: LintOptions) -> tuple[tuple[IntegrationFilter, ...], Report]:
    """Explain the data filter of every integration in the inputs (templates, Terraform), as `check` reads it.

    Each explanation's findings are those `check` reports on that filter where it is written (so a
    caret points into the template or .tf file); the Report is the whole filter-rule run, whose
    ZE901/ZE902 findings say what could not be read.
    """
    # The filter rules, and what says which filter could not be read (unreadable input is always reported).
    unresolved = reporter_of(ProblemKind.UNRESOLVED, CATALOG).code
    report, project = lint_project(replace(options, select=("ZE5", unresolved)))
    found: list[IntegrationFilter] = []
    for integration in project.deployment.integrations:
        field = integration.data_filter
        if field is None:
            continue
        for branch in field.branches:
            if not isinstance(branch.value, str):
                found.append(IntegrationFilter(integration.label, branch.location, None,
                                               branch.unresolved or "its value is not literal text", branch.when))
                continue
            own = tuple(finding for finding in report.findings if _about(finding, field.object)
                        and _within(finding.location, branch.location))
            # The run that read the inputs read the schemas too: each filter is explained against them.
            explanation = _explained(branch.value, replace(report, findings=own), project, bool(options.schemas))
            found.append(IntegrationFilter(integration.label, branch.location, explanation, when=branch.when))
    return tuple(found), report


def _about(finding: Finding, filter_object: str) -> bool:
    """Is the finding on this filter (its object is the filter's, or one of its clauses)?"""
    return finding.rule.startswith("ZE5") and (
        finding.object == filter_object or finding.object.startswith((f"{filter_object}[", f"{filter_object}/")))


def _within(inner: Location, outer: Location) -> bool:
    """Does inner lie in outer's span (the branch of a filter an Fn::If chooses)?"""
    if inner.path != outer.path or inner.line is None or outer.line is None:
        return inner.path == outer.path
    end = outer.end_line if outer.end_line is not None else outer.line
    return outer.line <= inner.line <= end


def render_inputs_text(found: tuple[IntegrationFilter, ...]) -> str:
    """One explanation per integration filter, each under a line naming the integration and where it is."""
    out: list[str] = []
    for item in found:
        where = f"{item.location.path}:{item.location.line}:{item.location.column}" \
            if item.location.line is not None else str(item.location.path)
        out.append(f"{item.integration}{item.when} ({where}):\n")
        if item.explanation is None:
            out.append(f"  the data filter is not known statically: {item.unresolved}\n")
        else:
            out.append("".join(f"  {line}\n" if line else "\n"
                               for line in render_text(item.explanation).rstrip("\n").split("\n")))
    return "".join(out)


def render_inputs_json(found: tuple[IntegrationFilter, ...]) -> str:
    document = {"version": 1, "integrations": [
        {"integration": item.integration, "when": item.when.strip(), "path": item.location.path,
         "line": item.location.line, "column": item.location.column}
        | ({"unresolved": item.unresolved} if item.explanation is None else
           {"explanation": json.loads(render_json(item.explanation))})
        for item in found]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_text(explanation: FilterExplanation) -> str:
    lines = [f"filter: {explanation.normal_form or '(no complete clause)'}"]
    lines += [f"  {index}. {clause}" for index, clause in enumerate(explanation.clauses, start=1)]
    lines.append("databases included: " + (", ".join(explanation.databases) or "none"))
    lines += [render_finding(finding) for finding in explanation.report.findings]
    if explanation.tables is not None:
        replicated = sum(1 for verdict in explanation.tables if verdict.replicated)
        lines.append(f"tables: {replicated} of {len(explanation.tables)} replicated")
        for verdict in explanation.tables:
            decided = f"clause {verdict.clause}" if verdict.clause else "no clause matched"
            if verdict.reason is not None:
                decided = f"{verdict.reason}: never replicated; " + (
                    f"clause {verdict.clause} {'matches' if verdict.included else 'excludes it too'}"
                    if verdict.clause else "no clause matched")
            lines.append(f"  {'yes' if verdict.replicated else 'no ':<3}  {verdict.table}  ({decided})")
    return "\n".join(lines) + "\n"


def render_json(explanation: FilterExplanation) -> str:
    document: dict[str, object] = {
        "version": 1,
        "filter": explanation.normal_form,
        "clauses": list(explanation.clauses),
        "databases": list(explanation.databases),
        "findings": [finding_dict(finding) for finding in explanation.report.findings],
    }
    if explanation.tables is not None:
        document["tables"] = [
            {"table": v.table, "replicated": v.replicated, "clause": v.clause}
            | ({"reason": v.reason} if v.reason is not None else {})
            for v in explanation.tables
        ]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
