"""The directory a run's relative paths mean: paths are opened as ``root.path(p)`` and shown as ``root.shown(p)``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Root:
    """The base of a run's relative paths, so that nothing needs the process's current directory to be it.

    ``directory`` is absolute with its links resolved: a relative path joined to it names the file the
    operating system would open for it from inside the directory (``..`` included).
    """

    directory: Path

    @classmethod
    def of(cls, directory: str | os.PathLike[str] | None) -> Root:
        """The root for a run's ``root`` option: that directory, or None for the process's current one."""
        return cls(Path(os.path.realpath(os.getcwd() if directory is None else directory)))

    def path(self, path: str | os.PathLike[str]) -> Path:
        """The path to open for a path of the run: below the root when relative, itself when absolute."""
        return self.directory / path

    def shown(self, path: str | os.PathLike[str]) -> str:
        """How findings show a path: relative to the root when below it, always with / separators, else as given.

        A symbolic link is shown by its own name (an editor's dangling `.#stack.yaml` is not named after
        the file it points at); only the directories above it are resolved.
        """
        joined = self.path(path)
        shown = _below(self.directory, joined)
        if shown is not None:
            return shown
        # Only a path that is not lexically below the root pays for resolving links (one per file adds up
        # to a tenth of a second in a 300-template workspace, linted on every keystroke).
        absolute = Path(os.path.abspath(joined))
        try:
            return (absolute.parent.resolve() / absolute.name).relative_to(self.directory).as_posix() or "."
        except ValueError:
            pass
        try:
            # Outside the root: a path given relative to it ("../shared/x.yaml") keeps its spelling.
            return joined.relative_to(self.directory).as_posix()
        except ValueError:
            return joined.as_posix()


@lru_cache(maxsize=8192)
def _below(directory: Path, path: Path) -> str | None:
    """path relative to directory when it is spelled below it (no link is looked at), else None."""
    try:
        return Path(os.path.abspath(path)).relative_to(directory).as_posix() or "."
    except ValueError:
        return None
