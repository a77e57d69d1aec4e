"""Resolve the paths of many files with one resolution per directory: a walk meets each directory's files together."""

from __future__ import annotations

from pathlib import Path


class RealPaths:
    """Path.resolve() for files, remembering each directory's resolution (for one run: links do not change under it)."""

    def __init__(self) -> None:
        self._directories: dict[Path, Path] = {}

    def resolve(self, path: Path) -> Path:
        """The path with every link resolved, as Path.resolve() gives it."""
        if path.name in ("", ".", "..") or path.is_symlink():
            return path.resolve()
        # A file that is not a link keeps its name; only the directories above it can be links.
        directory = self._directories.get(path.parent)
        if directory is None:
            directory = self._directories[path.parent] = path.parent.resolve()
        return directory / path.name
