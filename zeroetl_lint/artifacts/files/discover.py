"""Find the input files of a run: walk directories (honouring .gitignore), read CDK assemblies, sort by kind.

Walks are bounded: only regular files are taken (FIFOs, sockets and devices are skipped), symbolic
links that lead nowhere (dangling, or a loop) are skipped, directories that cannot be read become
problems of the run, and a CDK manifest may only name files inside its own assembly directory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from zeroetl_lint.artifacts.files.regular import kind_of, read_text
from zeroetl_lint.artifacts.files.resolve import RealPaths
from zeroetl_lint.artifacts.files.root import Root
from zeroetl_lint.errors import UsageError

TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")
SQL_SUFFIXES = (".sql",)
FILTER_SUFFIXES = (".filter",)
TERRAFORM_SUFFIXES = (".tf", ".tf.json")
TFVARS_SUFFIXES = (".tfvars", ".tfvars.json")
# Never worth descending into: VCS data, virtualenvs, dependency trees, caches.
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
    # The cloud assembly directory (holding manifest.json) the template belongs to; each one is a
    # deployment of its own. None for a template found outside any assembly.
    assembly: Path | None = None


@dataclass(frozen=True, slots=True)
class InputProblem:
    """Something below the given paths that could not be read, or a CDK manifest that names a file it
    may not (ZE901); ``path`` is shown as given, never resolved through a link."""

    path: str
    message: str
    fix: str


@dataclass
class InputFiles:
    """The files of one run, by kind, in a stable order."""

    templates: list[TemplateFile] = field(default_factory=list)
    sql: list[Path] = field(default_factory=list)
    filters: list[Path] = field(default_factory=list)
    terraform: list[Path] = field(default_factory=list)  # .tf and .tf.json files
    var_files: list[Path] = field(default_factory=list)  # .tfvars files named on the command line
    manifests: list[Path] = field(default_factory=list)  # CDK manifest.json files read
    problems: list[InputProblem] = field(default_factory=list)
    # Invalid ignore patterns, skipped as git skips them: "path:line: message".
    warnings: list[str] = field(default_factory=list)


def collect(paths: Iterable[str], root: Root, exclude: Iterable[str] = (), exclude_origin: str = "exclude") -> InputFiles:
    """Expand the run's paths (relative ones below root) into input files, each an absolute path; a
    missing path is a usage error.

    ``exclude_origin`` names where the exclude patterns were written, for warnings about bad ones.
    """
    found = InputFiles()
    seen: set[Path] = set()
    real = RealPaths()
    excluded = _spec(list(exclude), f"{exclude_origin} exclude entry", found.warnings) if exclude else None
    for raw in paths:
        path = root.path(raw)
        if not path.exists():
            if path.is_symlink():
                raise UsageError(f"path is a symbolic link to nothing (dangling, or a loop): {raw}")
            raise UsageError(f"path does not exist: {raw}")
        if path.is_dir():
            for file, template in _walk(path, excluded, found, root):
                _add(found, seen, file, explicit=False, template=template, real=real)
        else:
            _add(found, seen, TemplateFile(path, explicit=True), explicit=True, template=None, real=real)
    return found


def _add(found: InputFiles, seen: set[Path], file: TemplateFile | Path, *, explicit: bool, template: TemplateFile | None,
         real: RealPaths) -> None:
    entry = file if isinstance(file, TemplateFile) else TemplateFile(file, explicit)
    key = real.resolve(entry.path)
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


def _walk(top: Path, excluded: object, found: InputFiles, root: Root) -> Iterator[tuple[Path, TemplateFile | None]]:
    """Regular files below top in sorted order, skipping ignored ones; CDK assemblies yield their stacks.

    Symbolic links to directories are not followed (os.walk's default), so directory loops end.
    """
    def unreadable(error: OSError) -> None:
        shown = root.shown(error.filename if error.filename else top)
        found.problems.append(InputProblem(
            shown, f"cannot read directory {shown}: {error.strerror}; the files in it were not checked",
            "Make the directory readable, or add it to the `exclude` setting."))

    ignore_stack: list[tuple[Path, object]] = []
    for directory, subdirs, files in os.walk(top, onerror=unreadable):
        here = Path(directory)
        ignore_stack = [(base, spec) for base, spec in ignore_stack if _is_below(here, base)]
        gitignore = here / ".gitignore"
        if gitignore.is_file():
            try:
                lines = read_text(gitignore).splitlines()
            except (OSError, UnicodeDecodeError):
                lines = []  # git reads no pattern from a file it cannot read either
            ignore_stack.append((here, _spec(lines, root.shown(gitignore), found.warnings)))
        subdirs[:] = sorted(
            name for name in subdirs
            if name not in _SKIPPED_DIRS and not _ignored(here / name, True, ignore_stack, excluded, top, root)
        )
        if "manifest.json" in files and _regular(here / "manifest.json", found, root) \
                and (stacks := _cdk_stacks(here, found, root)) is not None:
            subdirs[:] = []  # asset folders inside an assembly hold application code, not templates
            found.manifests.append(here / "manifest.json")
            for stack in stacks:
                yield stack.path, stack
            continue
        for name in sorted(files):
            path = here / name
            if not _ignored(path, False, ignore_stack, excluded, top, root) and _regular(path, found, root):
                yield path, None


def _regular(path: Path, found: InputFiles, root: Root) -> bool:
    """True for a regular file (or a link to one); FIFOs, sockets, devices and dangling links are skipped.

    A file that cannot even be looked at is a problem of the run rather than silence.
    """
    try:
        return kind_of(path.stat().st_mode) is None
    except FileNotFoundError:
        return False  # a dangling link: an editor's lock file (.#stack.yaml), or a file deleted meanwhile
    except OSError as error:
        if path.is_symlink():
            return False  # a link loop (ELOOP) leads to no file
        shown = root.shown(path)
        found.problems.append(InputProblem(shown, f"cannot read {shown}: {error.strerror}",
                                           "Make the file readable, or add it to the `exclude` setting."))
        return False


def _is_below(path: Path, base: Path) -> bool:
    return path == base or base in path.parents


def _ignored(path: Path, is_dir: bool, stack: list[tuple[Path, object]], excluded: object, top: Path,
             root: Root) -> bool:
    for base, spec in stack:
        relative = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(relative):  # type: ignore[attr-defined]
            return True
    if excluded is not None:
        relative = path.relative_to(top).as_posix() + ("/" if is_dir else "")
        shown = root.shown(path) + ("/" if is_dir else "")
        return bool(excluded.match_file(relative) or excluded.match_file(shown))  # type: ignore[attr-defined]
    return False


def _spec(lines: list[str], source: str, warnings: list[str]) -> object:
    """The patterns as git reads them: a line git cannot use is skipped, with a warning naming it."""
    import pathspec  # only directory walks pay for it

    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except Exception:  # noqa: BLE001 - pathspec raises several types (its own, re.error, ValueError)
        pass
    valid = []
    for number, line in enumerate(lines, start=1):
        try:
            pathspec.GitIgnoreSpec.from_lines([line])
        except Exception:  # noqa: BLE001 - as above
            where = f"{source} {number}" if source.endswith(" entry") else f"{source}:{number}"
            warnings.append(f"{where}: invalid ignore pattern {line!r} skipped (git skips it too)")
            continue
        valid.append(line)
    return pathspec.GitIgnoreSpec.from_lines(valid)


# Stages inside stages are rare; a manifest that loops back on itself must still end.
_MAX_NESTING = 8
_OUTSIDE_FIX = "Point it at a file inside the assembly directory (run `cdk synth` again), or remove the entry."


def _cdk_stacks(directory: Path, found: InputFiles, root: Root) -> list[TemplateFile] | None:
    """The stack templates a cloud assembly's manifest.json names, or None if it is not one.

    CDK Stages (and so CDK Pipelines apps) put their stacks in nested assemblies, which the
    manifest names as ``cdk:cloud-assembly`` artifacts; those are followed too, each directory once
    and at most _MAX_NESTING deep. Every file a manifest names must resolve inside the assembly
    directory: a pull request must not make the linter read (and print) files outside the repository.
    """
    visited: set[Path] = set()
    return _assembly(directory, directory.resolve(), 0, visited, found, root)


def _assembly(directory: Path, assembly: Path, depth: int, visited: set[Path],
              found: InputFiles, root: Root) -> list[TemplateFile] | None:
    manifest_path = directory / "manifest.json"
    visited.add(directory.resolve())
    try:
        manifest = json.loads(read_text(manifest_path))
    except (OSError, ValueError):
        return None
    artifacts = manifest.get("artifacts") if isinstance(manifest, dict) else None
    if not isinstance(artifacts, dict):
        return None
    stacks: list[TemplateFile] = []
    for artifact_id, artifact in artifacts.items():
        if not isinstance(artifact, dict):
            continue
        properties = artifact.get("properties") if isinstance(artifact.get("properties"), dict) else {}
        nested = properties.get("directoryName")
        if artifact.get("type") == "cdk:cloud-assembly" and isinstance(nested, str):
            inner = _inside(directory / nested, assembly)
            if inner is None:
                _outside(found, root.shown(manifest_path), "directoryName", nested)
            elif inner not in visited and depth < _MAX_NESTING and (inner / "manifest.json").is_file():
                stacks.extend(_assembly(directory / nested, assembly, depth + 1, visited, found, root) or [])
            continue
        if artifact.get("type") != "aws:cloudformation:stack":
            continue
        template_file = properties.get("templateFile")
        if not isinstance(template_file, str):
            continue
        if _inside(directory / template_file, assembly) is None:
            _outside(found, root.shown(manifest_path), "templateFile", template_file)
            continue
        account = region = None
        environment = artifact.get("environment")
        if isinstance(environment, str) and environment.startswith("aws://"):
            account, _, region = environment[len("aws://"):].partition("/")
            account = account if account.isdigit() else None
            region = region if region and "unknown" not in region else None
        path = directory / template_file
        stacks.append(TemplateFile(path, False, region, account, None if path.exists() else manifest_path,
                                   _construct_paths(artifact.get("metadata")), _stack_name(artifact_id, artifact),
                                   assembly))
    return stacks


def _inside(path: Path, assembly: Path) -> Path | None:
    """path resolved (links followed), when it stays inside the assembly directory; None when it leads outside."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return None
    return resolved if resolved == assembly or assembly in resolved.parents else None


def _outside(found: InputFiles, shown: str, key: str, value: str) -> None:
    # The message names only what the manifest says, never anything read from the outside file.
    found.problems.append(InputProblem(
        shown, f"{shown} names {key} {value!r}, which is outside the cloud assembly directory; it was not read",
        _OUTSIDE_FIX))


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
