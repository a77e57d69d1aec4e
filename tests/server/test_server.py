"""`zeroetl-lint server` end to end: a real LSP client (pytest-lsp) talks to the server subprocess over stdio.

One server serves the whole module (starting one costs about a second); each test leaves the workspace
and the open buffers as it found them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.server.lsp_helpers import Buffers, apply_edits, codes, make_workspace, notify_changed, server_command, start, wait_for

pytestmark = pytest.mark.asyncio(loop_scope="module")

BROKEN = ("rds.logical_replication: 1", "rds.logical_replication: 0")
CASE = ('ParameterKey: "enable_case_sensitive_identifier"\n          ParameterValue: "true"',
        'ParameterKey: "enable_case_sensitive_identifier"\n          ParameterValue: "false"')


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("lsp") / "deployment")


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=server_command()))
async def client(lsp_client: LanguageClient, workspace: Path):
    await start(lsp_client, workspace)
    yield
    await lsp_client.shutdown_session()


@pytest.fixture(scope="module")
def buffers(client: LanguageClient) -> Buffers:
    return Buffers(client)


def _aurora(workspace: Path) -> tuple[Path, str]:
    path = workspace / "aurora-postgresql.yaml"
    return path, path.read_text("utf-8")


async def test_unsaved_edit_yields_ze202_at_its_range_and_fixing_it_clears(client, buffers, workspace) -> None:
    path, good = _aurora(workspace)
    uri = buffers.open(path)
    await wait_for(client, lambda: uri in client.diagnostics)
    assert codes(client, uri) == []
    buffers.change(uri, good.replace(*BROKEN))
    await wait_for(client, lambda: "ZE202" in codes(client, uri))
    (diagnostic,) = client.diagnostics[uri]
    # Line 137, column 34 in the CLI's 1-based terms.
    assert diagnostic.range == types.Range(types.Position(136, 33), types.Position(136, 34))
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.source == "zeroetl-lint"
    assert diagnostic.code_description is not None and "ze202" in diagnostic.code_description.href.lower()
    assert diagnostic.message.startswith("rds.logical_replication is 0 in RDSDBClusterParameterGroup01")
    assert "\nhelp: Set rds.logical_replication to 1" in diagnostic.message
    assert path.read_text("utf-8") == good  # the buffer was linted, the file never touched
    buffers.change(uri, good)
    await wait_for(client, lambda: codes(client, uri) == [])
    buffers.close(uri)


async def test_breaking_the_workgroup_in_another_open_file_reports_ze304_there(client, buffers, workspace) -> None:
    aurora = buffers.open(workspace / "aurora-postgresql.yaml")
    redshift_path = workspace / "redshift-serverless.yaml"
    redshift = buffers.open(redshift_path)
    good = buffers.texts[redshift]
    assert CASE[0] in good
    buffers.change(redshift, good.replace(*CASE))
    await wait_for(client, lambda: "ZE304" in codes(client, redshift))
    assert codes(client, aurora) == []
    (diagnostic,) = [d for d in client.diagnostics[redshift] if d.code == "ZE304"]
    assert good.replace(*CASE).split("\n")[diagnostic.range.start.line].strip().startswith(("ParameterValue", "- ParameterKey"))
    buffers.change(redshift, good)
    await wait_for(client, lambda: codes(client, redshift) == [])
    buffers.close(redshift)
    buffers.close(aurora)


async def test_a_template_broken_only_on_disk_gets_diagnostics_while_another_file_is_open(client, buffers, workspace) -> None:
    path, good = _aurora(workspace)
    integration = buffers.open(workspace / "zero-etl-integration.yaml")
    path.write_text(good.replace(*BROKEN), "utf-8")
    try:
        notify_changed(client, path, types.FileChangeType.Changed)
        await wait_for(client, lambda: "ZE202" in codes(client, path.as_uri()))
        assert codes(client, integration) == []
    finally:
        path.write_text(good, "utf-8")
    notify_changed(client, path, types.FileChangeType.Changed)
    await wait_for(client, lambda: codes(client, path.as_uri()) == [])
    buffers.close(integration)


class _Recording(dict):  # type: ignore[type-arg]
    """client.diagnostics that also lists the URIs in the order publishDiagnostics reached them."""

    def __init__(self, shown: dict) -> None:  # type: ignore[type-arg]
        super().__init__(shown)
        self.sent: list[str] = []

    def __setitem__(self, uri: str, diagnostics: object) -> None:
        self.sent.append(uri)
        super().__setitem__(uri, diagnostics)


async def test_a_lint_sends_only_the_diagnostics_that_changed(client, buffers, workspace) -> None:
    path, good = _aurora(workspace)
    path.write_text(good.replace(*BROKEN), "utf-8")
    recording = client.diagnostics = _Recording(client.diagnostics)
    try:
        notify_changed(client, path, types.FileChangeType.Changed)
        await wait_for(client, lambda: "ZE202" in codes(client, path.as_uri()))
        redshift_path = workspace / "redshift-serverless.yaml"
        redshift = buffers.open(redshift_path)
        await wait_for(client, lambda: redshift in recording.sent)  # an opened document gets one, empty
        good_redshift = buffers.texts[redshift]
        buffers.change(redshift, good_redshift.replace(*CASE))
        await wait_for(client, lambda: "ZE304" in codes(client, redshift))
        buffers.change(redshift, good_redshift)
        await wait_for(client, lambda: codes(client, redshift) == [])
        # Three lints of the deployment; ZE202 stayed as it was, so it was sent once.
        assert recording.sent.count(path.as_uri()) == 1
        buffers.close(redshift)
    finally:
        path.write_text(good, "utf-8")
        client.diagnostics = dict(recording)
    notify_changed(client, path, types.FileChangeType.Changed)
    await wait_for(client, lambda: codes(client, path.as_uri()) == [])


async def test_hover_on_the_diagnostic_shows_the_rule_documentation(client, buffers, workspace) -> None:
    path, good = _aurora(workspace)
    uri = buffers.open(path, good.replace(*BROKEN))
    await wait_for(client, lambda: "ZE202" in codes(client, uri))
    shown = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(136, 33)))
    assert shown is not None and isinstance(shown.contents, types.MarkupContent)
    assert shown.contents.kind == types.MarkupKind.Markdown
    documented = subprocess.run(server_command()[:-1] + ["rule", "ZE202"], capture_output=True, text=True, check=True).stdout
    assert shown.contents.value == documented
    elsewhere = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 0)))
    assert elsewhere is None
    buffers.close(uri)
    await wait_for(client, lambda: codes(client, uri) == [])


async def test_applying_the_suppression_action_makes_the_diagnostic_disappear(client, buffers, workspace) -> None:
    path, good = _aurora(workspace)
    uri = buffers.open(path, good.replace(*BROKEN))
    await wait_for(client, lambda: "ZE202" in codes(client, uri))
    (diagnostic,) = client.diagnostics[uri]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), diagnostic.range, types.CodeActionContext([diagnostic])))
    titles = [action.title for action in actions or ()]
    assert "Suppress ZE202 for this line" in titles
    action = next(a for a in actions if a.title == "Suppress ZE202 for this line")
    assert action.kind == types.CodeActionKind.QuickFix and action.edit is not None and action.edit.changes is not None
    suppressed = apply_edits(buffers.texts[uri], action.edit.changes[uri])
    assert "rds.logical_replication: 0  # zeroetl-lint: ignore[ZE202]" in suppressed
    buffers.change(uri, suppressed)
    await wait_for(client, lambda: codes(client, uri) == [])  # no ZE202, and no ZE903 "suppresses nothing"
    buffers.close(uri)


async def test_a_config_change_relints_and_a_bad_config_is_a_diagnostic_on_it(client, buffers, workspace) -> None:
    path, good = _aurora(workspace)
    uri = buffers.open(path, good.replace(*BROKEN))
    await wait_for(client, lambda: "ZE202" in codes(client, uri))
    config = workspace / "pyproject.toml"
    config.write_text('[tool.zeroetl-lint]\nignore = ["ZE202"]\n', "utf-8")
    notify_changed(client, config, types.FileChangeType.Created)
    await wait_for(client, lambda: codes(client, uri) == [])
    config.write_text('[tool.zeroetl-lint]\nignore = ["ZE202"]\nselec = ["ZE2"]\n', "utf-8")
    notify_changed(client, config, types.FileChangeType.Changed)
    await wait_for(client, lambda: bool(client.diagnostics.get(config.as_uri())))
    (problem,) = client.diagnostics[config.as_uri()]
    assert "unknown key 'selec'" in problem.message and problem.range.start.line == 2
    assert problem.severity == types.DiagnosticSeverity.Error
    config.unlink()
    notify_changed(client, config, types.FileChangeType.Deleted)
    await wait_for(client, lambda: "ZE202" in codes(client, uri) and not client.diagnostics.get(config.as_uri()))
    buffers.close(uri)
    await wait_for(client, lambda: codes(client, uri) == [])


async def test_non_ascii_text_before_a_finding_gives_utf16_columns(client, buffers, workspace) -> None:
    path, good = _aurora(workspace)
    block = ("      Parameters:\n        rds.logical_replication: 1\n        aurora.logical_replication_backup: 0\n"
             "        aurora.logical_replication_globaldb: 0\n        aurora.enhanced_logical_replication: 1\n")
    assert block in good
    # ü and ï are one UTF-16 unit each, 😀 is two; the CLI puts the 0 at column 63 (code points).
    flow = ('      Parameters: {"aurora.ünï😀": 1, rds.logical_replication: 0, aurora.logical_replication_backup: 0, '
            "aurora.logical_replication_globaldb: 0, aurora.enhanced_logical_replication: 1}\n")
    uri = buffers.open(path, "# Ünïcødé before the finding: 😀\n" + good.replace(block, flow))
    await wait_for(client, lambda: "ZE202" in codes(client, uri))
    (diagnostic,) = [d for d in client.diagnostics[uri] if d.code == "ZE202"]
    assert diagnostic.range == types.Range(types.Position(136, 63), types.Position(136, 64))
    buffers.close(uri)
    await wait_for(client, lambda: codes(client, uri) == [])


async def test_bad_input_is_a_finding_and_the_server_keeps_serving(client, buffers, workspace) -> None:
    path, good = _aurora(workspace)
    uri = buffers.open(path, good + "\n  Broken: [unclosed\n")
    await wait_for(client, lambda: "ZE901" in codes(client, uri))
    buffers.change(uri, good.replace(*BROKEN))
    await wait_for(client, lambda: codes(client, uri) == ["ZE202"])
    buffers.close(uri)
    await wait_for(client, lambda: codes(client, uri) == [])


async def test_sql_findings_land_in_the_schema_file_with_the_filter_clause_as_related(client, buffers, workspace) -> None:
    schema = workspace / "schema.sql"
    schema.write_text("CREATE TABLE myschema.mytable (id integer);\n", "utf-8")
    config = workspace / ".zeroetl-lint.toml"
    config.write_text('[schemas]\nmydb = ["schema.sql"]\n', "utf-8")
    integration_path = workspace / "zero-etl-integration.yaml"
    try:
        notify_changed(client, config, types.FileChangeType.Created)
        await wait_for(client, lambda: "ZE601" in codes(client, schema.as_uri()))
        (missing_key,) = [d for d in client.diagnostics[schema.as_uri()] if d.code == "ZE601"]
        assert missing_key.range.start.line == 0
        (note,) = missing_key.related_information or ()
        assert note.location.uri == integration_path.as_uri() and "clause 1" in note.message
        assert note.location.range.start.line == 9  # the DataFilter line, 0-based
        # A filter finding points at the character inside the DataFilter.
        uri = buffers.open(integration_path)
        good = buffers.texts[uri]
        buffers.change(uri, good.replace("include: mydb.myschema.mytable", "include: mydb.é.x"))
        await wait_for(client, lambda: "ZE502" in codes(client, uri))
        (bad_character,) = [d for d in client.diagnostics[uri] if d.code == "ZE502"]
        assert bad_character.range == types.Range(types.Position(9, 33), types.Position(9, 34))
        buffers.close(uri)
    finally:
        config.unlink()
        schema.unlink()
    notify_changed(client, config, types.FileChangeType.Deleted)
    await wait_for(client, lambda: not client.diagnostics.get(schema.as_uri()) and codes(client, integration_path.as_uri()) == [])


async def test_a_crash_inside_a_lint_is_logged_and_the_server_keeps_serving(client, buffers, workspace) -> None:
    import asyncio

    path, good = _aurora(workspace)
    uri = buffers.open(path, good.replace(*BROKEN))
    await wait_for(client, lambda: "ZE202" in codes(client, uri))
    # A folder that vanished from disk: its lint fails (there is no directory to read).
    gone = types.WorkspaceFolder((workspace.parent / "removed-folder").as_uri(), "removed-folder")
    client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
        types.WorkspaceFoldersChangeEvent(added=[gone], removed=[])))

    def crashed() -> bool:
        return any("removed-folder failed; the previous diagnostics stay" in m.message for m in client.log_messages)

    async def logged() -> None:
        while not crashed():
            await client.wait_for_notification(types.WINDOW_LOG_MESSAGE)

    await asyncio.wait_for(logged(), 60)
    client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
        types.WorkspaceFoldersChangeEvent(added=[], removed=[gone])))
    assert "ZE202" in codes(client, uri)  # what was shown stays
    buffers.change(uri, good)  # and the server still answers edits
    await wait_for(client, lambda: codes(client, uri) == [])
    buffers.close(uri)
