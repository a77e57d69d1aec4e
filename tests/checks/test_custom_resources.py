"""CDK AwsCustomResource calls: putResourcePolicy is the target's policy, createIntegration an integration."""

from __future__ import annotations

import json
from pathlib import Path

from zeroetl_lint.artifacts.cloudformation.json_text import decode_json_text
from zeroetl_lint.engine import LintOptions, lint

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
POLICY_APP = FIXTURES / "ZE305" / "ok_cdk_aws_custom_resource_policy"
INTEGRATION_APP = FIXTURES / "ZE506" / "bad_cdk_aws_custom_resource_integration"
CALL_ID = "OrdersIntegration9E8D7C6B"


def _findings(path: Path) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in lint(LintOptions(paths=(str(path),))).findings]


def test_assembly_whose_policy_is_an_aws_custom_resource_lints_clean() -> None:
    assert _findings(POLICY_APP) == []


def test_the_policy_call_decides_authorization(tmp_path: Path) -> None:
    """Without the call, the same assembly has no resource policy at all (ZE305, ZE306)."""
    template = json.loads((POLICY_APP / "OrdersStack.template.json").read_text())
    del template["Resources"]["NamespacePolicy4B1C2D3E"]
    template["Resources"]["OrdersIntegration"]["DependsOn"].remove("NamespacePolicy4B1C2D3E")
    (tmp_path / "OrdersStack.template.json").write_text(json.dumps(template, indent=1))
    assert sorted(rule for rule, _ in _findings(tmp_path)) == ["ZE305", "ZE306"]


def test_create_integration_call_is_checked_like_an_rds_integration(tmp_path: Path) -> None:
    """Replacing the AwsCustomResource by the AWS::RDS::Integration it creates changes no finding but its name."""
    template = json.loads((INTEGRATION_APP / "OrdersStack.template.json").read_text())
    call = template["Resources"].pop(CALL_ID)
    parameters = decode_json_text("".join(part if isinstance(part, str) else "zz" for part in
                                          call["Properties"]["Create"]["Fn::Join"][1]))["parameters"]
    template["Resources"][CALL_ID] = {
        "Type": "AWS::RDS::Integration",
        "Properties": {"IntegrationName": parameters["IntegrationName"],
                       "SourceArn": {"Fn::GetAtt": ["OrdersCluster23D869C0", "DBClusterArn"]},
                       "TargetArn": {"Fn::GetAtt": ["Namespace", "Namespace.NamespaceArn"]}},
        "DependsOn": call["DependsOn"],
        "Metadata": call["Metadata"],
    }
    (tmp_path / "OrdersStack.template.json").write_text(json.dumps(template, indent=1))
    from_call, from_resource = _findings(INTEGRATION_APP), _findings(tmp_path)
    assert [rule for rule, _ in from_call] == [rule for rule, _ in from_resource] == ["ZE506"]
    assert from_call == from_resource


def test_lambda_backed_integration_is_reported_as_unchecked() -> None:
    found = _findings(FIXTURES / "ZE902" / "bad_lambda_custom_resource_integration")
    assert [rule for rule, _ in found] == ["ZE902"]
    assert "could not be checked" in found[0][1]
