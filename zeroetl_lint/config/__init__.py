"""The config file: where it is, how its TOML is read and what it holds (the key model is config/model.py)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zeroetl_lint.artifacts.files.regular import not_utf8, read_bytes, read_text
from zeroetl_lint.artifacts.files.root import Root
from zeroetl_lint.errors import UsageError

if TYPE_CHECKING:
    from zeroetl_lint.config.model import ConfigModel

CONFIG_FILE = ".zeroetl-lint.toml"
PYPROJECT = "pyproject.toml"
SECTION = "tool.zeroetl-lint"


def shown(path: Path, root: Root) -> str:
    """Relative to the root when below it (as findings show paths), else absolute."""
    absolute = Path(os.path.abspath(root.path(path)))
    try:
        return absolute.relative_to(root.directory).as_posix() or "."
    except ValueError:
        return absolute.as_posix()


def start_directory(paths: Iterable[str], root: Root) -> Path:
    """Where the config search starts: the deepest directory holding every given path (relative ones
    below root; root itself when none is given), so that a config file only applies to inputs below it."""
    absolute = [os.path.abspath(root.path(p)) for p in paths]
    directories = [p if os.path.isdir(p) else os.path.dirname(p) for p in absolute]
    if not directories:
        return root.directory
    return Path(os.path.commonpath(directories))


def find_config(start: Path) -> Path | None:
    """The nearest .zeroetl-lint.toml, or pyproject.toml with a [tool.zeroetl-lint] table, walking up from
    start (an absolute directory)."""
    here = start.resolve()
    for directory in (here, *here.parents):
        candidate = directory / CONFIG_FILE
        if candidate.is_file():
            return candidate
        candidate = directory / PYPROJECT
        if candidate.is_file() and _has_section(candidate):
            return candidate
    return None


# Where a [tool.zeroetl-lint] table can start: its header, or a dotted key or inline table below [tool].
_SECTION_HINT = re.compile(rb"""\[\s*tool\s*\.\s*["']?zeroetl-lint|^\s*["']?zeroetl-lint["']?\s*(\.|=\s*\{)""", re.M)


def _has_section(pyproject: Path) -> bool:
    try:
        data = read_bytes(pyproject)
    except OSError:
        return False
    # Cheap test first: most pyproject.toml files (ours too: `name = "zeroetl-lint"`) have no such
    # table, and parsing costs time.
    if _SECTION_HINT.search(data) is None:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return True  # a broken file that mentions us is ours to report (load_config names the bad byte)
    try:
        return table(parse_toml(str(pyproject), text), pyproject) is not None
    except UsageError:
        return True  # a broken file that mentions us is ours to report


def parse_toml(name: str, text: str) -> dict[str, Any]:
    """The TOML document of a file; invalid TOML is a UsageError naming the file by name."""
    import tomllib  # only runs that have a config file pay for it

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{name}: invalid TOML: {error}") from None


def table(document: dict[str, Any], path: Path) -> dict[str, Any] | None:
    if path.name != PYPROJECT:
        return document
    tool = document.get("tool")
    section = tool.get("zeroetl-lint") if isinstance(tool, dict) else None
    return section if isinstance(section, dict) else None


@dataclass(frozen=True)
class ConfigFile:
    """A validated config file and where it lives; relative paths in it are relative to its directory.

    ``root`` is the directory of the run it configures: its label, and the paths it resolves, are
    shown relative to it, as the run's own paths are.
    """

    path: Path
    values: ConfigModel
    root: Root

    @property
    def label(self) -> str:
        name = shown(self.path, self.root)
        return f"{name} [{SECTION}]" if self.path.name == PYPROJECT else name

    def resolve(self, value: str) -> str:
        return shown(self.path.parent / value, self.root)


def load_config(path: Path, root: Root) -> ConfigFile:
    """Read and validate a config file (a relative path is below root) for a run in root; any problem is a
    one-line UsageError naming the file and key."""
    # pydantic is imported only by runs that have a config file.
    from zeroetl_lint.config.model import validate

    name = shown(path, root)
    try:
        text = read_text(root.path(path))
    except OSError as error:
        raise UsageError(f"cannot read config file {name}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"config file {name} {not_utf8(error)}; TOML files must be UTF-8") from None
    section = table(parse_toml(name, text), path)
    if section is None:
        raise UsageError(f"{name} has no [{SECTION}] table")
    prefix = f"{name}: " + (f"[{SECTION}] " if path.name == PYPROJECT else "")
    return ConfigFile(root.path(path).resolve(), validate(section, prefix), root)
