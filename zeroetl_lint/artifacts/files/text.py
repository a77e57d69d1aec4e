"""One decoding policy for every input file, whole (templates, filters) or streamed (SQL dumps).

A file is text when it is UTF-8 (a byte-order mark is allowed), or UTF-16/UTF-32 with a byte-order mark
(what PowerShell's ``>`` writes). Anything else is reported, never guessed at: a file that does not look
like text at all (NUL bytes, mostly control characters) is binary, and bytes that do not decode are named
with their byte offset and line.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# How much of a file decides whether it is text; the same 8 KiB that git looks at.
SNIFF_BYTES = 8192
_CHUNK = 1 << 20

# UTF-32 LE starts like UTF-16 LE, so it is tested first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# C0 control characters that text never holds (tab, line breaks, form feed and escape are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_ASCII = re.compile(r"[\t\n\r -~]")


@dataclass(frozen=True, slots=True)
class NotText:
    """Why a file cannot be read as text, and where."""

    reason: str  # follows the file's name: "is a binary file, not text"
    binary: bool  # True: not text at all; False: text whose encoding is not accepted at ``offset``
    line: int = 1
    column: int = 1
    offset: int | None = None

    def message(self, path: str) -> str:
        return f"{path} {self.reason}"


class NotTextError(Exception):
    def __init__(self, problem: NotText) -> None:
        super().__init__(problem.reason)
        self.problem = problem


def sniff(head: bytes) -> tuple[str, str] | NotText:
    """The codec and label ("UTF-8", ...) of a file from its first bytes, or why it is not text."""
    codec, label, bom = "utf-8", "UTF-8", False
    for mark, name, shown in _BOMS:
        if head.startswith(mark):
            codec, label, bom = name, shown, True
            break
    if not bom and b"\x00" in head:
        return NotText("is a binary file, not text", True)
    # Only the look of the text matters here; undecodable bytes are located precisely when read.
    decoded = codecs.getincrementaldecoder(codec)("replace").decode(head, False)
    # COPY data may hold a few raw control characters (only \b \f \n \r \t \v are escaped); garbage is full of them.
    controls = len(_CONTROL.findall(decoded))
    looks_binary = "\x00" in decoded or controls * 3 > len(decoded)
    # Every SQL, YAML or JSON file holds ASCII (spaces, punctuation, keywords); a UTF-16 mark followed by
    # anything else is a file that only starts like UTF-16.
    if bom and label != "UTF-8" and len(decoded) >= 4 and _ASCII.search(decoded) is None:
        looks_binary = True
    if looks_binary:
        if bom and label != "UTF-8":
            return NotText(f"starts with a {label} byte-order mark but is not {label} text", True)
        return NotText("is a binary file, not text", True)
    return codec, label


def _undecodable(reason_label: str, byte: int, offset: int, line: int, column: int) -> NotText:
    return NotText(f"is not {reason_label} text (byte 0x{byte:02x} at offset {offset})", False, line, column, offset)


def decode(data: bytes) -> str | NotText:
    """A whole file's text, or why it is not text."""
    found = sniff(data[:SNIFF_BYTES])
    if isinstance(found, NotText):
        return found
    codec, label = found
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        prefix = data[: error.start].decode(codec, "replace")
        line = prefix.count("\n") + 1
        column = len(prefix) - prefix.rfind("\n")
        return _undecodable(label, data[error.start], error.start, line, column)


def locate_error(path: Path, codec: str, label: str) -> NotText | None:
    """Where the first undecodable byte of a file is, read again in bounded memory; None if none is."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    offset, line, column = 0, 1, 1
    with path.open("rb") as raw:
        while chunk := raw.read(_CHUNK):
            pending, flag = decoder.getstate()
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as error:
                data = pending + chunk
                decoder.setstate((b"", flag))
                text = decoder.decode(data[: error.start])
                line, column = _advance(text, line, column)
                return _undecodable(label, data[error.start], offset - len(pending) + error.start, line, column)
            line, column = _advance(text, line, column)
            offset += len(chunk)
    return None


def _advance(text: str, line: int, column: int) -> tuple[int, int]:
    breaks = text.count("\n")
    if breaks:
        return line + breaks, len(text) - text.rfind("\n")
    return line, column + len(text)


def text_lines(path: Path, errors: str = "strict") -> Iterator[str]:
    """Stream a file's lines (line ends kept, as ``open(newline="")`` gives them) in bounded memory.

    Raises NotTextError before the first line when the file is not text, and, with ``errors="strict"``,
    at the first undecodable byte, naming its offset and line. Raises OSError when it cannot be read.
    """
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
    found = sniff(head)
    if isinstance(found, NotText):
        raise NotTextError(found)
    codec, label = found
    with path.open(encoding=codec, errors=errors, newline="") as handle:
        try:
            yield from handle
        except UnicodeDecodeError:
            problem = locate_error(path, codec, label)
            if problem is None:  # the file changed under us; say what the decoder said
                problem = NotText(f"is not {label} text", False)
            raise NotTextError(problem) from None
