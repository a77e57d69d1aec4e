"""Open only regular files: a FIFO, socket or device among the inputs must never block or flood a run."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


class NotRegularFile(OSError):
    """Raised for a path that is not a regular file; an OSError, so every `cannot read` handler reports it."""

    def __init__(self, path: Path | str, kind: str) -> None:
        super().__init__(errno.EINVAL, f"it is {kind}, not a regular file", str(path))


def kind_of(mode: int) -> str | None:
    """What a file with this st_mode is when it is not a regular file ("a named pipe (FIFO)"), else None."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def open_regular(path: Path | str) -> BinaryIO:
    """Open a file for reading in binary mode, refusing anything but a regular file.

    The file is opened with O_NONBLOCK, so opening a FIFO with no writer returns at once, and its
    type is checked on the open descriptor, so a file swapped for a FIFO after a check is caught too.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)
    try:
        kind = kind_of(os.fstat(descriptor).st_mode)
        if kind is not None:
            raise NotRegularFile(path, kind)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_bytes(path: Path | str) -> bytes:
    """A regular file's bytes; NotRegularFile (an OSError) for FIFOs, sockets, devices and directories."""
    with open_regular(path) as handle:
        return handle.read()


def read_text(path: Path | str) -> str:
    """A regular file's UTF-8 text; UnicodeDecodeError when it is not UTF-8, OSError when unreadable."""
    return read_bytes(path).decode("utf-8")


def not_utf8(error: UnicodeDecodeError) -> str:
    """The end of a one-line message about a file that is not UTF-8: "is not UTF-8 text (byte 0xff at offset 3)"."""
    return f"is not UTF-8 text (byte 0x{error.object[error.start]:02x} at offset {error.start})"
