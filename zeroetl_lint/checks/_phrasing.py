"""What several rules say alike: how they name things and what they suggest, and saying each finding once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from zeroetl_lint.findings import Location, Violation
from zeroetl_lint.model.deployment import ArnRef, Entity, ParameterGroup, Policy, Source, Stack, Target
from zeroetl_lint.model.vocabulary import Vocabulary
from zeroetl_lint.rulebook import Rulebook

# How messages name a source's parameter group, by the kind of source.
GROUP_NOUN = {"cluster": "DB cluster parameter group", "instance": "DB parameter group"}


def group_label(group: ParameterGroup, source: Source) -> str:
    """A source's parameter group in messages; for an intended source, also whose it is and why that counts."""
    if source.intended:
        return f"{group.resource.label}, the parameter group of {source.label}"
    return group.resource.label


def swapped(words: Vocabulary, target: str) -> str:
    """The fix of a source ARN and a target ARN given the other way round."""
    source_arn, target_arn = words.name("source_arn"), words.name("target_arn")
    return (f"{source_arn} and {target_arn} look swapped: {source_arn} names the Aurora/RDS database, "
            f"{target_arn} the {target}.")


def once(violations: Iterable[Violation]) -> Iterator[Violation]:
    """Drop repeats of a finding at the same object and place (a group shared by two sources)."""
    seen: set[tuple[str, Location]] = set()
    for violation in violations:
        key = (violation.object, violation.location)
        if key not in seen:
            seen.add(key)
            yield violation


def qualified(arn: ArnRef, arns: Iterable[ArnRef]) -> str:
    """How a message names one ARN value: with its Fn::If branch, unless every branch has the same value."""
    shared = sum(1 for other in arns if other.written == arn.written) > 1
    return arn.written if shared else arn.written + arn.when


def policies_label(target: Target) -> str:
    """'the NamespaceResourcePolicy of X', or 'the resource policies of X (A, B)' when there are several."""
    if len(target.policies) == 1:
        return target.policies[0].label
    return f"the resource policies of {target.label} ({', '.join(policy.label for policy in target.policies)})"


def policy_fix(target: Target, statement: str) -> str:
    """Where to add a statement, by the kind of target and the policies it already has."""
    if target.policies:
        return f"Add the statement {statement} to {target.policies[0].label}."
    if target.arn is not None:
        return f"Add the statement {statement} to the resource policy of {target.label}."
    name, words = target.resource.logical_id, target.resource.vocabulary
    inline = words.names.get("inline_policy")  # a property of the namespace itself, when the input has one
    arn = words.reference(name, "arn" if target.kind == "serverless" else "namespace_arn")
    standalone = f"{words.types['resource_policy']} with {words.assign(words.name('resource_arn'), arn)}"
    if inline is None:
        return f"Add an {standalone} and the statement {statement}."
    if target.kind == "serverless":
        return f"Add a {inline} to {name} with the statement {statement}."
    return f"Add a {inline} to {name} with the statement {statement}, or an {standalone} and that statement."


def no_policy(target: Target) -> str:
    """'Namespace has no NamespaceResourcePolicy (and no AWS::Redshift::ResourcePolicy among the inputs names it)'."""
    words = target.resource.vocabulary
    inline, standalone = words.names.get("inline_policy"), words.types["resource_policy"]
    if inline is None:
        return f"{target.label} has no {standalone} among the inputs naming it"
    return f"{target.label} has no {inline} (and no {standalone} among the inputs names it)"


def removal_phrase(policy: Policy) -> str:
    """'is removed (AWS::NoValue)', or 'is not created' for a ResourcePolicy left out by its own Condition."""
    condition = policy.owner.condition if policy.standalone else ()
    if condition and all(branch == ((condition[0][0], False),) for branch in policy.prop.absent_when):
        return "is not created"
    return "is removed (AWS::NoValue)"


def arn_fix(rulebook: Rulebook, resource: Entity, stack: Stack) -> str | None:
    """How a resource of stack gets the ARN of a resource an integration can name, in the input's own syntax:
    'Use !GetAtt X.<ArnAttribute>.' in its stack, an export or module output across stacks; None for other types."""
    entry = rulebook.arn_attribute(resource.aws_type)
    return resource.reference_from(entry.attribute, stack) if entry is not None else None


def arn_forms(rulebook: Rulebook, words: Vocabulary, role: str) -> str:
    """How to write an ARN for a role, for fix messages: `!GetAtt <DBCluster>.DBClusterArn or ...`, `aws_rds_cluster.<name>.arn or ...`."""
    return " or ".join(words.placeholder_reference(entry.resource_type, entry.attribute)
                       for entry in rulebook.integrations.arn_attributes if entry.role == role)


# How messages name the ARN kinds that are wrong for a role.
ARN_KIND_NAMES = {
    "cluster": "an RDS DB cluster ARN",
    "instance": "an RDS DB instance ARN",
    "namespace": "a Redshift namespace ARN",
    "workgroup": "a Redshift Serverless workgroup ARN",
    "redshift-cluster": "a provisioned Redshift cluster ARN (not its namespace ARN)",
    "catalog": "an AWS Glue catalog ARN (a SageMaker lakehouse target)",
}


def display_pattern(pattern: str) -> str:
    """A rulebook pattern as the API documents it: without the named groups the model adds."""
    out = pattern
    while (start := out.find("(?P<")) >= 0:
        depth, index = 0, start
        while index < len(out):
            if out[index] == "\\":
                index += 2
                continue
            depth += out[index] == "("
            depth -= out[index] == ")"
            if depth == 0:
                break
            index += 1
        body = out[out.index(">", start) + 1:index]
        # An alternation keeps its (now unnamed) group; anything else needs none.
        out = out[:start] + (f"({body})" if "|" in body else body) + out[index + 1:]
    return out
