"""The rule catalog: every rule's code and name, explicitly listed and sorted by code.

A run imports only the rule modules it selects (``load``); ``ALL_RULES``, every rule itself, is
imported on first use by the commands that show the whole catalog. A rule's module is named after
its code and name (ze601_table_missing_primary_key), and so is its function (table_missing_primary_key).
"""

from __future__ import annotations

from importlib import import_module

from zeroetl_lint.model.problems import ProblemKind
from zeroetl_lint.registry import Rule, RuleName

CATALOG: tuple[RuleName | Rule, ...] = (
    RuleName("ZE101", "source-engine-version"),
    RuleName("ZE102", "source-engine-unsupported"),
    RuleName("ZE103", "source-engine-mode"),
    RuleName("ZE104", "source-limitless"),
    RuleName("ZE105", "source-without-instance"),
    RuleName("ZE106", "source-backtrack"),
    RuleName("ZE107", "source-backups-disabled"),
    RuleName("ZE108", "source-read-replica"),
    RuleName("ZE109", "source-multi-az-db-cluster"),
    RuleName("ZE110", "source-magnetic-storage"),
    RuleName("ZE111", "source-global-database"),
    RuleName("ZE201", "source-default-parameter-group"),
    RuleName("ZE202", "source-replication-parameter"),
    RuleName("ZE203", "parameter-group-family"),
    RuleName("ZE204", "parameter-value-style"),
    RuleName("ZE301", "target-node-type"),
    RuleName("ZE302", "target-single-node"),
    RuleName("ZE303", "target-unencrypted"),
    RuleName("ZE304", "target-case-sensitivity"),
    RuleName("ZE305", "target-authorized-source"),
    RuleName("ZE306", "target-authorized-principal"),
    RuleName("ZE401", "integration-source-arn"),
    RuleName("ZE402", "integration-target-arn"),
    RuleName("ZE403", "integration-name"),
    RuleName("ZE404", "integration-kms"),
    RuleName("ZE405", "integration-quota"),
    RuleName("ZE406", "integration-resource-type"),
    RuleName("ZE407", "integration-cross-region"),
    RuleName("ZE408", "integration-creation-order"),
    RuleName("ZE409", "integration-attribute-limits"),
    RuleName("ZE410", "integration-filter-provisioned-patch"),
    RuleName("ZE501", "filter-syntax"),
    RuleName("ZE502", "filter-characters"),
    RuleName("ZE503", "filter-limits"),
    RuleName("ZE504", "filter-pattern-shape"),
    RuleName("ZE505", "filter-database-regex"),
    RuleName("ZE506", "filter-missing-include"),
    RuleName("ZE507", "filter-too-many-databases"),
    RuleName("ZE508", "filter-shadowed-clause"),
    RuleName("ZE509", "filter-matches-nothing"),
    RuleName("ZE510", "filter-invalid-regex"),
    RuleName("ZE601", "table-missing-primary-key"),
    RuleName("ZE602", "unsupported-column-type"),
    RuleName("ZE603", "numeric-precision"),
    RuleName("ZE604", "interval-qualifier"),
    RuleName("ZE605", "char-length"),
    RuleName("ZE606", "identifier-too-long"),
    RuleName("ZE607", "too-many-columns"),
    RuleName("ZE608", "partitioned-table"),
    RuleName("ZE609", "not-replicated-table"),
    RuleName("ZE610", "non-utf8-database"),
    RuleName("ZE611", "resync-ddl"),
    RuleName("ZE612", "generated-column"),
    RuleName("ZE900", "internal-error", ProblemKind.CRASH),
    RuleName("ZE901", "parse-error", ProblemKind.UNREADABLE),
    RuleName("ZE902", "unresolved-reference", ProblemKind.UNRESOLVED),
    RuleName("ZE903", "unused-suppression", ProblemKind.UNUSED_SUPPRESSION),
    RuleName("ZE904", "unknown-rule", ProblemKind.UNKNOWN_SELECTOR),
    RuleName("ZE905", "statement-not-analysed", ProblemKind.NOT_ANALYSED),
)


def load(entry: RuleName | Rule) -> Rule:
    """The rule an entry names, importing its module (an entry may be a Rule already, as tests add)."""
    if isinstance(entry, Rule):
        return entry
    function = entry.name.replace("-", "_")
    found = getattr(import_module(f"{__name__}.{entry.code.lower()}_{function}"), function)
    declared = (found.code, found.name, found.reports) if isinstance(found, Rule) else None
    if declared != (entry.code, entry.name, entry.reports):
        raise ImportError(f"zeroetl_lint.checks lists {entry.code} {entry.name} (reporting {entry.reports}), which its "
                          "module does not define")
    return found


def __getattr__(attribute: str) -> tuple[Rule, ...]:
    # ALL_RULES is built on first use and kept, so that importing the package imports no rule.
    if attribute != "ALL_RULES":
        raise AttributeError(f"module {__name__!r} has no attribute {attribute!r}")
    rules = tuple(load(entry) for entry in CATALOG)
    globals()["ALL_RULES"] = rules
    return rules
