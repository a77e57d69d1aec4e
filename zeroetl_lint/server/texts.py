"""The text of every file one lint read: the editor's buffer when the file is open, else the file on disk."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from zeroetl_lint.server.positions import split_lines


class FileTexts:
    """Lines of files by path, read once per lint; display paths are relative to the folder root.

    ``split`` keeps the lines of texts from one lint to the next (a folder's files mostly stay as they were).
    """

    def __init__(self, root: Path, overlay: Mapping[str, str], split: LineCache | None = None) -> None:
        from zeroetl_lint.artifacts.files.text import Overlay

        self.root = root
        self._overlay = Overlay(overlay)
        self._split = split if split is not None else LineCache()
        self._lines: dict[Path, list[str]] = {}

    def path(self, shown: str) -> Path:
        """The absolute path of a finding's (folder-relative or absolute) path, spelled as the client spells root."""
        return self.root / shown

    def lines(self, path: Path) -> list[str]:
        if path not in self._lines:
            self._lines[path] = self._split.lines(self.text(path))
        return self._lines[path]

    def text(self, path: Path) -> str:
        """The buffer or the decoded file; an unreadable file is empty (its finding then sits at 0:0)."""
        from zeroetl_lint.artifacts.files.text import NotText, decode

        buffered = self._overlay.get(path)
        if buffered is not None:
            return buffered
        try:
            decoded = decode(path.read_bytes())
        except OSError:
            return ""
        return "" if isinstance(decoded, NotText) else decoded


class LineCache:
    """Texts split into lines, kept for the texts of the latest lint (see FileTexts)."""

    def __init__(self) -> None:
        self._kept: dict[str, list[str]] = {}
        self._used: dict[str, list[str]] = {}

    def lines(self, text: str) -> list[str]:
        found = self._used.get(text) or self._kept.get(text)
        if found is None:
            found = split_lines(text)
        self._used[text] = found
        return found

    def settle(self) -> None:
        """A lint ended: keep only the texts it asked for."""
        self._kept, self._used = self._used, {}
