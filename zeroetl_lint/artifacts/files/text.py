"""One decoding policy for every input file, whole (templates, filters) or streamed (SQL dumps).

A run may also carry an overlay: texts that take the place of some files (an editor's unsaved buffers);
every read below honours it, so the loaders need not know where their text comes from.

A file is text when it is UTF-8 (a byte-order mark is allowed), or UTF-16/UTF-32 with a byte-order mark
(what PowerShell's ``>`` writes). Anything else is reported, never guessed at: a file that does not look
like text at all (NUL bytes, mostly control characters) is binary, and bytes that do not decode are named
with their byte offset and line.
"""

from __future__ import annotations

import codecs
import io
import re
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from zeroetl_lint.artifacts.files.regular import open_regular
from zeroetl_lint.artifacts.files.resolve import RealPaths

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


class Overlay:
    """Texts read instead of files, by resolved path; a lookup resolves each directory once (per run)."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = {Path(path).resolve(): text for path, text in texts.items()}
        self._names = {path.name for path in self.texts}
        self._paths = RealPaths()

    def get(self, path: Path) -> str | None:
        """The text given for the file at path (however the path is spelled), or None."""
        if not self.texts:
            return None
        if path.name not in self._names and not path.is_symlink():
            return None  # resolving keeps the name of a file that is not a link: it is no buffer
        return self.texts.get(self._paths.resolve(path))


# The run's overlay; a context variable, so that lints in other threads (a language server's worker)
# never see each other's buffers.
_OVERLAY: ContextVar[Overlay] = ContextVar("zeroetl_lint_overlay", default=Overlay({}))


@contextmanager
def overlaid(texts: Mapping[str, str]) -> Iterator[None]:
    """While the block runs, reading any of these files (absolute paths) gives the text given for it."""
    token = _OVERLAY.set(Overlay(texts))
    try:
        yield
    finally:
        _OVERLAY.reset(token)


def overlay_text(path: Path) -> str | None:
    """The text the current run reads instead of the file at path, or None to read the file."""
    return _OVERLAY.get().get(path)


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
    with open_regular(path) as raw:
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


def text_lines(path: Path, errors: str = "strict") -> TextLines | io.StringIO:
    """Stream a file's lines (line ends kept, as ``open(newline="")`` gives them) in bounded memory.

    Raises NotTextError before the first line when the file is not text, and, with ``errors="strict"``,
    at the first undecodable byte, naming its offset and line. Raises OSError when it cannot be read.
    """
    text = overlay_text(path)
    if text is not None:
        return io.StringIO(text, newline="")  # an editor's buffer: its lines (COPY data is read line by line)
    with open_regular(path) as raw:
        head = raw.read(SNIFF_BYTES)
    found = sniff(head)
    if isinstance(found, NotText):
        raise NotTextError(found)
    return TextLines(path, *found, errors)


# Bytes one step of skip_copy_data reads: enough for the search to run in C, little enough to keep
# memory low.
_SKIP_CHUNK = 1 << 20
_TERMINATOR = b"\\."


class TextLines:
    """A file's lines as reading it opened with ``newline=""`` gives them; COPY data can be skipped in chunks.

    After the line that starts a ``COPY ... FROM stdin`` data block, ``skip_copy_data()`` consumes the
    data up to and including its ``\\.`` line by searching the raw bytes a chunk at a time (still
    decoding them, so a byte that is not UTF-8 is reported as anywhere else) instead of making a string
    of every row; reading then goes on with the line after it. Memory stays bounded by the chunk size.
    """

    def __init__(self, path: Path, codec: str, label: str, errors: str) -> None:
        self._path, self._codec, self._label, self._errors = path, codec, label, errors
        # UTF-8 (with or without a byte-order mark) is split into lines as bytes, which lets
        # skip_copy_data know the byte offset of every line start; other codecs go through the
        # text layer and skip line by line.
        self._bytes = codec in ("utf-8", "utf-8-sig")
        self._pending: deque[str] = deque()  # the rest of a byte line that held bare \r line ends
        if self._bytes:
            self._raw = open_regular(path)
            if codec == "utf-8-sig" and self._raw.read(len(codecs.BOM_UTF8)) != codecs.BOM_UTF8:
                self._raw.seek(0)
            self._lines = self._byte_lines()
        else:
            self._lines = self._text_lines()

    def __iter__(self) -> Iterator[str]:
        return self._lines

    def __next__(self) -> str:
        return next(self._lines)

    def _text_lines(self) -> Iterator[str]:
        try:
            with io.TextIOWrapper(open_regular(self._path), encoding=self._codec, errors=self._errors,
                                  newline="") as handle:
                yield from handle
        except UnicodeDecodeError:
            raise self._not_text() from None

    def _byte_lines(self) -> Iterator[str]:
        errors, pending = self._errors, self._pending
        try:
            with self._raw as raw:
                for data in raw:
                    if b"\r" not in data:
                        yield data.decode("utf-8", errors)
                        continue
                    # A bare \r ends a line too (universal newlines); \r\n only ends this one.
                    *pieces, last = data.split(b"\r")
                    lines = [piece + b"\r" for piece in pieces]
                    if last == b"\n":
                        lines[-1] += last
                    elif last:
                        lines.append(last)
                    pending.extend(line.decode("utf-8", errors) for line in lines)
                    while pending:
                        yield pending.popleft()
        except UnicodeDecodeError:
            raise self._not_text() from None

    def _not_text(self) -> NotTextError:
        problem = locate_error(self._path, self._codec, self._label)
        if problem is None:  # the file changed under us; say what the decoder said
            problem = NotText(f"is not {self._label} text", False)
        return NotTextError(problem)

    def skip_copy_data(self) -> tuple[int, bool] | None:
        """Consume the lines up to and including the next line that is exactly ``\\.``.

        Returns how many lines that was, and whether the ``\\.`` line came (False: the file ended
        first, and every line left was consumed); None when the caller must read the lines itself
        (a UTF-16/32 file, or one that cannot seek).
        """
        if not self._bytes or not self._raw.seekable():
            return None
        lines = 0
        while self._pending:  # lines of a byte line split at bare \r come first
            lines += 1
            if self._pending.popleft().rstrip("\r\n") == "\\.":
                return lines, True
        try:
            skipped, terminated = self._skip()
        except UnicodeDecodeError:
            raise self._not_text() from None
        return lines + skipped, terminated

    def _skip(self) -> tuple[int, bool]:
        raw = self._raw
        offset = raw.tell()  # a line start: the line before it has been given
        validate = _validator() if self._errors == "strict" else None
        lines = 0
        buffer = b""  # unsearched bytes at offset; they start at a line start unless mid_line
        mid_line = False  # inside a line too long to be the terminator: skip to its end first
        cr_ended = False  # the previous chunk ended in \r, so a \n that starts this one ends no line
        while True:
            chunk = raw.read(_SKIP_CHUNK)
            if not chunk:
                if validate is not None:
                    validate(b"", True)  # a character cut off by the end of the file
                raw.seek(offset + len(buffer))
                if buffer == _TERMINATOR:
                    return lines + 1, True  # the last line, without a line end
                return lines + (1 if buffer or mid_line else 0), False
            if cr_ended and chunk[:1] == b"\n":
                chunk, offset = chunk[1:], offset + 1
                if validate is not None:
                    validate(b"\n")
            cr_ended = chunk.endswith(b"\r")
            carried = len(buffer)
            buffer += chunk
            if mid_line:
                end = _first_line_end(buffer)
                if end < 0:
                    if validate is not None:
                        validate(chunk)
                    offset, buffer = offset + len(buffer), b""
                    continue
                if validate is not None:
                    validate(buffer[:end])
                lines += 1
                offset, buffer, mid_line = offset + end, buffer[end:], False
                carried, chunk = 0, buffer
            bare_cr = b"\r" in buffer  # rare: then \r and \r\n end lines too
            found = _find_terminator(buffer, bare_cr)
            if found is not None:
                start, end = found
                if end == len(buffer) and buffer.endswith(b"\r") and raw.read(1) == b"\n":
                    end += 1  # \r\n is one line end, even across a chunk border
                if validate is not None:
                    validate(buffer[carried:end], True)
                raw.seek(offset + end)
                return lines + _line_ends(buffer, start, bare_cr) + 1, True
            if validate is not None:
                validate(chunk)
            last_end = (max(buffer.rfind(b"\n"), buffer.rfind(b"\r")) if bare_cr else buffer.rfind(b"\n")) + 1
            lines += _line_ends(buffer, last_end, bare_cr)
            tail = buffer[last_end:]
            # Only a tail that may still become the terminator line is searched again.
            keep = tail if _TERMINATOR.startswith(tail) else b""
            offset += len(buffer) - len(keep)
            buffer = keep
            mid_line = not keep and bool(tail)


# Validated in slices: decoding a whole chunk makes a string of megabytes each time, and the fresh
# memory for it costs more page faults than the decoding itself.
_DECODE_STEP = 1 << 15


def _validator() -> Callable[..., None]:
    """A function that decodes the UTF-8 bytes given to it in turn, raising UnicodeDecodeError on a bad one."""
    decode = codecs.getincrementaldecoder("utf-8")("strict").decode

    def validate(data: bytes, final: bool = False) -> None:
        view = memoryview(data)
        for start in range(0, len(data), _DECODE_STEP):
            decode(view[start : start + _DECODE_STEP])
        if final:
            decode(b"", True)

    return validate


def _line_ends(text: bytes, end: int, bare_cr: bool) -> int:
    """How many lines end in text[:end], counting \n, \r\n and \r each as one line end."""
    if not bare_cr:
        return text.count(b"\n", 0, end)
    return text.count(b"\n", 0, end) + text.count(b"\r", 0, end) - text.count(b"\r\n", 0, end)


def _first_line_end(text: bytes) -> int:
    """The index just after the first line end in text, or -1 (a \r at the very end counts)."""
    newline, carriage = text.find(b"\n"), text.find(b"\r")
    if carriage < 0:
        return -1 if newline < 0 else newline + 1
    if newline < 0 or carriage < newline:
        return carriage + 2 if text.startswith(b"\n", carriage + 1) else carriage + 1
    return newline + 1


def _find_terminator(buffer: bytes, bare_cr: bool) -> tuple[int, int] | None:
    """Where the first line that is exactly ``\\.`` starts and ends (after its line end) in buffer.

    Buffer starts at a line start. A candidate whose line end is not in buffer yet is left for the
    caller, which keeps that tail for the next chunk.
    """
    if not bare_cr:  # the common case: one selective search
        if buffer.startswith(b"\\.\n"):
            return 0, 3
        start = buffer.find(b"\n\\.\n")
        return None if start < 0 else (start + 1, start + 4)
    position = 0
    while (start := buffer.find(_TERMINATOR, position)) >= 0:
        after = start + 2
        if (start == 0 or buffer[start - 1] in b"\r\n") and after < len(buffer):
            following = buffer[after]
            if following == 0x0A:
                return start, after + 1
            if following == 0x0D:
                return start, after + 2 if buffer.startswith(b"\n", after + 1) else after + 1
        position = start + 1
    return None
