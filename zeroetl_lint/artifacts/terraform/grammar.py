"""python-hcl2's lark parser, kept whole in the user's cache directory so that a run loads it in one step.

Building the parser from python-hcl2's grammar takes seconds, and even lark's own cache of the
tables costs about 0.2 s to load, since lark rebuilds every table entry in Python. So the parser
object itself is pickled once per machine (loaded by the C unpickler), keyed by
everything that decides how it parses: the grammar and post-lexer files, lark's and Python's
versions and this module. The hcl2 package itself is never imported (its serialiser, transformer
and the `regex` module would cost another 50 ms): the grammar and post-lexer are read from its
files. A missing, stale or damaged file is rebuilt, never trusted. Without the disk cache
(`--no-cache`) the parser is built from the grammar in memory, which takes a few seconds.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import io
import pickle
import sys
import types
from pathlib import Path
from typing import Any

from zeroetl_lint.artifacts.terraform.cache import (
    cache_directory,
    disk_cache_enabled,
    hcl2_directory,
    parser_files,
    write_atomically,
)

@functools.cache
def parser_key() -> str:
    """A digest of what decides how the parser parses and how it is pickled: Python, the parser's files, this module."""
    digest = hashlib.sha256(sys.version.encode())
    for path in (*parser_files(), Path(__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def _postlexer_module() -> types.ModuleType:
    """python-hcl2's postlexer module, run from its file: importing hcl2.postlexer would run the whole hcl2 package."""
    loaded = sys.modules.get("hcl2.postlexer")
    if loaded is not None:
        return loaded
    spec = importlib.util.spec_from_file_location("_zeroetl_lint_hcl2_postlexer", hcl2_directory() / "postlexer.py")
    if spec is None or spec.loader is None:
        raise ImportError("python-hcl2's postlexer.py cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def postlexer() -> Any:
    """python-hcl2's PostLexer, the pass between lark's lexer and parser that its grammar needs."""
    return _postlexer_module().PostLexer()


def _import_lark() -> None:
    """Import lark without the third-party `regex` module, which lark loads only to offer it as an
    option that python-hcl2's grammar does not use (about 20 ms)."""
    if "lark" in sys.modules or "regex" in sys.modules:
        importlib.import_module("lark")
        return
    sys.modules["regex"] = None  # type: ignore[assignment]  # makes `import regex` fail fast
    try:
        importlib.import_module("lark")
    finally:
        del sys.modules["regex"]


# The parser once made, whichever way: it holds nothing of the files it parsed, so it serves every
# later run of the process (a language server's too).
_made: list[Any] = []


def parser() -> Any:
    """The lark parser for python-hcl2's grammar (with its post-lexer), from the cache when it is there."""
    if not _made:
        _made.append(_from_cache() if disk_cache_enabled() else _build(None))
    return _made[0]


def _from_cache() -> Any:
    _import_lark()
    directory = cache_directory()
    target = directory / f"hcl2-parser-{parser_key()[:24]}.pickle"
    try:
        kept = pickle.loads(target.read_bytes())
        if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == parser_key():
            return kept[1]
    except Exception:  # missing, partly written or from other code: build it again
        pass
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return _build(None)  # no cache directory: build the tables every run
    built = _build(directory)
    try:
        write_atomically(target, _dumps((parser_key(), built)))
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        pass  # no cache: the next run builds it again, from lark's cache of the tables
    return built


def _build(directory: Path | None) -> Any:
    """Built from the grammar; with a directory, lark keeps its tables there (the fallback when the
    parser cannot be pickled), one file per lark and Python version."""
    _import_lark()
    from lark import Lark, __version__

    options: dict[str, Any] = {"parser": "lalr", "propagate_positions": True, "postlex": postlexer()}
    if directory is not None:
        options["cache"] = str(directory / f"hcl2-lark-{__version__}-py{sys.version_info[0]}{sys.version_info[1]}.bin")
    return Lark.open(str(hcl2_directory() / "hcl2.lark"), **options)


def _dumps(value: Any) -> bytes:
    from lark.parsers import lalr_analysis

    # lark tells a shift from a reduce by identity (`action is Shift`), so the two actions must load
    # as lark's own objects, not as copies; modules (lark keeps `re`) load as imports; the post-lexer
    # loads through postlexer() above, as its module cannot be imported by name.
    singletons = {id(lalr_analysis.Shift): "Shift", id(lalr_analysis.Reduce): "Reduce"}
    postlex_type = _postlexer_module().PostLexer

    class Pickler(pickle.Pickler):
        def reducer_override(self, obj: Any) -> Any:
            if isinstance(obj, types.ModuleType):
                return importlib.import_module, (obj.__name__,)
            if id(obj) in singletons:
                return getattr, (lalr_analysis, singletons[id(obj)])
            if type(obj) is postlex_type:
                return postlexer, ()
            return NotImplemented

    buffer = io.BytesIO()
    Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()

