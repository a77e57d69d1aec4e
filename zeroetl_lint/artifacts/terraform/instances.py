"""Resource instances as the .tf files and plan JSON both give them: evaluated arguments with their positions.

A module instance (or a plan's module) is one `ModuleStack`; each resource instance in it is one
`Declared` record, which build.py maps onto the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zeroetl_lint.artifacts.terraform.positions import PositionOf
from zeroetl_lint.artifacts.terraform.syntax import Pos
from zeroetl_lint.artifacts.terraform.words import TERRAFORM_WORDS
from zeroetl_lint.findings import Location
from zeroetl_lint.model.edits import NO_EDITS, Editor
from zeroetl_lint.model.values import Unknown


def location(pos: Pos) -> Location:
    return Location(pos.path, pos.line, pos.column, pos.end_line, pos.end_column)


@dataclass(frozen=True, slots=True)
class Argument:
    """One argument's evaluated value (the evaluator's types), where it is written and where its name is."""

    value: Any
    location: Location
    key_location: Location
    # Where each character of a literal string value is written (positions.quoted_positions), when known.
    position_of: PositionOf | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Entry:
    """One `parameter` / `config_parameter` block: its name and its value (None when it sets none)."""

    key: str
    key_location: Location
    value: Argument | None
    location: Location  # the block


@dataclass(frozen=True, slots=True)
class Entries:
    """The keyed blocks of a resource (`parameter`, `config_parameter`), in order; or why they are not known."""

    entries: tuple[Entry, ...]
    location: Location  # the first block
    unknown: Unknown | None = None  # a dynamic block over a collection that is not known, a name that is not literal


@dataclass(eq=False)
class ModuleStack:
    """One module instance (or one module of a plan): what is deployed together, and the files it is read from."""

    path: str  # how findings name it: "infra (module.db)"
    address: str = ""  # the module instance: "module.db", "" for the root module
    # Its outputs whose value is one reference, as written there: name -> "aws_rds_cluster.src.arn"
    # (how another module reads an attribute of its resources).
    outputs: dict[str, str] = field(default_factory=dict, repr=False)
    files: dict[str, str] = field(default_factory=dict, repr=False)  # its .tf files: path -> text (none for a plan)
    # For fixes: each resource's Terraform type and block, and every literal of the files read by where it starts.
    kinds: dict[str, str] = field(default_factory=dict, repr=False)
    blocks: dict[str, Any] = field(default_factory=dict, repr=False)
    literals: dict[tuple[str, int, int], Any] = field(default_factory=dict, repr=False)
    headers: dict[str, Location] = field(default_factory=dict, repr=False)  # resource address -> its block header
    region: str | None = None  # Terraform tells neither: the provider configuration decides
    account: str | None = None
    text: str = field(default="", repr=False)  # a stack is read from files, not one text (see files)
    vocabulary = TERRAFORM_WORDS  # how messages word what its files do not write

    def editor(self) -> Editor:
        """Edits of the module's .tf files; a plan (no files) has no editor, so no fix."""
        if not self.files:
            return NO_EDITS
        from zeroetl_lint.artifacts.terraform.editor import HclEditor

        return HclEditor(self)

    def commented_files(self) -> tuple[tuple[str, str, dict[int, str]], ...]:
        """The .tf files, for suppression comments: (path, text, {a block's first line: its resource address})."""
        return tuple((path, text, {header.line: address for address, header in self.headers.items()
                                   if header.path == path and header.line is not None})
                     for path, text in self.files.items())


@dataclass
class Declared:
    """One resource instance: its address, Terraform type, block header, arguments, keyed blocks, dependencies."""

    address: str
    kind: str
    header: Location
    stack: ModuleStack
    arguments: dict[str, Argument] = field(default_factory=dict)
    entries: Entries | None = None
    # depends_on: each address listed and where it is written; where the list and its name are written.
    depends_on: tuple[tuple[str, Location], ...] = ()
    depends_on_at: tuple[Location, Location] | None = None
    references: tuple[str, ...] = ()  # the other instances of its module its arguments reference
    tags: tuple[Entry, ...] = ()  # the `tags` map, each tag where its key and value are written
