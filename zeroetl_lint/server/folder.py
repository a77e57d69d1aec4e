"""Lint one workspace folder as `check` would (its config, paths, schemas, exclude), open buffers taking the place of files."""

from __future__ import annotations

import errno
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from lsprotocol import types
from pygls.workspace import PositionCodec

from zeroetl_lint.artifacts.load import InputCache
from zeroetl_lint.artifacts.postgres.url import is_database_url
from zeroetl_lint.errors import UsageError
from zeroetl_lint.findings import Finding
from zeroetl_lint.server.diagnostics import config_diagnostic, placer, settings_diagnostic, to_diagnostic, uri_of
from zeroetl_lint.server.texts import FileTexts, LineCache


@dataclass(frozen=True, slots=True)
class Shown:
    """A finding and the diagnostic it was published as."""

    finding: Finding | None  # None for a problem with the config file
    diagnostic: types.Diagnostic


@dataclass(frozen=True)
class FolderResult:
    """One lint of a folder: what to publish per URI, and lines for the client's log."""

    root: Path
    by_uri: Mapping[str, tuple[Shown, ...]] = field(default_factory=dict)
    log: tuple[str, ...] = ()


def config_root(start: Path) -> Path:
    """The folder a lone file belongs to: its config file's directory, else its own directory."""
    from zeroetl_lint.config import find_config

    found = find_config(start)
    return found.parent if found is not None else start


@dataclass(frozen=True)
class FolderCache:
    """What a folder's lints keep for the next one: the engine's per-file work and the lines of the files shown."""

    inputs: InputCache = field(default_factory=InputCache)
    lines: LineCache = field(default_factory=LineCache)


def lint_folder(root: Path, overlay: Mapping[str, str], codec: PositionCodec,
                cache: FolderCache | None = None) -> FolderResult:
    """Lint the deployment in root; runs in the server's single worker thread.

    ``cache`` keeps the folder's per-file work between lints: an edit re-does only its own file's work.

    A bad config, or a path it names that does not exist, becomes a diagnostic on the config file;
    a root that is not a directory raises FileNotFoundError.
    """
    from zeroetl_lint.artifacts.files.root import Root
    from zeroetl_lint.config import find_config
    from zeroetl_lint.engine import lint
    from zeroetl_lint.settings import lint_options, merge

    if not root.is_dir():
        # A folder that is gone (or is no directory) cannot be linted: the lint fails, and the server
        # keeps what it showed until the folder is back or removed from the workspace.
        raise FileNotFoundError(errno.ENOENT, "the workspace folder is not a directory", str(root))
    # Paths in findings and in the config are relative to root, as in `check` run there.
    base = Root.of(root)
    cache = cache if cache is not None else FolderCache()
    cache.lines.settle()  # the lines of the previous lint's files are the ones worth keeping
    texts = FileTexts(root, overlay, cache.lines)
    config_path = find_config(root)
    try:
        config = None
        if config_path is not None:
            from zeroetl_lint.config import load_config

            config = load_config(config_path, base)
        options = replace(lint_options(merge({}, config, base)), overlay=dict(overlay), root=str(base.directory))
        report = lint(options, cache=cache.inputs)
    except UsageError as error:
        if config_path is None:
            return FolderResult(root, {}, (f"zeroetl-lint: {root}: {error}",))
        diagnostic = config_diagnostic(str(error), texts.lines(config_path), codec)
        return FolderResult(root, {uri_of(texts, str(config_path)): (Shown(None, diagnostic),)})
    place = placer(texts, codec)
    by_uri: dict[str, list[Shown]] = {}
    log: list[str] = []
    for finding in report.findings:
        # A live database's findings (--schema DB=postgresql://... in the config) have no file: like the
        # findings about settings, they go on the config file that names the database.
        if finding.location.path is None or is_database_url(finding.location.path):
            if config_path is None or report.is_crash(finding):
                log.append(f"{finding.rule} {finding.message}")
                continue
            diagnostic = settings_diagnostic(finding, texts.lines(config_path), codec)
            by_uri.setdefault(uri_of(texts, str(config_path)), []).append(Shown(finding, diagnostic))
            continue
        diagnostic = to_diagnostic(finding, texts, codec, place)
        by_uri.setdefault(uri_of(texts, finding.location.path), []).append(Shown(finding, diagnostic))
    return FolderResult(root, {uri: tuple(shown) for uri, shown in by_uri.items()}, tuple(log))

