"""What the Terraform adapter keeps between runs in the user's cache directory: parsed files, the parse tables.

A file read again unchanged (the usual case for a pre-commit hook or a CI rerun) is taken from
here, so lark is not even imported. One entry per file path holds its text and its syntax tree;
an entry is used only when the text is the same and the adapter's reading code is the same
(its source is part of the key), is written under a temporary name and renamed, and anything
unreadable in it is ignored and rewritten. A run with `--no-cache` (`cache = false`) neither reads
nor writes anything here: `disk_cache(False)` holds for the Terraform reading of that run (a
context variable, so a language server's concurrent runs each keep their own setting).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from zeroetl_lint.artifacts.terraform.syntax import TfFile

# The modules whose code decides what a parsed file looks like.
_READERS = ("syntax.py", "hcl.py", "tfjson.py")
_ENABLED: ContextVar[bool] = ContextVar("zeroetl_lint_terraform_disk_cache", default=True)


@contextmanager
def disk_cache(enabled: bool) -> Iterator[None]:
    """Within this block, the cache directory is used (True) or neither read nor written (False)."""
    token = _ENABLED.set(enabled)
    try:
        yield
    finally:
        _ENABLED.reset(token)


def disk_cache_enabled() -> bool:
    return _ENABLED.get()


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
def hcl2_directory() -> Path:
    """Where python-hcl2's files are, found without importing the package."""
    spec = importlib.util.find_spec("hcl2")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("python-hcl2 is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def parser_files() -> list[Path]:
    """The files that decide how python-hcl2's parser parses (its grammar, its post-lexer, lark's
    version), found without importing either package: reading them costs far less than importing."""
    lark = importlib.util.find_spec("lark")
    return [hcl2_directory() / "hcl2.lark", hcl2_directory() / "postlexer.py",
            *([Path(lark.origin)] if lark is not None and lark.origin else [])]


@cache
def _salt() -> bytes:
    """The reading code and the parser: a change to either makes every entry stale."""
    digest = hashlib.sha256(sys.version.encode())
    here = Path(__file__).parent
    for path in (*parser_files(), *(here / name for name in _READERS)):
        digest.update(path.read_bytes())
    return digest.digest()


def parsed(path: str, text: str, parse: Callable[[str, str], TfFile]) -> TfFile:
    """parse(path, text), or the tree kept from an earlier run of the same text; errors propagate uncached."""
    if not disk_cache_enabled():
        return parse(path, text)
    entry = cache_directory() / "parsed" / hashlib.sha256(_salt() + path.encode("utf-8", "surrogatepass")).hexdigest()
    # The entry starts with the digest of the text it was parsed from, so the tree of a changed
    # file is not even unpickled.
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    try:
        data = memoryview(entry.read_bytes())
        if data[:len(digest)] == digest:
            kept = pickle.loads(data[len(digest):])
            if isinstance(kept, TfFile) and kept.path == path and kept.text == text:
                return kept
    except Exception:  # missing, damaged or from other code: parse again
        pass
    tree = parse(path, text)
    try:
        write_atomically(entry, digest + pickle.dumps(tree, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # no cache: the next run parses again
    return tree


def write_atomically(target: Path, data: bytes) -> None:
    """Write under a temporary name and rename, so a reader never sees a partly written file."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    scratch = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        scratch.write_bytes(data)
        os.replace(scratch, target)
    finally:
        scratch.unlink(missing_ok=True)
