"""Find the input files of a run: walk directories (honouring .gitignore), read CDK assemblies, sort by kind."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from zeroetl_lint.errors import UsageError

TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")
SQL_SUFFIXES = (".sql",)
FILTER_SUFFIXES = (".filter",)
TERRAFORM_SUFFIXES = (".tf", ".tf.json")
TFVARS_SUFFIXES = (".tfvars", ".tfvars.json")
# Never worth descending into: VCS data, virtualenvs, dependency trees, caches.
# Stages inside stages are rare; a manifest that loops back on itself must still end.
_MAX_NESTING = 8
_SKIPPED_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache",
                 ".pytest_cache", ".ruff_cache", ".hypothesis", ".terraform"}


@dataclass(frozen=True, slots=True)
class TemplateFile:
    """A file that may hold a CloudFormation template, with its CDK stack environment if known."""

    path: Path
    explicit: bool  # named on the command line (then a parse failure is always reported)
    region: str | None = None
    account: str | None = None
    # Set for a stack a CDK manifest names but whose template file is absent.
    missing_from: Path | None = None
    cdk_paths: tuple[tuple[str, str], ...] = ()  # (logical id, construct path) from the manifest
    stack_name: str | None = None  # the CloudFormation stack name a CDK manifest gives the template


@dataclass
class InputFiles:
    """The files of one run, by kind, in a stable order."""

    templates: list[TemplateFile] = field(default_factory=list)
    sql: list[Path] = field(default_factory=list)
    filters: list[Path] = field(default_factory=list)
    terraform: list[Path] = field(default_factory=list)  # .tf and .tf.json files
    var_files: list[Path] = field(default_factory=list)  # .tfvars files named on the command line


def display_path(path: Path) -> str:
    """Relative to the current directory when below it, always with / separators."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def collect(paths: Iterable[str], exclude: Iterable[str] = ()) -> InputFiles:
    """Expand command-line paths into input files; a missing path is a usage error."""
    found = InputFiles()
    seen: set[Path] = set()
    excluded = _spec(list(exclude)) if exclude else None
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"path does not exist: {raw}")
        if path.is_dir():
            for file, template in _walk(path, excluded):
                _add(found, seen, file, explicit=False, template=template)
        else:
            _add(found, seen, TemplateFile(path, explicit=True), explicit=True, template=None)
    return found


def _add(found: InputFiles, seen: set[Path], file: TemplateFile | Path, *, explicit: bool, template: TemplateFile | None) -> None:
    entry = file if isinstance(file, TemplateFile) else TemplateFile(file, explicit)
    key = entry.path.resolve()
    if key in seen:
        return
    seen.add(key)
    suffix = entry.path.suffix.lower()
    name = entry.path.name.lower()
    if name.endswith(TERRAFORM_SUFFIXES):
        found.terraform.append(entry.path)  # never read as YAML
    elif name.endswith(TFVARS_SUFFIXES):
        if explicit:
            found.var_files.append(entry.path)  # beside their module they are read with it
    elif suffix in SQL_SUFFIXES:
        found.sql.append(entry.path)
    elif suffix in FILTER_SUFFIXES:
        found.filters.append(entry.path)
    elif suffix in TEMPLATE_SUFFIXES or explicit:
        found.templates.append(template or entry)


def _walk(root: Path, excluded: object) -> Iterator[tuple[Path, TemplateFile | None]]:
    """Files below root in sorted order, skipping ignored ones; CDK assemblies yield their stacks."""
    ignore_stack: list[tuple[Path, object]] = []
    for directory, subdirs, files in os.walk(root):
        here = Path(directory)
        ignore_stack = [(base, spec) for base, spec in ignore_stack if _is_below(here, base)]
        gitignore = here / ".gitignore"
        if gitignore.is_file():
            ignore_stack.append((here, _spec(gitignore.read_text("utf-8", errors="replace").splitlines())))
        subdirs[:] = sorted(
            name for name in subdirs
            if name not in _SKIPPED_DIRS and not _ignored(here / name, True, ignore_stack, excluded, root)
        )
        if "manifest.json" in files and (stacks := _cdk_stacks(here)) is not None:
            subdirs[:] = []  # asset folders inside an assembly hold application code, not templates
            for stack in stacks:
                yield stack.path, stack
            continue
        for name in sorted(files):
            path = here / name
            if not _ignored(path, False, ignore_stack, excluded, root):
                yield path, None


def _is_below(path: Path, base: Path) -> bool:
    return path == base or base in path.parents


def _ignored(path: Path, is_dir: bool, stack: list[tuple[Path, object]], excluded: object, root: Path) -> bool:
    for base, spec in stack:
        relative = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(relative):  # type: ignore[attr-defined]
            return True
    if excluded is not None:
        relative = path.relative_to(root).as_posix() + ("/" if is_dir else "")
        shown = display_path(path) + ("/" if is_dir else "")
        return bool(excluded.match_file(relative) or excluded.match_file(shown))  # type: ignore[attr-defined]
    return False


def _spec(lines: list[str]) -> object:
    import pathspec  # only directory walks pay for it

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _cdk_stacks(directory: Path, depth: int = 0) -> list[TemplateFile] | None:
    """The stack templates a cloud assembly's manifest.json names, or None if it is not one.

    CDK Stages (and so CDK Pipelines apps) put their stacks in nested assemblies, which the
    manifest names as ``cdk:cloud-assembly`` artifacts; those are followed too.
    """
    try:
        manifest = json.loads((directory / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    artifacts = manifest.get("artifacts") if isinstance(manifest, dict) else None
    if not isinstance(artifacts, dict):
        return None
    stacks = []
    for artifact_id, artifact in artifacts.items():
        if not isinstance(artifact, dict):
            continue
        nested = (artifact.get("properties") or {}).get("directoryName")
        if artifact.get("type") == "cdk:cloud-assembly" and isinstance(nested, str) and depth < _MAX_NESTING:
            stacks.extend(_cdk_stacks(directory / nested, depth + 1) or [])
            continue
        if artifact.get("type") != "aws:cloudformation:stack":
            continue
        template_file = (artifact.get("properties") or {}).get("templateFile")
        if not isinstance(template_file, str):
            continue
        account = region = None
        environment = artifact.get("environment")
        if isinstance(environment, str) and environment.startswith("aws://"):
            account, _, region = environment[len("aws://"):].partition("/")
            account = account if account.isdigit() else None
            region = region if region and "unknown" not in region else None
        path = directory / template_file
        stacks.append(TemplateFile(path, False, region, account, None if path.exists() else directory / "manifest.json",
                                   _construct_paths(artifact.get("metadata")), _stack_name(artifact_id, artifact)))
    return stacks


def _construct_paths(metadata: object) -> tuple[tuple[str, str], ...]:
    """(logical id, construct path) pairs from a stack artifact's aws:cdk:logicalId metadata."""
    if not isinstance(metadata, dict):
        return ()
    pairs = []
    for construct_path, entries in metadata.items():
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, dict) and entry.get("type") == "aws:cdk:logicalId" and isinstance(entry.get("data"), str):
                pairs.append((entry["data"], str(construct_path).lstrip("/")))
    return tuple(pairs)


def _stack_name(artifact_id: str, artifact: dict[str, object]) -> str | None:
    """The deployed stack's name: properties.stackName when the manifest sets it, else the artifact id."""
    properties = artifact.get("properties")
    name = properties.get("stackName") if isinstance(properties, dict) else None
    return name if isinstance(name, str) and name else artifact_id or None
