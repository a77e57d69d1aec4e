"""Where reports and baselines go: never onto an input or each other, and written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from zeroetl_lint.errors import UsageError


@dataclass(frozen=True, slots=True)
class Named:
    """A file the run reads or writes, with how the user named it ("--output-file report.json")."""

    label: str
    path: str


def _identity(path: str) -> tuple[object, ...]:
    """What makes two names the same file: device and inode when it exists (hard links, bind mounts),
    else the real path (symbolic links and `..` resolved), which is where a new file would be created."""
    real = os.path.realpath(path)
    try:
        status = os.stat(real)
    except OSError:
        return ("path", os.path.normcase(real))
    return ("inode", status.st_dev, status.st_ino)


def check_destinations(outputs: Iterable[Named], inputs: Iterable[Named]) -> None:
    """A UsageError when an output is an input of the run, or two outputs are the same file."""
    seen: dict[tuple[object, ...], Named] = {}
    for output in outputs:
        key = _identity(output.path)
        if key in seen:
            raise UsageError(f"{output.label} and {seen[key].label} are the same file; give each output its own file")
        if os.path.isdir(output.path):
            raise UsageError(f"{output.label} is a directory; give a file name")
        seen[key] = output
    if not seen:
        return
    for given in inputs:
        clash = seen.get(_identity(given.path))
        if clash is not None:
            raise UsageError(f"{clash.label} is {given.label}, an input of this run; "
                             "writing there would destroy it, so nothing was written: choose another file")


def write_whole(path: Path, text: str) -> None:
    """Write text to path through a temporary file in the same directory and rename it into place, so a
    failed write (a full disk, an interrupted run) leaves the old file intact."""
    target = Path(os.path.realpath(path))  # replace the file a link points at, not the link
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.chmod(temporary, _mode_for(target))
        except OSError:
            pass  # the mode is a courtesy; the content is what matters
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; a new one gets what open() would give it (0666 minus umask)."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
