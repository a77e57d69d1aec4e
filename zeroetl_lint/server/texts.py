"""The text of every file one lint read: the editor's buffer when the file is open, else the file on disk."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from zeroetl_lint.server.positions import split_lines


class FileTexts:
    """Lines of files by path, read once per lint; display paths are relative to the folder root."""

    def __init__(self, root: Path, overlay: Mapping[str, str]) -> None:
        self.root = root
        self._overlay = {str(Path(path).resolve()): text for path, text in overlay.items()}
        self._lines: dict[Path, list[str]] = {}

    def path(self, shown: str) -> Path:
        """The absolute path of a finding's (folder-relative or absolute) path, spelled as the client spells root."""
        return self.root / shown

    def lines(self, path: Path) -> list[str]:
        if path not in self._lines:
            self._lines[path] = split_lines(self.text(path))
        return self._lines[path]

    def text(self, path: Path) -> str:
        """The buffer or the decoded file; an unreadable file is empty (its finding then sits at 0:0)."""
        from zeroetl_lint.artifacts.files.text import NotText, decode

        buffered = self._overlay.get(str(path.resolve()))
        if buffered is not None:
            return buffered
        try:
            decoded = decode(path.read_bytes())
        except OSError:
            return ""
        return "" if isinstance(decoded, NotText) else decoded
