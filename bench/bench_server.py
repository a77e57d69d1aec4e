"""Benchmarks `zeroetl-lint server`: the time from didChange to publishDiagnostics, over stdio, warm.

(a) the bundled example (examples/seed, 3 templates): goal < 100 ms;
(b) a generated workspace of 300 templates (100 copies of the example with unique names): goal < 500 ms;
(c) the same with findings in 99 of its files (a broken workgroup in every copy but the edited one),
    which the server must not send again after an edit that does not change them: goal < 500 ms.

A real LSP client (pygls) starts the server as a subprocess, opens a template, waits for the first
diagnostics (the warm-up), then alternates an edit that breaks `rds.logical_replication` and one that
repairs it, timing each edit until the diagnostics that answer it arrive (the server's debounce
included). Two in-process baselines follow: a fresh `lint()` of the workspace, and `lint()` after the
same edit with an InputCache and the cycle collector paused (what the server runs), so the difference shows what the server adds to
a lint. Times are wall-clock medians.

Usage: python bench/bench_server.py [--edits 10] [--copies 100] [--debounce 50]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed"
BROKEN = ("rds.logical_replication: 1", "rds.logical_replication: 0")
CASE = ('ParameterKey: "enable_case_sensitive_identifier"\n          ParameterValue: "true"',
        'ParameterKey: "enable_case_sensitive_identifier"\n          ParameterValue: "false"')
# Names that must stay unique across the copies, or the copies would be findings about each other.
UNIQUE = ("AuroraClusterArn", "RedshiftServerlessNamespaceArn", "zero-etl-01", "custom-workgroup-01",
          "custom-namespace-01", "aurora-sg", "aurora-subnet-group-01", "rds-monitoring-role-01", "redshift-sg")


def generate(root: Path, copies: int, findings: bool = False) -> Path:
    """copies of the example with unique names; with findings, every copy but the first has a ZE304."""
    for number in range(copies):
        stack = root / f"stack{number:03}"
        stack.mkdir(parents=True)
        for template in SEED.glob("*.yaml"):
            text = template.read_text("utf-8")
            for name in UNIQUE:
                text = text.replace(name, f"{name}-{number:03}")
            if findings and number and CASE[0] in text:
                text = text.replace(*CASE)
            (stack / template.name).write_text(text, "utf-8")
    return root


def server_command(debounce: int) -> list[str]:
    script = Path(sys.executable).with_name("zeroetl-lint")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "zeroetl_lint"]
    return [*base, "server", "--debounce", str(debounce)]


async def latencies(workspace: Path, template: Path, edits: int, debounce: int) -> list[float]:
    client = LanguageClient("bench", "1")
    arrived: asyncio.Queue[tuple[float, types.PublishDiagnosticsParams]] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        arrived.put_nowait((time.perf_counter(), params))

    command = server_command(debounce)
    await client.start_io(command[0], *command[1:])
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(workspace.as_uri(), workspace.name)]))
    client.initialized(types.InitializedParams())
    uri, good = template.as_uri(), template.read_text("utf-8")

    async def answer(broken: bool) -> float:
        while True:
            stamp, params = await asyncio.wait_for(arrived.get(), 120)
            if params.uri == uri and any(d.code == "ZE202" for d in params.diagnostics) == broken:
                return stamp

    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, good)))
    await answer(False)
    times = []
    for version in range(2, edits + 2):
        broken = version % 2 == 0
        text = good.replace(*BROKEN) if broken else good
        while not arrived.empty():
            arrived.get_nowait()
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=uri),
            [types.TextDocumentContentChangeWholeDocument(text)]))
        times.append(await answer(broken) - sent)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times


def in_process(workspace: Path, template: Path, edits: int, repeat: int = 3) -> tuple[float, float]:
    """Seconds of a fresh lint() of the workspace, and of lint() after one edit of template with an InputCache."""
    from zeroetl_lint.artifacts.load import InputCache
    from zeroetl_lint.engine import LintOptions, lint

    options = LintOptions(paths=(str(workspace),))
    lint(options)
    fresh = []
    for _ in range(repeat):
        start = time.perf_counter()
        lint(options)
        fresh.append(time.perf_counter() - start)
    cache, good = InputCache(), template.read_text("utf-8")
    lint(options, cache=cache)
    cached = []
    for edit in range(edits):
        text = good.replace(*BROKEN) if edit % 2 == 0 else good
        gc.disable()  # as the server lints: with the cycle collector paused
        start = time.perf_counter()
        lint(LintOptions(paths=options.paths, overlay={str(template): text}), cache=cache)
        cached.append(time.perf_counter() - start)
        gc.enable()
    return statistics.median(fresh), statistics.median(cached)


def report(label: str, workspace: Path, template: Path, goal_ms: float, edits: int, debounce: int) -> None:
    times = asyncio.run(latencies(workspace, template, edits, debounce))
    median = statistics.median(times) * 1000
    fresh, cached = (seconds * 1000 for seconds in in_process(workspace, template, edits))
    verdict = "meets" if median < goal_ms else "MISSES"
    print(f"{label}: didChange -> publishDiagnostics median {median:.0f} ms (min {min(times) * 1000:.0f}, "
          f"max {max(times) * 1000:.0f}, {len(times)} edits, debounce {debounce} ms); in-process: a fresh lint() "
          f"{fresh:.0f} ms, lint() after the edit with an InputCache {cached:.0f} ms (server minus that "
          f"{median - cached:+.0f} ms); goal < {goal_ms:.0f} ms: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--debounce", type=int, default=50, help="the server's --debounce (ms)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        example = Path(scratch) / "seed"
        shutil.copytree(SEED, example)
        report("bundled example (3 templates)", example, example / "aurora-postgresql.yaml", 100, args.edits, args.debounce)
        edits = max(args.edits // 2, 2)
        big = generate(Path(scratch) / "big", args.copies)
        report(f"generated workspace ({3 * args.copies} templates)", big, big / "stack000" / "aurora-postgresql.yaml",
               500, edits, args.debounce)
        flawed = generate(Path(scratch) / "flawed", args.copies, findings=True)
        report(f"generated workspace ({3 * args.copies} templates, {args.copies - 1} of them with findings)", flawed,
               flawed / "stack000" / "aurora-postgresql.yaml", 500, edits, args.debounce)


if __name__ == "__main__":
    main()
