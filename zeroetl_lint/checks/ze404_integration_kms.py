"""ZE404 integration-kms."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Related, Severity, Violation
from zeroetl_lint.model.conditions import describe_branches, removed_where
from zeroetl_lint.model.project import Project
from zeroetl_lint.model.values import describe, literal_shape
from zeroetl_lint.registry import Need, rule


@rule(code="ZE404", name="integration-kms", severity=Severity.ERROR, needs=Need.DEPLOYMENT)
def integration_kms(project: Project) -> Iterator[Violation]:
    """Checks for encryption settings of an integration that the API rejects or CloudFormation and Terraform mishandle.

    ## What it does
    Reports `AdditionalEncryptionContext` without `KMSKeyId`, also when an `Fn::If` branch
    removes `KMSKeyId` (`!Ref AWS::NoValue`) but not the context under the same condition; an
    encryption context with more than 6 pairs (in any `Fn::If` branch); and, as a warning, a
    `KMSKeyId` that is a key alias (`alias/...` or an alias ARN) rather than a key ID or key ARN.

    ## Why is this bad?
    An encryption context only applies to a customer managed key, and RDS adds two pairs of its own,
    leaving 6 of the 8 KMS allows. The CloudFormation handler compares `KMSKeyId` with the key ARN
    the API returns, so an alias shows permanent drift; the Terraform provider stores that key ARN
    in its state, so with an alias in `kms_key_id` every plan shows a change, and a change there
    replaces the integration. Both properties force replacement of the integration when changed.

    ## Example
    ```yaml
    Integration:
      Type: AWS::RDS::Integration
      Properties:
        AdditionalEncryptionContext: {team: analytics}   # no KMSKeyId
    ```

    Terraform:
    ```hcl
    resource "aws_rds_integration" "this" {
      additional_encryption_context = { team = "analytics" }   # no kms_key_id
    }
    ```

    ## How to fix
    Add `KMSKeyId: !GetAtt Key.Arn` (Terraform: `kms_key_id = aws_kms_key.key.arn`), or remove the
    context; keep at most 6 pairs, and name the key by ID or ARN instead of its alias.

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.creating.html
    - https://github.com/aws-cloudformation/aws-cloudformation-resource-providers-rds/tree/master/aws-rds-integration
    - https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/rds/integration.go
    """
    facts = project.rulebook.integrations
    limit = facts.encryption_context.max_pairs
    aliases = tuple(prefix.lower() for prefix in facts.kms_alias_prefixes.values)
    for integration in project.deployment.integrations:
        context = integration.encryption_context
        key = integration.kms_key
        if (context is not None and facts.encryption_context.requires_kms_key
                and removed_where(key, exists=integration.resource, present=context) is True):
            if key is None:
                key_name = integration.resource.vocabulary.name("kms_key")
                yield Violation(
                    message=(f"{integration.label} sets {context.name} without {key_name}; an encryption "
                             f"context is only allowed with a customer managed key"),
                    fix=(f"Add {key_name} (a key ID or key ARN) to {integration.resource.logical_id}, or remove "
                         f"{context.name}."),
                    location=context.key_location,
                    object=context.object,
                )
            else:
                when = describe_branches(key.absent_when)
                yield Violation(
                    message=(f"{integration.label} sets {context.name} while {key.name} is removed (AWS::NoValue) "
                             f"{when}; an encryption context is only allowed with a customer managed key"),
                    fix=(f"Remove {context.name} in the same Fn::If branches as {key.name} "
                         f"(!If [<condition>, {{...}}, !Ref AWS::NoValue]), or always set {key.name}."),
                    location=context.key_location,
                    object=context.object,
                    related=(Related(key.removal_location, f"{key.name} is removed {when}"),),
                )
        if context is not None:
            counts = [(len(branch.value), branch) for branch in context.branches if isinstance(branch.value, dict)]
            if counts and max(count for count, _ in counts) > limit:
                most, branch = max(counts, key=lambda found: found[0])
                yield Violation(
                    message=(f"{context.name} of {integration.label} has {most} pairs{branch.when}; at "
                             f"most {limit} are allowed (RDS adds two of its own)"),
                    fix=f"Keep at most {limit} pairs in {context.name}.",
                    location=context.key_location,
                    object=context.object,
                )
        if key is not None:
            for branch in key.branches:
                shape = literal_shape(branch.value)
                if shape is not None and _resource_part(shape).lower().startswith(aliases):
                    yield Violation(
                        message=(f"{key.name} of {integration.label} is the alias {describe(branch.value)}{branch.when}; "
                                 f"{integration.resource.vocabulary.name('kms_alias_drift')}"),
                        fix=(f"Name the key by its key ID or key ARN (e.g. "
                             f"{integration.resource.vocabulary.name('kms_key_example')}) instead of its alias."),
                        location=branch.location,
                        object=key.object,
                        severity=Severity.WARNING,
                    )
                    break


def _resource_part(text: str) -> str:
    # arn:partition:kms:region:account:alias/name -> alias/name
    return text.split(":", 5)[5] if text.startswith("arn:") and text.count(":") >= 5 else text
