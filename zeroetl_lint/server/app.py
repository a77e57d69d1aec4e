"""The pygls server: document sync and watched files in, per-folder lints out, hover and code actions on top."""

from __future__ import annotations

import asyncio
import gc
import traceback
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from zeroetl_lint import __version__
from zeroetl_lint.server.actions import KINDS, code_actions
from zeroetl_lint.server.folder import FolderCache, FolderResult, Shown, config_root, lint_folder
from zeroetl_lint.server.hover import hover
from zeroetl_lint.server.scheduler import Scheduler
from zeroetl_lint.server.texts import FileTexts
from zeroetl_lint.config import CONFIG_FILE, PYPROJECT

_INPUTS = (".yaml", ".yml", ".json", ".template", ".sql", ".filter")
_WATCHED = ("**/*.{yaml,yml,json,template,sql,filter}", f"**/{PYPROJECT}", f"**/{CONFIG_FILE}", "**/.gitignore")


class ZeroEtlServer(LanguageServer):
    """A language server that lints every workspace folder as one zero-ETL deployment."""

    def __init__(self, debounce: float) -> None:
        super().__init__("zeroetl-lint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.debounce = debounce
        self.results: dict[Path, FolderResult] = {}
        # The diagnostics last sent to each folder's URIs that have some, so that a lint sends only changes.
        self.published: dict[Path, dict[str, list[types.Diagnostic]]] = {}
        self.opened: set[str] = set()  # documents opened since their last publish: they get one, changed or not
        self.lone_roots: set[Path] = set()  # folders of files opened outside every workspace folder
        self.caches: dict[Path, FolderCache] = {}  # per-file work of each folder's last lint, used by the worker only
        self.scheduler: Scheduler[Path, dict[str, str], FolderResult] | None = None

    # --- folders and buffers --------------------------------------------------------------

    def roots(self) -> list[Path]:
        found = [Path(to_fs_path(folder.uri) or folder.uri) for folder in self.workspace.folders.values()]
        if not found and self.workspace.root_path:
            found = [Path(self.workspace.root_path)]
        return sorted({*found, *self.lone_roots})

    def root_of(self, uri: str) -> Path | None:
        """The folder whose deployment a file belongs to: the innermost workspace folder holding it."""
        path = to_fs_path(uri)
        if path is None:
            return None
        file = Path(path)
        holding = [root for root in self.roots() if root == file or root in file.parents]
        if holding:
            return max(holding, key=lambda root: len(root.parts))
        root = config_root(file.parent)
        self.lone_roots.add(root)
        return root

    def buffers(self, root: Path) -> dict[str, str]:
        """The text of every open file document: the overlay of the next lint."""
        del root  # a buffer outside the folder is simply never read
        out = {}
        for uri, document in self.workspace.text_documents.items():
            path = to_fs_path(uri) if uri.startswith("file:") else None
            if path is not None:
                out[path] = document.source
        return out

    def shown(self, uri: str) -> tuple[Path | None, tuple[Shown, ...]]:
        for root, result in self.results.items():
            if uri in result.by_uri:
                return root, result.by_uri[uri]
        return self.root_of(uri), ()

    # --- linting and publishing -----------------------------------------------------------

    def lint(self, root: Path | None, delay: float | None = None) -> None:
        if root is not None and self.scheduler is not None:
            self.scheduler.request(root, delay)

    def lint_all(self, delay: float | None = None) -> None:
        for root in self.roots():
            self.lint(root, delay)

    def deliver(self, root: Path, result: FolderResult) -> None:
        """Publish the diagnostics that changed: every URI whose findings differ from those last sent,
        an empty list for one that had some (no stale diagnostics), and once to every document opened."""
        previous = self.published.get(root, {})
        current = {uri: [entry.diagnostic for entry in entries] for uri, entries in result.by_uri.items()}
        for uri in previous:
            current.setdefault(uri, [])
        for uri in self.opened:
            if self.root_of(uri) == root:
                current.setdefault(uri, [])
        for uri, diagnostics in sorted(current.items()):
            if uri in self.opened or previous.get(uri) != diagnostics:
                self._publish(uri, diagnostics)
        for line in result.log:
            self.log(line)
        self.results[root] = result
        # A URI that was cleared needs nothing more until it has findings again.
        self.published[root] = {uri: diagnostics for uri, diagnostics in current.items() if diagnostics}

    def failed(self, root: Path, error: BaseException) -> None:
        """A crash inside a lint: say so in the log, keep the diagnostics already shown."""
        detail = "".join(traceback.format_exception(error))
        self.log(f"zeroetl-lint: linting {root} failed; the previous diagnostics stay.\n{detail}",
                 types.MessageType.Error)

    def _publish(self, uri: str, diagnostics: list[types.Diagnostic]) -> None:
        self.opened.discard(uri)
        # No version: a lint of a folder spans several documents, each possibly edited since.
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, diagnostics))

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(kind, message))


def _work(server: ZeroEtlServer, root: Path, buffers: dict[str, str]) -> FolderResult:
    cache = server.caches.setdefault(root, FolderCache())
    # A lint allocates a large, mostly acyclic model; the cycle collector, set off again and again by
    # those allocations, would rescan the whole heap (the cached templates of every folder) each time,
    # which made a lint after an edit 1.5-2 times slower. It runs afterwards, over what the lint left.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return lint_folder(root, buffers, server.workspace.position_codec, cache)
    finally:
        if enabled:
            gc.enable()


def _warm() -> None:
    """Import the rules and load the rulebook on the worker, before the first edit needs them."""
    from zeroetl_lint.engine import all_rules
    from zeroetl_lint.rulebook import load_rulebook

    all_rules()
    load_rulebook()


def _is_config(path: str) -> bool:
    return Path(path).name in (PYPROJECT, CONFIG_FILE)


def create_server(debounce: float = 0.05) -> ZeroEtlServer:
    """The server with every feature registered; ``debounce`` is the quiet time in seconds before a lint."""
    server = ZeroEtlServer(debounce)

    @server.feature(types.INITIALIZED)
    def initialized(ls: ZeroEtlServer, params: types.InitializedParams) -> None:
        ls.scheduler = Scheduler(asyncio.get_running_loop(), ls.buffers, lambda root, buffers: _work(ls, root, buffers),
                                 ls.deliver, ls.failed, ls.debounce)
        ls.scheduler.warm(_warm)
        _watch(ls)
        ls.lint_all(delay=0)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: ZeroEtlServer, params: None) -> None:
        if ls.scheduler is not None:
            ls.scheduler.shutdown()  # pending lints are dropped; a running one ends on its own

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ZeroEtlServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.opened.add(params.text_document.uri)
        ls.lint(ls.root_of(params.text_document.uri))

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ZeroEtlServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.lint(ls.root_of(params.text_document.uri))

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ZeroEtlServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.opened.discard(params.text_document.uri)
        ls.lint(ls.root_of(params.text_document.uri))  # the file on disk counts again

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ZeroEtlServer, params: types.DidSaveTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri) or ""
        if _is_config(path):
            ls.lint_all()
        else:
            ls.lint(ls.root_of(params.text_document.uri))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: ZeroEtlServer, params: types.DidChangeWatchedFilesParams) -> None:
        paths = [to_fs_path(change.uri) or "" for change in params.changes]
        if any(_is_config(path) or Path(path).name == ".gitignore" for path in paths):
            ls.lint_all()  # settings changed: every folder below them re-reads them
            return
        for change, path in zip(params.changes, paths):
            if path.lower().endswith(_INPUTS) and change.uri not in ls.workspace.text_documents:
                ls.lint(ls.root_of(change.uri))

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def folders_changed(ls: ZeroEtlServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        for removed in params.event.removed:
            root = Path(to_fs_path(removed.uri) or removed.uri)
            for uri in ls.published.pop(root, {}):
                ls._publish(uri, [])
            ls.results.pop(root, None)
        ls.lint_all()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: ZeroEtlServer, params: types.HoverParams) -> types.Hover | None:
        return hover(ls.shown(params.text_document.uri)[1], params.position)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=list(KINDS), resolve_provider=False))
    def on_code_action(ls: ZeroEtlServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        root, entries = ls.shown(params.text_document.uri)
        if root is None or not entries:
            return None
        texts = FileTexts(root, ls.buffers(root))
        return code_actions(entries, params.range, params.context.only, texts, ls.workspace.position_codec) or None

    return server


def _watch(ls: ZeroEtlServer) -> None:
    """Ask the client to report changes to inputs and config files, when it can watch files for us."""
    capability = ls.client_capabilities.workspace
    watching = capability.did_change_watched_files if capability is not None else None
    if watching is None or not watching.dynamic_registration:
        return
    options = types.DidChangeWatchedFilesRegistrationOptions([types.FileSystemWatcher(glob) for glob in _WATCHED])
    registration = types.Registration("zeroetl-lint-watched-files", types.WORKSPACE_DID_CHANGE_WATCHED_FILES, options)

    def registered(future: asyncio.Future[None]) -> None:
        if future.exception() is not None:
            ls.log(f"zeroetl-lint: the client did not accept file watching: {future.exception()}")

    request = ls.client_register_capability_async(types.RegistrationParams([registration]))
    asyncio.ensure_future(request).add_done_callback(registered)
