"""The cited facts in rules/*.yaml (validated by pydantic in tests, plain records at run time) and their loader."""

from __future__ import annotations

import re
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

# The shared bases live in rulebook/base.py so that every fact file's module can import them
# without importing this one (Rulebook names FilterFacts); re-exported here, where callers find them.
from zeroetl_lint.rulebook.base import Cited, EngineFamily, VerifiedFact
from zeroetl_lint.rulebook.data_filters import FilterFacts
from zeroetl_lint.rulebook.fact import Fact

if TYPE_CHECKING:
    from typing import Annotated

    from pydantic import Field

    from zeroetl_lint.rulebook.pg_types import PgTypeFacts


class MajorVersion(Cited):
    major: str
    minimum: str | None  # None: every version of this major is supported
    verified: bool
    note: str | None = None


class UnlistedMajor(Cited):
    """A major version RDS runs that the zero-ETL version tables do not list, with its own syntax."""

    major: str
    label: str  # "Aurora MySQL version 8.4"
    version_pattern: str  # its named groups fill the engine's parameter_family
    verified: bool
    note: str | None = None


class ParameterFact(Cited):
    name: str
    expect: Literal["eq", "ne", "ge", "ge_or_zero"]
    value: str
    default: str | None = None  # what the engine uses when the group does not set it; None: unknown
    verified: bool
    # The source shape the requirement is limited to (RDS for MySQL Multi-AZ DB clusters only).
    only_for: Literal["multi-az-db-cluster"] | None = None


class EngineFacts(Cited):
    label: str
    resource: Literal["cluster", "instance"]
    family: EngineFamily
    version_pattern: str
    version_group: str | None = None  # which named group is the comparable version ("aurora")
    parameter_group: Literal["cluster", "instance"]
    parameter_family: str
    majors: tuple[MajorVersion, ...]
    below_listed: Literal["error", "warning"]
    above_listed: Literal["error", "warning"]
    not_listed: tuple[UnlistedMajor, ...] = ()
    parameters: tuple[ParameterFact, ...]


class ValueList(Cited):
    values: tuple[str, ...]


class AllowedModes(Cited):
    allowed: tuple[str, ...]


class EngineList(Cited):
    engines: tuple[str, ...]


class Text(Cited):
    value: str


class BooleanWords(Cited):
    """How the engines spell on and off; a parameter's value means the same in any of these."""

    on: tuple[str, ...]
    off: tuple[str, ...]
    verified: bool


class MultiAzDbClusters(VerifiedFact):
    """Engines whose AWS::RDS::DBCluster is a Multi-AZ DB cluster (no separate instances), by support."""

    supported: tuple[str, ...]
    unsupported: tuple[str, ...]


class ReadReplicas(VerifiedFact):
    unsupported: tuple[str, ...]  # engines whose read replicas cannot be a source
    not_with_primary: tuple[str, ...]  # engines where a replica and its primary cannot both be sources


class MagneticStorage(VerifiedFact):
    engines: tuple[str, ...]
    storage_types: tuple[str, ...]  # StorageType values that are magnetic storage


class Sources(Fact):
    engines: dict[str, EngineFacts]
    boolean_words: BooleanWords
    engine_modes: AllowedModes
    unsupported_scalability_types: ValueList
    backtrack: EngineList
    backups: EngineList
    default_parameter_group_prefix: Text
    out_of_scope_engines: ValueList
    intended_source_parameters: ValueList
    multi_az_db_clusters: MultiAzDbClusters
    read_replicas: ReadReplicas
    magnetic_storage: MagneticStorage
    global_database: VerifiedFact


class NodeTypes(Cited):
    allowed_prefixes: tuple[str, ...]
    minimum_nodes: int
    minimum_nodes_verified: bool


class UnverifiedNodeTypes(Cited):
    """Node types the API accepts but the zero-ETL pages do not mention: warned about, not rejected."""

    prefixes: tuple[str, ...]
    known: tuple[str, ...] = ()  # the node types of those prefixes the API lists today
    verified: bool


class ClusterShape(Cited):
    single_node_cluster_type: str  # the ClusterType value of a one-node cluster
    multi_node_cluster_type: str
    verified: bool


class Encryption(Cited):
    required: bool


class CaseSensitivity(Cited):
    parameter: str
    value: str
    default: str  # the value on every workgroup and cluster that does not set it


class DefaultParameterGroup(Cited):
    prefix: str  # default Redshift cluster parameter groups ("default.redshift-1.0") cannot be edited
    verified: bool


class Authorization(Cited):
    source_action: str
    source_condition_key: str
    principal_action: str
    source_principal_service: str  # the service principal of the authorized-source statement


class Targets(Fact):
    node_types: NodeTypes
    unverified_node_types: UnverifiedNodeTypes
    cluster_shape: ClusterShape
    encryption: Encryption
    case_sensitivity: CaseSensitivity
    default_parameter_group: DefaultParameterGroup
    authorization: Authorization


class NameFacts(Cited):
    pattern: str
    max_length: int


class EncryptionContext(Cited):
    max_pairs: int
    requires_kms_key: bool


class Quotas(Cited):
    per_account: int  # per account and Region
    per_target: int
    per_source: int


class AttributeLimits(VerifiedFact):
    description_max_length: int
    tag_key_max_length: int
    tag_value_max_length: int
    reserved_tag_key_prefixes: tuple[str, ...]


class DataFilterPatch(VerifiedFact):
    """The Redshift patch a provisioned target needs for data filters, and tracks that get it late."""

    minimum_patch: int
    late_tracks: tuple[str, ...]


class ArnAttribute(Cited):
    """What Ref returns for a resource type, and the Fn::GetAtt attribute that is its ARN."""

    resource_type: str
    role: Literal["source", "target", "neither"]  # what an integration may name it as
    attribute: str
    ref_returns: str
    verified: bool


class VerifiedText(VerifiedFact):
    value: str


class SourcePattern(Text):
    """A SourceArn pattern and the kinds of source it admits, for messages."""

    accepts: tuple[str, ...]


class Integrations(Fact):
    name: NameFacts
    encryption_context: EncryptionContext
    kms_alias_prefixes: ValueList
    quotas: Quotas
    attribute_limits: AttributeLimits
    data_filter_patch: DataFilterPatch
    source_arn_pattern: Text
    target_arn_pattern: Text
    lakehouse_target_arn_pattern: VerifiedText  # a SageMaker lakehouse (AWS Glue catalog) target
    redshift_integration_source_pattern: SourcePattern
    arn_attributes: tuple[ArnAttribute, ...]


class Rulebook(Fact):
    """Every fact the checks enforce; tests may build one by hand to pin facts."""

    sources: Sources
    targets: Targets
    integrations: Integrations
    data_filters: FilterFacts

    @cached_property
    def pg_types(self) -> PgTypeFacts:
        """The type mapping of rules/pg_types.yaml, read on first use (only runs with schema SQL need it);
        a test pins its own with `rulebook.model_copy(update={"pg_types": facts})`."""
        from zeroetl_lint.rulebook.pg_types import PgTypeFacts

        return PgTypeFacts.from_data(read_fact_file("pg_types.yaml"))

    def engine(self, engine: str | None) -> EngineFacts | None:
        return self.sources.engines.get((engine or "").lower())

    def arn_attribute(self, resource_type: str) -> ArnAttribute | None:
        """The ARN attribute of a resource type that an integration can name, if it is one."""
        for entry in self.integrations.arn_attributes:
            if entry.resource_type == resource_type:
                return entry
        return None


def read_fact_file(name: str) -> dict[str, object]:
    """The parsed YAML of one rulebook file; the only place that knows where the rulebook lives."""
    import yaml

    # The rules/ directory is the zeroetl_lint.rules package (see pyproject's package-dir); a path
    # next to this file is what importlib.resources would find, without importing it.
    path = Path(__file__).resolve().parents[1] / "rules" / name
    if not path.is_file():
        from importlib.resources import files

        return yaml.load(files("zeroetl_lint.rules").joinpath(name).read_text("utf-8"), Loader=_yaml_loader())
    return yaml.load(path.read_text("utf-8"), Loader=_yaml_loader())


def _yaml_loader() -> type:
    import yaml

    # Facts are plain YAML: the C loader when PyYAML has it, never anything that builds objects.
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_rulebook() -> Rulebook:
    """Load rules/*.yaml once per process (the test suite validates them: tests/test_rulebook_plain.py)."""
    return Rulebook.from_data({
        "sources": read_fact_file("sources.yaml"),
        "targets": read_fact_file("targets.yaml"),
        "integrations": read_fact_file("integrations.yaml"),
        "data_filters": read_fact_file("data_filters.yaml"),
    })


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    """Patterns from the rulebook, compiled once."""
    return re.compile(pattern)
