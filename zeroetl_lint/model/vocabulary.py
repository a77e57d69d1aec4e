"""How an input kind writes what messages name besides a property that is there: types, references, list entries."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True, slots=True)
class Verbatim:
    """Text already in the input's own syntax (a reference, a placeholder), which a document writes as it is."""

    text: str


# A JSON object as a message shows it (a policy statement): its keys in order, each value a plain
# string, text in the input's syntax, or a nested object.
Document = Mapping[str, Union[str, Verbatim, "Document"]]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The words of one input kind, so that a message reads like the file the user wrote.

    Keys are the model's words; each adapter supplies its own values. A present property is named by
    its `Field.name`; these words are for what is absent or only described (a type to create, a
    reference to write, an entry to add).
    """

    # The resource types messages tell users to create or change, by the model's word for them:
    # "cluster_instance", "cluster_parameter_group", "instance_parameter_group",
    # "redshift_parameter_group", "resource_policy", "rds_integration", "redshift_integration".
    types: Mapping[str, str]
    # Properties by the model's word ("source_arn", "data_filter", "depends_on", ...), and the
    # fields of list entries ("config_parameters.key", "redshift_parameters.value").
    names: Mapping[str, str]
    # (entity id, "id" | "name" | "arn") -> how the input writes a reference to it.
    reference: Callable[[str, str], str]
    # (property, value) -> how the input sets it: "DependsOn: [A]", "depends_on = [a]".
    assign: Callable[[str, str], str]
    # (list word, ((field word, value as written), ...)) -> one entry of the list as the input writes it.
    entry: Callable[[str, tuple[tuple[str, str], ...]], str]
    # (list word, owner id) -> where such an entry goes: "the ConfigParameters of Workgroup".
    into: Callable[[str, str], str]
    # A JSON object (a policy statement) as the input writes one inline: "{Effect: Allow, ...}" in YAML,
    # '{ Effect = "Allow", ... }' in HCL, as jsonencode() takes it.
    document: Callable[[Document], str]
    # (model type, ARN attribute as the rulebook names it) -> a reference to that attribute of any
    # resource of the type, its name a placeholder: "!GetAtt <DBCluster>.DBClusterArn", "aws_rds_cluster.<name>.arn".
    placeholder_reference: Callable[[str, str], str]
    # A literal text as the input writes it: "multi-node" in HCL, multi-node in YAML.
    literal: Callable[[str], str] = str
    # Do labels already start with the type ("aws_redshift_resource_policy.ns")? Then messages do not repeat it.
    typed_labels: bool = False

    def name(self, word: str) -> str:
        return self.names.get(word, word)

    def typed(self, kind: str, label: str) -> str:
        """'AWS::Redshift::ResourcePolicy RsPolicy'; a label that starts with its type stays as it is."""
        return label if self.typed_labels else f"{self.types.get(kind, kind)} {label}"
