"""Unit tests: exports named with pseudo parameters, resource policies from several places, NotAction,
principals, Fn::If branches in messages, and short descriptions of long values."""

from __future__ import annotations

from pathlib import Path

import pytest

from zeroetl_lint.artifacts.cloudformation.build import build_deployment
from zeroetl_lint.artifacts.cloudformation.json_text import decode_assembled_json
from zeroetl_lint.artifacts.cloudformation.intrinsics import Attr, Concat, Pseudo, Unknown, describe
from zeroetl_lint.artifacts.cloudformation.template import Resource, Template, branches, link_templates, parse_template
from zeroetl_lint.artifacts.files.discover import collect
from zeroetl_lint.artifacts.files.root import Root
from zeroetl_lint.model.deployment import Deployment, Statement
from zeroetl_lint.model.iam import (
    allows_principal,
    authorizes_source,
    covers_action,
    takes_creator,
    takes_service,
    target_authorizes_source,
)
from zeroetl_lint.rulebook import load_rulebook

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FACTS = load_rulebook().targets.authorization
SOURCE_ACTION, PRINCIPAL_ACTION = FACTS.source_action, FACTS.principal_action


def _templates(*texts: str, stack_names: tuple[str | None, ...] = ()) -> list[Template]:
    templates = []
    for index, text in enumerate(texts):
        template, problems = parse_template(f"t{index}.yaml", text, json_like=False)
        assert template is not None and not problems
        if index < len(stack_names):
            template.stack_name = stack_names[index]
        templates.append(template)
    link_templates(templates)
    return templates


def _deployment(*texts: str, stack_names: tuple[str | None, ...] = ()) -> Deployment:
    return build_deployment(_templates(*texts, stack_names=stack_names), load_rulebook())


# -- exports named with ${AWS::StackName} -------------------------------------------------------

_EXPORTER = """
Resources:
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties: {{Engine: aurora-postgresql}}
Outputs:
  Arn:
    Value: !GetAtt Cluster.DBClusterArn
    Export: {{Name: {name}}}
"""
_IMPORTER = """
Resources:
  Integration:
    Type: AWS::RDS::Integration
    Properties:
      SourceArn: !ImportValue {name}
"""


def _imported(importer: str, *exporters: str, stack_names: tuple[str | None, ...] = ()) -> object:
    templates = _templates(_IMPORTER.format(name=importer), *(_EXPORTER.format(name=name) for name in exporters),
                           stack_names=(None, *stack_names))
    [value] = templates[0].resolver.options({"Fn::ImportValue": importer})
    return value


def test_an_export_named_with_the_stack_name_resolves_when_it_alone_matches() -> None:
    value = _imported("orders-db-ClusterArn", '!Sub "${AWS::StackName}-ClusterArn"')
    assert isinstance(value, Attr) and value.logical_id == "Cluster"


def test_several_matching_export_names_say_which() -> None:
    by_stack = '!Sub "${AWS::StackName}-ClusterArn"'
    value = _imported("orders-db-ClusterArn", by_stack, by_stack)
    assert isinstance(value, Unknown)
    assert "export names with ${AWS::StackName} match several" in value.reason
    assert "in t1.yaml" in value.reason and "in t2.yaml" in value.reason


def test_no_matching_export_name_lists_the_candidates() -> None:
    value = _imported("orders-db-ClusterArn", '!Sub "${AWS::StackName}-cluster-arn"')
    assert isinstance(value, Unknown)
    assert "no export name with ${AWS::StackName} can produce it" in value.reason


def test_a_literal_export_wins_over_a_pattern() -> None:
    value = _imported("orders-db-ClusterArn", '!Sub "${AWS::StackName}-ClusterArn"', "orders-db-ClusterArn")
    assert isinstance(value, Attr) and value.template.path == "t2.yaml"


@pytest.mark.parametrize(("name", "matches"), [
    ("123456789012-ClusterArn", True),
    ("orders-ClusterArn", False),  # an account id is twelve digits
])
def test_each_pseudo_parameter_matches_only_what_it_can_be(name: str, matches: bool) -> None:
    value = _imported(name, '!Sub "${AWS::AccountId}-ClusterArn"')
    assert isinstance(value, Attr) is matches


def test_a_known_stack_name_makes_the_export_name_literal() -> None:
    # Without the names both would match; with them (a CDK manifest names its stacks) only one does.
    value = _imported("orders-db-ClusterArn", '!Sub "${AWS::StackName}-ClusterArn"',
                      '!Sub "${AWS::StackName}-ClusterArn"', stack_names=("billing-db", "orders-db"))
    assert isinstance(value, Attr) and value.template.path == "t2.yaml"


def test_cdk_manifests_give_each_stack_its_name() -> None:
    files = collect([str(FIXTURES / "ZE202/bad_cdk_export_named_by_stack")], Root.of(FIXTURES))
    names = {file.path.name: file.stack_name for file in files.templates}
    assert names["OrdersDbStack.template.json"] == "orders-db-prod"  # properties.stackName
    assert names["WarehouseStack.template.json"] == "WarehouseStack"  # the artifact id


def test_find_in_map_on_the_region_says_so() -> None:
    [template] = _templates("""
Mappings:
  Versions: {us-east-1: {pg: "16.4"}}
Resources:
  Cluster: {Type: AWS::RDS::DBCluster, Properties: {EngineVersion: !FindInMap [Versions, !Ref AWS::Region, pg]}}
""")
    [value] = template.resolver.options(template.resources["Cluster"]["Properties"]["EngineVersion"])
    assert isinstance(value, Unknown) and "keyed on !Ref AWS::Region" in value.reason


# -- values in messages ---------------------------------------------------------------------------


def test_long_text_is_cut_in_descriptions() -> None:
    assert describe("x" * 100, 10) == "'xxxxxxxxxx...' (100 characters)"
    assert describe("x" * 100) == repr("x" * 100)
    assert describe(Concat(("arn:", Pseudo("AWS::Partition"), ":rds")), 8) == "'arn:${AW...' (25 characters)"


def test_branches_name_their_conditions() -> None:
    [template] = _templates("""
Resources:
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties:
      EngineVersion: !If [Old, "15.4", !If [Next, "17.4", "16.4"]]
""")
    body = template.resources["Cluster"]
    version = Resource(template, "Cluster", body["Type"], body).prop("EngineVersion")
    assert version is not None
    assert [(branch.text, branch.when) for branch in branches(version)] == [
        ("15.4", " when condition Old is true"),
        ("17.4", " when conditions Old is false and Next is true"),
        ("16.4", " when conditions Old is false and Next is false"),
    ]
    assert [(branch.location.line, branch.location.column) for branch in branches(version)] == [
        (6, 32), (6, 51), (6, 59)]


def test_a_plain_value_has_no_condition() -> None:
    [template] = _templates("Resources:\n  C: {Type: AWS::RDS::DBCluster, Properties: {Engine: aurora-postgresql}}\n")
    body = template.resources["C"]
    engine = Resource(template, "C", body["Type"], body).prop("Engine")
    assert engine is not None and [branch.when for branch in branches(engine)] == [""]


# -- statements: NotAction, principals ------------------------------------------------------------


def _statement(actions: tuple[str, ...], *, not_action: bool = False, complete: bool = True,
               principals: tuple[tuple[str, str], ...] | None = (("Service", "redshift.amazonaws.com"),),
               effect: str = "Allow") -> Statement:
    return Statement("Statement/0", None, effect, actions, (), principals is not None, not_action=not_action,
                     principals=principals, actions_complete=complete)


@pytest.mark.parametrize(("statement", "expected"), [
    (_statement(("redshift:AuthorizeInboundIntegration",)), True),
    (_statement(("redshift:CreateInboundIntegration",)), False),
    (_statement(("redshift:AuthorizeInboundIntegration",), not_action=True), False),
    (_statement(("redshift:Authorize*",), not_action=True), False),
    (_statement(("redshift:CreateInboundIntegration",), not_action=True), True),
    # A computed entry may name it: only a readable entry that does can decide.
    (_statement(("redshift:CreateInboundIntegration",), complete=False), None),
    (_statement(("redshift:*",), complete=False), True),
    (_statement(("redshift:*",), not_action=True, complete=False), False),
    (_statement((), not_action=True, complete=False), None),
])
def test_covers_action(statement: Statement, expected: bool | None) -> None:
    assert covers_action(statement, SOURCE_ACTION) is expected


@pytest.mark.parametrize(("principals", "service", "creator"), [
    ((("Service", "redshift.amazonaws.com"),), True, False),
    ((("Service", "Redshift.AmazonAWS.com"),), True, False),
    ((("*", "*"),), True, True),
    ((("AWS", "*"),), True, True),
    ((("AWS", "arn:aws:iam::123456789012:root"),), None, True),  # undecided: no AWS page settles it
    ((("AWS", "arn:aws:iam::123456789012:root"), ("Service", "redshift.amazonaws.com")), True, True),
])
def test_principals(principals: tuple[tuple[str, str], ...], service: bool | None, creator: bool) -> None:
    statement = _statement((SOURCE_ACTION,), principals=principals)
    why: list[str] = []
    assert takes_service(statement, FACTS.source_principal_service, why) is service
    assert bool(why) is (service is None)
    assert takes_creator(statement) is creator


# -- resource policies from several places -------------------------------------------------------

_SOURCE = """
Resources:
  Orders:
    Type: AWS::RDS::DBCluster
    Properties: {Engine: aurora-postgresql, EngineVersion: "16.4", DBClusterIdentifier: orders-db}
"""
_SOURCE_STATEMENT = """          - Effect: Allow
            Principal: {Service: redshift.amazonaws.com}
            Action: redshift:AuthorizeInboundIntegration
            Condition: {StringEquals: {aws:SourceArn: !GetAtt Orders.DBClusterArn}}
"""
_PRINCIPAL_STATEMENT = """          - Effect: Allow
            Principal: {AWS: arn:aws:iam::123456789012:root}
            Action: redshift:CreateInboundIntegration
"""
_DENY_STATEMENT = """          - Effect: Deny
            Principal: "*"
            Action: redshift:AuthorizeInboundIntegration
"""
_CLUSTER = """
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties:
      NodeType: ra3.xlplus
{policy}  Integration:
    Type: AWS::RDS::Integration
    Properties:
      SourceArn: !GetAtt Orders.DBClusterArn
      TargetArn: {target}
"""


def _resource_policy(statements: str, arn: str = "!GetAtt Warehouse.ClusterNamespaceArn", name: str = "Policy") -> str:
    return f"""  {name}:
    Type: AWS::Redshift::ResourcePolicy
    Properties:
      ResourceArn: {arn}
      Policy:
        Statement:
{statements}"""


def _namespace_policy(statements: str) -> str:
    return "      NamespaceResourcePolicy:\n        Statement:\n" + statements


def _one(text: str) -> Deployment:
    return _deployment(_SOURCE + text)


def _verdicts(deployment: Deployment) -> tuple[bool | None, bool | None]:
    [integration] = deployment.integrations
    [target] = deployment.integration_targets(integration)
    source = target_authorizes_source(deployment, target, FACTS, integration.sources[0]).result
    principal = allows_principal(target.policies, PRINCIPAL_ACTION).result
    return source, principal


@pytest.mark.parametrize(("policy", "extra", "expected"), [
    ("", _resource_policy(_SOURCE_STATEMENT + _PRINCIPAL_STATEMENT), (True, True)),
    # The statements of the NamespaceResourcePolicy and the ResourcePolicy are read together.
    (_namespace_policy(_PRINCIPAL_STATEMENT), _resource_policy(_SOURCE_STATEMENT), (True, True)),
    (_namespace_policy(_SOURCE_STATEMENT), _resource_policy(_DENY_STATEMENT), (False, False)),
    ("", _resource_policy(_SOURCE_STATEMENT, arn="!GetAtt Other.ClusterNamespaceArn"), (False, False)),
    ("", "", (False, False)),
])
def test_policies_of_a_provisioned_target(policy: str, extra: str, expected: tuple[bool, bool]) -> None:
    other = "  Other: {Type: AWS::Redshift::Cluster, Properties: {NodeType: ra3.xlplus}}\n"
    deployment = _one(_CLUSTER.format(policy=policy, target="!GetAtt Warehouse.ClusterNamespaceArn") + extra + other)
    assert _verdicts(deployment) == expected


def test_a_resource_policy_for_a_serverless_namespace() -> None:
    deployment = _one("""
  Namespace:
    Type: AWS::RedshiftServerless::Namespace
    Properties: {NamespaceName: analytics}
  Integration:
    Type: AWS::RDS::Integration
    Properties:
      SourceArn: !GetAtt Orders.DBClusterArn
      TargetArn: !GetAtt Namespace.Namespace.NamespaceArn
""" + _resource_policy(_SOURCE_STATEMENT + _PRINCIPAL_STATEMENT, arn="!GetAtt Namespace.Namespace.NamespaceArn"))
    assert _verdicts(deployment) == (True, True)
    [target] = deployment.targets
    assert [policy.label for policy in target.policies] == ["the AWS::Redshift::ResourcePolicy Policy"]


def test_a_literal_namespace_arn_outside_the_inputs_is_a_target_through_its_resource_policy() -> None:
    arn = "arn:aws:redshift:us-east-1:123456789012:namespace:3f2c1a7e-5b4d-4c3a-9e8f-7a6b5c4d3e2f"
    deployment = _one(f"""
  Integration:
    Type: AWS::RDS::Integration
    Properties:
      SourceArn: !GetAtt Orders.DBClusterArn
      TargetArn: {arn}
""" + _resource_policy(_SOURCE_STATEMENT, arn=arn))
    [integration] = deployment.integrations
    [target] = deployment.integration_targets(integration)
    assert (target.arn, target.kind, target.label) == (arn, "provisioned", f"namespace {arn}")
    assert _verdicts(deployment) == (True, False)


def test_a_resource_policy_with_an_unresolved_arn_leaves_every_target_undecided() -> None:
    deployment = _one(_CLUSTER.format(policy="", target="!GetAtt Warehouse.ClusterNamespaceArn")
                      + _resource_policy(_SOURCE_STATEMENT, arn="!ImportValue somewhere"))
    [target] = deployment.targets
    assert [unknown.reason for unknown in target.policy_unknowns] == [
        "AWS::Redshift::ResourcePolicy Policy may set it: its ResourceArn is unresolved "
        "(Fn::ImportValue 'somewhere' has no matching Export among the inputs)"]
    assert _verdicts(deployment)[0] is None


def test_a_deny_in_one_policy_names_that_policy() -> None:
    deployment = _one(_CLUSTER.format(policy=_namespace_policy(_SOURCE_STATEMENT),
                                      target="!GetAtt Warehouse.ClusterNamespaceArn")
                      + _resource_policy(_DENY_STATEMENT))
    [integration] = deployment.integrations
    [target] = deployment.integration_targets(integration)
    verdict = authorizes_source(deployment, target.policies, SOURCE_ACTION, integration.sources[0])
    assert verdict.result is False and verdict.denied_by is not None
    assert verdict.denied_by[0].label == "the AWS::Redshift::ResourcePolicy Policy"


def test_undecided_verdicts_say_why() -> None:
    literal = "arn:aws:rds:us-east-1:123456789012:cluster:orders-db"
    deployment = _deployment(_SOURCE.replace(", DBClusterIdentifier: orders-db", "") + _CLUSTER.format(
        policy=_namespace_policy(_SOURCE_STATEMENT.replace("!GetAtt Orders.DBClusterArn", literal)),
        target="!GetAtt Warehouse.ClusterNamespaceArn"))
    [integration] = deployment.integrations
    [target] = deployment.integration_targets(integration)
    verdict = target_authorizes_source(deployment, target, FACTS, integration.sources[0])
    assert verdict.result is None
    assert verdict.reason == (
        f"statement 0 of the NamespaceResourcePolicy of Warehouse may allow it: {literal!r} may or may not be the ARN "
        "of Orders, which has no literal DBClusterIdentifier (CloudFormation generates it at deploy time)")


def test_a_computed_action_is_undecided() -> None:
    deployment = _one(_CLUSTER.format(policy=_namespace_policy(_SOURCE_STATEMENT.replace(
        "Action: redshift:AuthorizeInboundIntegration", "Action: !Ref ActionParameter")),
        target="!GetAtt Warehouse.ClusterNamespaceArn"))
    [integration] = deployment.integrations
    [target] = deployment.integration_targets(integration)
    verdict = target_authorizes_source(deployment, target, FACTS, integration.sources[0])
    assert verdict.result is None and "its Action is computed or missing" in verdict.reason


_PATTERN = "arn:${{AWS::Partition}}:rds:${{AWS::Region}}:${{AWS::AccountId}}:{resource}"


@pytest.mark.parametrize(("operator", "resource", "identifier", "expected"), [
    ("ArnLike", "cluster:*", None, True),
    ("ArnLike", "cluster:orders-*", ", DBClusterIdentifier: orders-db", True),
    ("ArnLike", "cluster:orders-*", ", DBClusterIdentifier: billing-db", False),
    ("ArnLike", "cluster:orders-*", None, None),  # a generated identifier may or may not start so
    ("ArnLike", "db:*", None, False),  # an instance pattern never names a cluster
    ("StringLike", "cluster:*", None, True),
    ("StringLike", "cluster:orders-*", ", DBClusterIdentifier: billing-db", None),  # * may cross colons
])
def test_patterns_with_pseudo_parameters(operator: str, resource: str, identifier: str | None,
                                         expected: bool | None) -> None:
    statement = _SOURCE_STATEMENT.replace(
        "StringEquals: {aws:SourceArn: !GetAtt Orders.DBClusterArn}",
        f'{operator}: {{aws:SourceArn: !Sub "{_PATTERN.format(resource=resource)}"}}')
    source = _SOURCE.replace(", DBClusterIdentifier: orders-db", identifier or "")
    deployment = _deployment(source + _CLUSTER.format(policy=_namespace_policy(statement),
                                                      target="!GetAtt Warehouse.ClusterNamespaceArn"))
    assert _verdicts(deployment)[0] is expected


# -- policy documents written as JSON text with Fn::Sub -----------------------------------------


def test_json_text_assembled_with_sub_is_read() -> None:
    cluster = Attr(None, "Orders", "DBClusterArn")  # type: ignore[arg-type]
    text = Concat(('{"Statement": [{"Condition": {"StringEquals": {"aws:SourceArn": "', cluster,
                   '"}}, "Principal": {"AWS": "arn:aws:iam::', Pseudo("AWS::AccountId"), ':root"}}]}'), "Fn::Sub")
    decoded = decode_assembled_json(text)
    statement = decoded["Statement"][0]
    assert statement["Condition"]["StringEquals"]["aws:SourceArn"] is cluster
    principal = statement["Principal"]["AWS"]
    assert isinstance(principal, Concat) and principal.parts == ("arn:aws:iam::", Pseudo("AWS::AccountId"), ":root")


def test_json_text_with_a_reference_outside_a_string_is_not_json() -> None:
    decoded = decode_assembled_json(Concat(('{"Statement": ', Pseudo("AWS::AccountId"), "}"), "Fn::Sub"))
    assert not isinstance(decoded, dict)
