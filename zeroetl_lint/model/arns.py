"""ARN shapes: what a literal or assembled ARN names, matched against the rulebook's ARN patterns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from zeroetl_lint.model.deployment import ArnRef, Entity
from zeroetl_lint.rulebook import compiled

if TYPE_CHECKING:
    from zeroetl_lint.rulebook import Integrations

# What an entity is, as far as ARNs go: the kinds an ARN names, for the entities that have one.
EntityKind = Literal["cluster", "instance", "namespace", "workgroup", "redshift-cluster"]

# How messages name the resource behind an assembled ARN, by its kind.
_NOUNS: dict[str, str] = {
    "cluster": "DB cluster",
    "instance": "DB instance",
    "namespace": "namespace",
    "workgroup": "workgroup",
    "redshift-cluster": "Redshift cluster",
}
# How ArnRef.symbolic writes where a configuration is deployed, whatever the input (model/iam.py reads it).
_NOTATION = {"region": "${AWS::Region}", "account": "${AWS::AccountId}", "partition": "${AWS::Partition}"}
# Placeholders that stand for symbolic pieces while an assembled ARN is matched against a pattern;
# they fit the ARN character classes so the pattern can capture them.
_REGION_TOKEN = "zzregionzz"
_ACCOUNT_TOKEN = "000000000000"


@dataclass(frozen=True, slots=True)
class Piece:
    """A symbolic piece of an assembled ARN, in words no input owns.

    role: where the configuration is deployed ("region", "account", "partition"), a reference to an
    entity ("reference"), or anything else ("other").
    """

    role: Literal["region", "account", "partition", "reference", "other"]
    shown: str  # how the input writes the piece inside assembled text: "${AWS::Region}", "${aws_rds_cluster.src.id}"
    entity: Entity | None = None  # a reference: the entity it names
    by_name: bool = False  # a reference to the entity's name or identifier (CloudFormation's Ref), so it may fill an ARN
    entity_kind: EntityKind | None = None  # what that entity is, when it is one an ARN names


@dataclass(frozen=True, slots=True)
class ArnText:
    """A literal ARN, or one assembled from text and symbolic pieces."""

    parts: tuple[str | Piece, ...]
    written: str  # how messages show it
    how: str | None = None  # how it was assembled ("Fn::Join", "interpolation"); None for literal text

    @property
    def assembled(self) -> bool:
        return self.how is not None


# (entity kind, literal name) -> the entity among the inputs whose literal identifier it is.
Lookup = Callable[[EntityKind, str], Entity | None]


def match_arn(value: ArnText, facts: Integrations, lookup: Lookup) -> ArnRef:
    """Match a literal or assembled ARN against the RDS and Redshift ARN shapes."""
    text, tokens, regions = _render(value)
    written = value.written
    # Only a fully literal ARN has a text: the account placeholder of an account piece must not be
    # compared with real account numbers (the partition renders as itself).
    literal = all(isinstance(part, str) or part.role == "partition" for part in value.parts)
    match = compiled(facts.source_arn_pattern.value).match(text)
    if match:
        kind: EntityKind = "cluster" if match["kind"] == "cluster" else "instance"
        resource = _named(match["name"], tokens, kind, lookup)
        return ArnRef(kind, _assembled(value, resource, kind), resource, text if literal else None,
                      _region(match["region"], regions))
    match = compiled(facts.target_arn_pattern.value).match(text)
    if match:
        resource = _named(match["name"], tokens, None, lookup)
        return ArnRef("namespace", _assembled(value, resource, _kind_of(match["name"], tokens)), resource,
                      text if literal else None, _region(match["region"], regions))
    match = compiled(facts.lakehouse_target_arn_pattern.value).match(text)
    if match:
        return ArnRef("catalog", written, text=text if literal else None, region=_region(match["region"], regions),
                      explanation="an AWS Glue catalog: a SageMaker lakehouse target")
    if ":redshift:" in text and ":cluster:" in text:
        resource = _named(text.rsplit(":", 1)[-1], tokens, "redshift-cluster", lookup)
        return ArnRef("redshift-cluster", _assembled(value, resource, "redshift-cluster"), resource,
                      text=text if literal else None, explanation="a provisioned cluster ARN")
    if ":redshift-serverless:" in text and ":workgroup/" in text:
        resource = _named(text.rsplit("/", 1)[-1], tokens, "workgroup", lookup)
        return ArnRef("workgroup", _assembled(value, resource, "workgroup"), resource, text=text if literal else None)
    if value.assembled and any(part.role == "reference" for part in value.parts if isinstance(part, Piece)) \
            and not text.startswith("arn:"):
        return ArnRef("unknown", written, explanation="an assembled value that is not an ARN shape")
    # Text and where it is deployed only (no reference): a pattern, as a policy may write one.
    patterned = value.assembled and all(isinstance(part, str) or part.role != "reference" for part in value.parts)
    symbolic = "".join(part if isinstance(part, str) else _NOTATION.get(part.role, part.shown)
                       for part in value.parts) if patterned else None
    return ArnRef("other", written, text=text if not value.assembled else None,
                  explanation="it does not match the ARN pattern", symbolic=symbolic)


def _named(name: str, tokens: dict[str, Piece], kind: EntityKind | None, lookup: Lookup) -> Entity | None:
    """The entity an ARN's name part stands for: a reference to its name, or a literal identifier (clusters and instances)."""
    if name in tokens:
        piece = tokens[name]
        if piece.by_name and (kind is None or piece.entity_kind == kind):
            return piece.entity
        return None
    if kind not in ("cluster", "instance"):
        return None
    return lookup(kind, name.lower())


def _kind_of(name: str, tokens: dict[str, Piece]) -> str | None:
    piece = tokens.get(name)
    return piece.entity_kind if piece is not None else None


def _assembled(value: ArnText, resource: Entity | None, kind: str | None) -> str:
    """'the ARN of DB cluster Orders (assembled with Fn::Join)' for an assembled ARN of a known resource."""
    if not value.assembled or resource is None:
        return value.written
    noun = _NOUNS.get(kind or "", resource.type)
    return f"the ARN of {noun} {resource.logical_id} (assembled with {value.how})"


def _render(value: ArnText) -> tuple[str, dict[str, Piece], set[str]]:
    """Text with placeholders for symbolic pieces, the reference behind each placeholder, and the Region placeholders."""
    out: list[str] = []
    tokens: dict[str, Piece] = {}
    regions: set[str] = set()
    for part in value.parts:
        if isinstance(part, str):
            out.append(part)
        elif part.role == "region":
            out.append(_REGION_TOKEN)
            regions.add(_REGION_TOKEN)
        elif part.role == "account":
            out.append(_ACCOUNT_TOKEN)
        elif part.role == "partition":
            out.append("aws")
        elif part.role == "reference":
            token = f"zzattr{len(tokens)}zz"
            tokens[token] = part
            out.append(token)
        else:
            out.append("zzpseudozz")
    return "".join(out), tokens, regions


def _region(found: str, placeholders: set[str]) -> str | None:
    return None if found in placeholders or not found else found
