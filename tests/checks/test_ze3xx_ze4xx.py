"""Unit tests for the target and integration helpers: action wildcards, policy verdicts, dependencies, patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from zeroetl_lint.artifacts.cloudformation.build import build_deployment
from zeroetl_lint.artifacts.cloudformation.intrinsics import references
from zeroetl_lint.artifacts.cloudformation.template import (
    Resource,
    describe_branches,
    link_templates,
    parse_template,
    removed_where,
)
from zeroetl_lint.checks._phrasing import display_pattern
from zeroetl_lint.engine import LintOptions, build_project
from zeroetl_lint.model.deployment import ArnRef, Deployment, SourceTest
from zeroetl_lint.model.iam import action_matches, authorizes_source, condition_operator, source_test_holds
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
    assert target.policies
    assert authorizes_source(deployment, target.policies, ACTION, integration.sources[0]).result is expected


def test_dependency_graph_follows_depends_on_refs_and_sub_transitively() -> None:
    deployment = build_project(LintOptions(paths=(str(FIXTURES / "ZE408/ok_transitive_through_wait_handle"),))).deployment
    order, by_id = deployment.creation_order, {resource.logical_id: resource for resource in deployment.resources}

    def waits(entity: str, other: str) -> bool:
        return order.waits_for(by_id[entity], by_id[other])

    assert waits("OrdersIntegration", "Workgroup")  # via IntegrationPrerequisites' DependsOn
    assert waits("OrdersIntegration", "OrdersCluster")  # via !GetAtt
    assert waits("OrdersIntegration", "ClusterParams")  # via OrdersCluster's !Ref
    assert not waits("OrdersWriter", "OrdersIntegration")
    assert not waits("Workgroup", "OrdersWriter")


def test_references_are_found_by_the_one_walker() -> None:
    names = {"A", "B", "C", "D"}
    node = {"X": [{"Ref": "A"}, {"Fn::GetAtt": "B.Arn"}, {"Fn::Sub": ["${C}-${!D}-${Local}", {"Local": {"Ref": "D"}}]}],
            "Y": {"Fn::Sub": "${AWS::Region}-${Other}"}}
    assert references(node, names) == {"A", "B", "C", "D"}
    assert references({"Fn::Sub": ["${A}", {"A": "shadowed"}]}, names) == set()


# -- condition operators on aws:SourceArn ------------------------------------------------------


@pytest.mark.parametrize(("case", "expected"), [
    ("ZE305/ok_arn_not_equals_other_source", True),
    ("ZE305/ok_deny_all_but_source", True),
    ("ZE305/ok_for_any_value_arn_like_if_exists", True),
    ("ZE305/ok_string_equals_ignore_case", True),
    ("ZE305/bad_arn_not_equals_names_source", False),
    ("ZE305/bad_string_not_like_excludes_source", False),
    ("ZE305/bad_deny_not_equals_other_source", False),
])
def test_policy_verdicts_with_operators(case: str, expected: bool) -> None:
    test_policy_verdicts(case, expected)


@pytest.mark.parametrize(("operator", "match", "negated"), [
    ("StringEquals", "equals", False),
    ("StringEqualsIgnoreCase", "equals", False),
    ("StringNotEqualsIgnoreCase", "equals", True),
    ("StringNotLike", "like", True),
    ("ArnEquals", "arn", False),  # ArnEquals takes wildcards just like ArnLike
    ("ArnNotLike", "arn", True),
    ("ForAnyValue:StringLike", "like", False),
    ("ForAllValues:ArnNotEqualsIfExists", "arn", True),
    ("stringnotequalsifexists", "equals", True),
])
def test_condition_operators(operator: str, match: str, negated: bool) -> None:
    parsed = condition_operator(operator)
    assert parsed is not None and (parsed.match, parsed.negated) == (match, negated)


@pytest.mark.parametrize("operator", ["NumericEquals", "Bool", "Null", "Fn::If", "StringEqualsX", "IfExists"])
def test_other_operators_are_unknown(operator: str) -> None:
    assert condition_operator(operator) is None


SOURCE = ArnRef("cluster", "'orders'", text="arn:aws:rds:us-east-1:123456789012:cluster:orders-db")


def _value(text: str) -> ArnRef:
    return ArnRef("other", repr(text), text=text)


@pytest.mark.parametrize(("operator", "values", "expected"), [
    ("StringEquals", [[SOURCE.text]], True),
    ("StringNotEquals", [[SOURCE.text]], False),
    ("StringNotEquals", [["arn:aws:rds:us-east-1:123456789012:cluster:billing-db"]], True),
    # Several values are alternatives: a negated operator holds only when none matches.
    ("StringNotEquals", [["arn:aws:rds:us-east-1:123456789012:cluster:billing-db"], [SOURCE.text]], False),
    ("StringLike", [["arn:aws:rds:*:orders-db"]], True),  # StringLike's * crosses colons
    ("ArnLike", [["arn:aws:rds:*:123456789012:cluster:orders-*"]], True),
    ("ArnLike", [["arn:aws:rds:us-east-1:*:cluster:billing-*"]], False),
    ("ArnNotLike", [["arn:aws:rds:us-east-1:*:cluster:billing-*"]], True),
    ("ArnLike", [["arn:aws:rds:*:orders-db"]], None),  # not six parts: cannot tell how IAM compares it
    ("NumericEquals", [[SOURCE.text]], None),  # an operator this does not read
    # The Fn::If branches of one value disagree: which one applies is not known.
    ("StringEquals", [[SOURCE.text, "arn:aws:rds:us-east-1:123456789012:cluster:billing-db"]], None),
    ("StringNotEquals", [[SOURCE.text, "arn:aws:rds:us-east-1:123456789012:cluster:billing-db"]], None),
])
def test_source_test_holds(operator: str, values: list[list[str]], expected: bool | None) -> None:
    test = SourceTest(operator, tuple(tuple(_value(text) for text in value) for value in values))
    assert source_test_holds(Deployment(), test, SOURCE) is expected


def test_unreadable_values_keep_negated_tests_unknown() -> None:
    unknown = ArnRef("unknown", "!ImportValue x", explanation="no export")
    assert source_test_holds(Deployment(), SourceTest("ArnNotEquals", ((unknown,),)), SOURCE) is None
    symbolic = ArnRef("cluster", "!GetAtt Other.DBClusterArn")  # no text, no resource among the inputs
    assert source_test_holds(Deployment(), SourceTest("StringNotLike", ((_value("arn:*"),),)), symbolic) is None


# -- properties that an Fn::If branch removes --------------------------------------------------


def _resource(text: str, logical_id: str = "Integration") -> Resource:
    template, problems = parse_template("t.yaml", text, json_like=False)
    assert template is not None and not problems
    link_templates([template])
    body = template.resources[logical_id]
    return Resource(template, logical_id, body["Type"], body)


_INTEGRATION = """
Conditions:
  A: !Equals [!Ref AWS::Region, us-east-1]
  B: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Integration:
    Type: AWS::RDS::Integration
{condition}    Properties:
      KMSKeyId: {key}
      AdditionalEncryptionContext: {context}
"""


@pytest.mark.parametrize(("condition", "key", "context", "expected"), [
    ("", "k", "{t: a}", False),
    ("", "!If [A, k, !Ref AWS::NoValue]", "{t: a}", True),
    ("", "!If [A, !Ref AWS::NoValue, k]", "{t: a}", True),
    ("", "!If [A, k, !Ref AWS::NoValue]", "!If [A, {t: a}, !Ref AWS::NoValue]", False),  # same branches
    ("", "!If [A, k, !Ref AWS::NoValue]", "!If [B, {t: a}, !Ref AWS::NoValue]", None),  # A and B may relate
    ("    Condition: A\n", "!If [A, k, !Ref AWS::NoValue]", "{t: a}", False),  # exists only where A holds
    ("    Condition: B\n", "!If [A, k, !Ref AWS::NoValue]", "{t: a}", None),
    ("", "!If [A, !If [B, k, !Ref AWS::NoValue], k]", "{t: a}", None),  # needs A and not B
    ("", "!If [A, !Select [0, [!Ref AWS::NoValue]], k]", "{t: a}", None),  # removed by an unnamed choice
])
def test_removed_where(condition: str, key: str, context: str, expected: bool | None) -> None:
    resource = _resource(_INTEGRATION.format(condition=condition, key=key, context=context))
    key_prop, context_prop = resource.prop("KMSKeyId"), resource.prop("AdditionalEncryptionContext")
    assert key_prop is not None and context_prop is not None
    assert removed_where(key_prop, exists=resource, present=context_prop) is expected


def test_removal_is_inherited_from_a_container_and_located_at_the_no_value() -> None:
    resource = _resource("""
Conditions:
  CaseSensitive: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Workgroup:
    Type: AWS::RedshiftServerless::Workgroup
    Properties:
      ConfigParameters: !If
        - CaseSensitive
        - - ParameterKey: enable_case_sensitive_identifier
            ParameterValue: "true"
        - !Ref AWS::NoValue
""", "Workgroup")
    value = resource.prop("ConfigParameters", 0, "ParameterValue")
    assert value is not None and value.value == "true"
    assert value.absent_when == ((("CaseSensitive", False),),)
    assert value.absent_in_some_branch
    assert (value.removal_location.line, value.removal_location.column) == (12, 11)  # the text opens with a newline
    assert describe_branches(value.absent_when) == "when condition CaseSensitive is false"
    assert removed_where(value) is True


def test_a_property_without_no_value_is_never_removed() -> None:
    resource = _resource(_INTEGRATION.format(condition="", key="!If [A, k, j]", context="{t: a}"))
    key = resource.prop("KMSKeyId")
    assert key is not None and key.options == ("k", "j") and not key.absent_in_some_branch
    assert removed_where(key) is False
    assert removed_where(None) is True


# -- SageMaker lakehouse targets ----------------------------------------------------------------


@pytest.mark.parametrize(("target", "kind"), [
    ("arn:aws:glue:us-east-1:123456789012:catalog/orders-lake", "catalog"),
    ("arn:aws:glue:us-east-1:123456789012:catalog", "catalog"),
    ("arn:aws:glue:us-east-1:123456789012:catalog/s3tablescatalog/orders", "catalog"),
    ('!Sub "arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:catalog/orders-lake"', "catalog"),
    ("arn:aws:glue:us-east-1:123456789012:database/orders", "other"),
    ("arn:aws:redshift-serverless:us-east-1:123456789012:namespace/3f2c1a7e", "namespace"),
])
def test_lakehouse_catalog_targets(target: str, kind: str) -> None:
    template, _ = parse_template("t.yaml", f"""
Resources:
  Integration:
    Type: AWS::RDS::Integration
    Properties:
      SourceArn: arn:aws:rds:us-east-1:123456789012:cluster:orders-db
      TargetArn: {target}
""", json_like=False)
    assert template is not None
    link_templates([template])
    [integration] = build_deployment([template], load_rulebook()).integrations
    assert [arn.kind for arn in integration.targets] == [kind]
