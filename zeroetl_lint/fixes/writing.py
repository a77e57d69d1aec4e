"""Read a file for fixing and write it back atomically, never over a file that changed since it was read."""

from __future__ import annotations

import codecs
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Byte-order marks and the codec that writes the text after them; UTF-32 LE is tested before UTF-16 LE.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class Changed(Exception):
    """The file on disk is no longer what was read (or cannot be read): it is left alone."""


@dataclass(frozen=True, slots=True)
class Original:
    """A file as read before fixing: where it is, its bytes' digest, its text, and how it was encoded."""

    path: str
    digest: str
    text: str
    bom: bytes
    codec: str

    def encode(self, text: str) -> bytes:
        """Text in the file's own encoding, byte-order mark included."""
        return self.bom + text.encode(self.codec)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(path: str) -> Original | None:
    """The file's text by the shared decoding policy, or None when it cannot be read as text."""
    from zeroetl_lint.artifacts.files.text import NotText, decode

    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    text = decode(data)
    if isinstance(text, NotText):
        return None
    bom, codec = next(((mark, name) for mark, name in _BOMS if data.startswith(mark)), (b"", "utf-8"))
    return Original(path, digest(data), text, bom, codec)


def write(original: Original, text: str) -> None:
    """Replace the file with text: a temporary file in the same directory, then a rename over it.

    Raises Changed when the file's bytes differ from those read; OSError when writing fails (the
    original is then untouched).
    """
    target = Path(original.path)
    try:
        current = target.read_bytes()
    except OSError as error:
        raise Changed(f"cannot read it again: {error.strerror}") from None
    if digest(current) != original.digest:
        raise Changed("it changed after it was read")
    data = original.encode(text)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".zeroetl-fix")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, target.stat().st_mode & 0o7777)
        # Checked once more just before the rename: an editor may have saved meanwhile.
        if digest(target.read_bytes()) != original.digest:
            raise Changed("it changed after it was read")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
