"""Benchmarks `zeroetl-lint server`: the time from didChange to publishDiagnostics, over stdio, warm.

(a) the bundled example (examples/seed, 3 templates): goal < 100 ms;
(b) a generated workspace of 300 templates (100 copies of the example with unique names): goal < 500 ms.

A real LSP client (pygls) starts the server as a subprocess, opens a template, waits for the first
diagnostics (the warm-up), then alternates an edit that breaks `rds.logical_replication` and one that
repairs it, timing each edit until the diagnostics that answer it arrive (the server's debounce
included). The baseline is the same workspace linted in this process with `lint()`, so the ratio
shows what the server adds to a lint. Times are wall-clock medians.

Usage: python bench/bench_server.py [--edits 10] [--copies 100] [--debounce 50]
"""

from __future__ import annotations

import argparse
import asyncio
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
# Names that must stay unique across the copies, or the copies would be findings about each other.
UNIQUE = ("AuroraClusterArn", "RedshiftServerlessNamespaceArn", "zero-etl-01", "custom-workgroup-01",
          "custom-namespace-01", "aurora-sg", "aurora-subnet-group-01", "rds-monitoring-role-01", "redshift-sg")


def generate(root: Path, copies: int) -> Path:
    for number in range(copies):
        stack = root / f"stack{number:03}"
        stack.mkdir(parents=True)
        for template in SEED.glob("*.yaml"):
            text = template.read_text("utf-8")
            for name in UNIQUE:
                text = text.replace(name, f"{name}-{number:03}")
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


def in_process(workspace: Path, repeat: int = 3) -> float:
    from zeroetl_lint.engine import LintOptions, lint

    lint(LintOptions(paths=(str(workspace),)))
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        lint(LintOptions(paths=(str(workspace),)))
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def report(label: str, workspace: Path, template: Path, goal_ms: float, edits: int, debounce: int) -> None:
    times = asyncio.run(latencies(workspace, template, edits, debounce))
    median = statistics.median(times) * 1000
    baseline = in_process(workspace) * 1000
    verdict = "meets" if median < goal_ms else "MISSES"
    print(f"{label}: didChange -> publishDiagnostics median {median:.0f} ms (min {min(times) * 1000:.0f}, "
          f"max {max(times) * 1000:.0f}, {len(times)} edits, debounce {debounce} ms); "
          f"in-process lint() {baseline:.0f} ms, ratio {median / baseline:.2f}; goal < {goal_ms:.0f} ms: {verdict}")


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
        big = generate(Path(scratch) / "big", args.copies)
        report(f"generated workspace ({3 * args.copies} templates)", big, big / "stack000" / "aurora-postgresql.yaml",
               500, max(args.edits // 2, 2), args.debounce)


if __name__ == "__main__":
    main()
