"""Unit tests for the target and integration helpers: action wildcards, policy verdicts, dependencies, patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from zeroetl_lint.checks._targets import DependencyGraph, action_matches, authorizes_source, display_pattern
from zeroetl_lint.engine import LintOptions, build_project
from zeroetl_lint.rulebook import load_rulebook

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ACTION = load_rulebook().targets.authorization.source_action


@pytest.mark.parametrize(("pattern", "expected"), [
    ("redshift:AuthorizeInboundIntegration", True),
    ("REDSHIFT:authorizeinboundintegration", True),
    ("redshift:*", True),
    ("*", True),
    ("redshift:Authorize*", True),
    ("redshift:?uthorizeInboundIntegration", True),
    ("redshift:CreateInboundIntegration", False),
    ("redshift-serverless:*", False),
    ("redshift:AuthorizeInboundIntegration2", False),
])
def test_action_wildcards(pattern: str, expected: bool) -> None:
    assert action_matches(pattern, ACTION) is expected


def test_display_pattern_matches_the_documented_api_patterns() -> None:
    facts = load_rulebook().integrations
    assert display_pattern(facts.source_arn_pattern.value) == (
        r"^arn:aws[a-z\-]*:rds(-[a-z]*)?:[a-z0-9\-]*:[0-9]*:(cluster|db):[a-z][a-z0-9]*(-[a-z0-9]+)*$")
    assert display_pattern(facts.target_arn_pattern.value) == (
        r"^arn:aws[a-z\-]*:redshift(-serverless)?:[a-z0-9\-]+:[0-9]{12}:(namespace\/|namespace:)[a-z0-9\-]+$")


@pytest.mark.parametrize(("case", "expected"), [
    ("ZE305/ok_policy_import_value", True),
    ("ZE305/ok_arnlike_pattern", True),
    ("ZE305/ok_wildcard_action_list", True),
    ("ZE305/ok_provisioned_policy_json_string", True),
    ("ZE305/ok_source_policy_unresolved", None),
    ("ZE305/bad_policy_names_other_cluster", False),
    ("ZE305/bad_like_pattern_mismatch", False),
    ("ZE305/bad_deny_overrides_allow", False),
])
def test_policy_verdicts(case: str, expected: bool | None) -> None:
    deployment = build_project(LintOptions(paths=(str(FIXTURES / case),))).deployment
    [integration] = deployment.integrations
    [target] = deployment.integration_targets(integration)
    assert target.policy is not None
    assert authorizes_source(deployment, target.policy, ACTION, integration.sources[0]).result is expected


def test_dependency_graph_follows_depends_on_refs_and_sub_transitively() -> None:
    deployment = build_project(LintOptions(paths=(str(FIXTURES / "ZE408/ok_transitive_through_wait_handle"),))).deployment
    graph = DependencyGraph(deployment.integrations[0].resource.template)
    assert graph.depends_on("OrdersIntegration", "Workgroup")  # via IntegrationPrerequisites' DependsOn
    assert graph.depends_on("OrdersIntegration", "OrdersCluster")  # via !GetAtt
    assert graph.depends_on("OrdersIntegration", "ClusterParams")  # via OrdersCluster's !Ref
    assert not graph.depends_on("OrdersWriter", "OrdersIntegration")
    assert not graph.depends_on("Workgroup", "OrdersWriter")
