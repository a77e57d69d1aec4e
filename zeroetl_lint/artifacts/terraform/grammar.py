"""python-hcl2's lark parser, its parse tables cached once per machine in the user's cache directory.

python-hcl2 caches the tables next to its own files, which fails silently where site-packages is
read-only; building them takes seconds on every run then. lark writes the file and checks the
grammar's hash in it on load: a stale, partly written or damaged file is rebuilt, never trusted.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

from zeroetl_lint.artifacts.terraform.cache import cache_directory


@functools.lru_cache(maxsize=1)
def parser() -> Any:
    """The lark parser python-hcl2 builds (its grammar and post-lexer), from the cache when it is there."""
    from hcl2.parser import PARSER_FILE
    from hcl2.postlexer import PostLexer
    from lark import Lark, __version__

    grammar = str(PARSER_FILE.parent / "hcl2.lark")
    options: dict[str, Any] = {"parser": "lalr", "propagate_positions": True, "postlex": PostLexer()}
    directory = cache_directory()
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return Lark.open(grammar, **options)  # no cache directory: build the tables every run
    # One file per lark and Python version, whose formats may differ.
    target = directory / f"hcl2-lark-{__version__}-py{sys.version_info[0]}{sys.version_info[1]}.bin"
    return Lark.open(grammar, cache=str(target), **options)
