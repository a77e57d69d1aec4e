"""The seam between rules and file syntax: a rule says what to change, an input's editor writes the edits.

Rules never know whether a template is YAML or JSON (or, later, HCL): they ask the editor of the
resource's file to replace the value written at a location, to set a property named by its object
path, or to append items to a list property. The editor answers with the edits, or None when it cannot make
the change without guessing (a computed value, a block scalar), and the rule then offers no fix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, Union

from zeroetl_lint.findings import Applicability, Edit, Fix, Location

if TYPE_CHECKING:
    from zeroetl_lint.model.deployment import Entity

# What an edit writes: text, numbers and booleans, and mappings and lists of them.
Value = Union[str, int, bool, Mapping[str, "Value"], Sequence["Value"]]
Edits = tuple[Edit, ...]


class Editor(Protocol):
    """Turns a change stated in the model's terms into edits of one file, in that file's syntax.

    Properties are named by the input's own object paths (Field.object, Entity.object:
    "Resources/Params/Properties/Parameters/rds.logical_replication"), values are located by
    the locations the model gives them, so rules never see the file's syntax.
    """

    def replace(self, at: Location, value: Value) -> Edits | None:
        """Replace the scalar written at a location (a finding's or a branch's) by value (a list too)."""

    def put(self, object_path: str, value: Value) -> Edits | None:
        """Set the property at object_path to value: created (with missing mappings on the way) when
        absent, replaced when it is a scalar."""

    def append(self, object_path: str, *items: Value) -> Edits | None:
        """Append items to the list at object_path, created (as for put) when absent."""


class _NoEdits:
    """The editor of an input that has none (a Terraform plan): every change is refused, so no fix is offered."""

    def replace(self, at: Location, value: Value) -> Edits | None:
        return None

    def put(self, object_path: str, value: Value) -> Edits | None:
        return None

    def append(self, object_path: str, *items: Value) -> Edits | None:
        return None


NO_EDITS: Editor = _NoEdits()


def editor_for(owner: Entity) -> Editor:
    """The editor of the file that holds the resource: CloudFormation YAML/JSON, or a Terraform module's .tf files."""
    from zeroetl_lint.artifacts.cloudformation.template import Template

    template = getattr(owner, "template", None)
    if _is_terraform_module(template):
        from zeroetl_lint.fixes.hcl_editor import HclEditor

        return HclEditor(template)  # type: ignore[arg-type]
    # Exactly a CloudFormation template (the Terraform bridge subclasses Template).
    if type(template) is not Template:
        return NO_EDITS
    from zeroetl_lint.fixes.cfn_editor import template_editor

    return template_editor(template)


def _is_terraform_module(template: object) -> bool:
    """Is it a Terraform module instance read from .tf files (a plan has no files to edit)?"""
    return type(template).__name__ == "TerraformTemplate" and bool(getattr(template, "files", None))


def offer(title: str, edits: Edits | None, applicability: Applicability = Applicability.SAFE) -> tuple[Fix, ...]:
    """The fixes a violation carries: one with these edits, or none when the editor could not make them."""
    return (Fix(title, edits, applicability),) if edits else ()
