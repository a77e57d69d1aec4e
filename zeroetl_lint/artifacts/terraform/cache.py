"""What the Terraform adapter keeps between runs in the user's cache directory: parsed files, the parse tables.

A file read again unchanged (the usual case for a pre-commit hook or a CI rerun) is taken from
here, so lark is not even imported. One entry per file path holds its text and its syntax tree;
an entry is used only when the text is the same and the adapter's reading code is the same
(its source is part of the key), is written under a temporary name and renamed, and anything
unreadable in it is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

from zeroetl_lint.artifacts.terraform.syntax import TfFile

# The modules whose code decides what a parsed file looks like.
_READERS = ("syntax.py", "hcl.py", "tfjson.py")


def cache_directory() -> Path:
    """Where zeroetl-lint keeps what it can rebuild: the platform's user cache directory."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zeroetl-lint"


@cache
def _salt() -> bytes:
    """The reading code and the parser's version: a change to either makes every entry stale."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(sys.version.encode())
    try:
        digest.update(version("python-hcl2").encode())
    except PackageNotFoundError:
        pass
    here = Path(__file__).parent
    for name in _READERS:
        digest.update((here / name).read_bytes())
    return digest.digest()


def parsed(path: str, text: str, parse: Callable[[str, str], TfFile]) -> TfFile:
    """parse(path, text), or the tree kept from an earlier run of the same text; errors propagate uncached."""
    entry = cache_directory() / "parsed" / hashlib.sha256(_salt() + path.encode("utf-8", "surrogatepass")).hexdigest()
    try:
        kept = pickle.loads(entry.read_bytes())
        if isinstance(kept, TfFile) and kept.path == path and kept.text == text:
            return kept
    except Exception:  # missing, damaged or from other code: parse again
        pass
    tree = parse(path, text)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        scratch = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        scratch.write_bytes(pickle.dumps(tree, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(scratch, entry)
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # no cache: the next run parses again
    return tree
