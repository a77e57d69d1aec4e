"""The directory a run's relative paths mean: the one place the process's current directory changes."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Relative paths (given ones, a config file's, those findings show) resolve against the current
# directory everywhere below; a run in another directory holds this lock for as long as it is there,
# so two runs never interleave, and a run nested in one of its own (reentrant) stays put.
_MOVED = threading.RLock()


@contextmanager
def working_directory(root: str | os.PathLike[str] | None) -> Iterator[None]:
    """While the block runs, relative paths mean paths below root (None: where the process already is)."""
    if root is None:
        yield
        return
    with _MOVED:
        previous = os.getcwd()
        os.chdir(root)
        try:
            yield
        finally:
            os.chdir(previous)
