"""Helpers for the language-server tests: the server command, a workspace, waiting for diagnostics, applying edits."""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed"
# Only a guard against a hung server; nothing here measures speed.
PATIENCE = 60.0


def server_command(*extra: str) -> list[str]:
    """`zeroetl-lint server`, as installed next to the interpreter running the tests."""
    script = Path(sys.executable).with_name("zeroetl-lint")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "zeroetl_lint"]
    return [*base, "server", *extra]


def make_workspace(root: Path) -> Path:
    """A copy of the bundled example deployment (three stacks), which lints clean."""
    shutil.copytree(SEED, root)
    return root


async def start(client: LanguageClient, root: Path, capabilities: str = "visual-studio-code") -> None:
    from pytest_lsp import client_capabilities

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def registered(params: types.RegistrationParams) -> None:
        """Accept the server's file watchers; the tests report file changes themselves."""

    await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(capabilities),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(root.as_uri(), root.name)],
    ))


def codes(client: LanguageClient, uri: str) -> list[str]:
    return [str(d.code) for d in client.diagnostics.get(uri, ())]


async def wait_for(client: LanguageClient, condition: Callable[[], bool]) -> None:
    """Wait until condition holds, re-checking after every publishDiagnostics (checked first: it may hold already)."""

    async def loop() -> None:
        while not condition():
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(loop(), PATIENCE)


class Buffers:
    """The documents a test client has open, with versions that increase with every change."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.as_uri()
        self.versions[uri] = 1
        self.texts[uri] = path.read_text("utf-8") if text is None else text
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri, "yaml", 1, self.texts[uri])))
        return uri

    def change(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        self.texts[uri] = text
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=self.versions[uri], uri=uri),
            [types.TextDocumentContentChangeWholeDocument(text)]))

    def close(self, uri: str) -> None:
        self.versions.pop(uri)
        self.texts.pop(uri)
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))


def apply_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    """The text after LSP edits, positions in UTF-16 code units as the client negotiated."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[:position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = line.encode("utf-16-le")[: position.character * 2].decode("utf-16-le")
        return before + len(units)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


def notify_changed(client: LanguageClient, path: Path, kind: types.FileChangeType) -> None:
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([types.FileEvent(path.as_uri(), kind)]))
