"""Lint 3,000 templates against 300 in one run each: the joins must scale linearly, not quadratically.

Each size is N copies of the seed deployment (examples/seed: the Aurora cluster, the Redshift
Serverless namespace and the integration), every copy with its own identifiers, names and export
names, so that each copy is a deployment of its own that the joins must keep apart: 100 copies are
300 templates, 1,000 copies 3,000. Both sizes are linted in this process through the engine (the
CLI's output formatting is not what is measured), alternately, a few times each; CPU time
(time.process_time) is taken so that other work on the machine skews little. Goal: 3,000 templates
in at most 12 times the time of 300 (10x is linear).

Usage: python bench/bench_scale.py [--repeat 3] [--small 100] [--large 1000]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT / "examples" / "seed").glob("*.yaml"))
GOAL = 12.0
# Every name of the seed that a copy must not share with another: identifiers, resource names and
# export names (the copies are linted together, so shared ones would join them).
_NAMES = re.compile(
    r"\b(AuroraClusterArn|RedshiftServerlessNamespaceArn|database01-instance01|database01|"
    r"custom-namespace-01|custom-workgroup-01|zero-etl-01|aurora-subnet-group-01|rds-monitoring-role-01|"
    r"aurora-sg)\b"
)


def write_copies(directory: Path, copies: int) -> int:
    """Write copies of the seed deployment under directory, each with its own names; the template count."""
    texts = [(path.name, path.read_text("utf-8")) for path in SEED]
    for index in range(copies):
        folder = directory / f"deployment-{index:04d}"
        folder.mkdir()
        for name, text in texts:
            (folder / name).write_text(_NAMES.sub(lambda match: f"{match[1]}-c{index}", text), "utf-8")
    return copies * len(texts)


def lint_seconds(directory: Path) -> tuple[float, int]:
    """CPU seconds of one lint of directory, and how many findings it made."""
    from zeroetl_lint.engine import LintOptions, lint

    started = time.process_time()
    report = lint(LintOptions(paths=(str(directory),)))
    return time.process_time() - started, len(report.findings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--small", type=int, default=100, help="copies of the seed deployment in the small run")
    parser.add_argument("--large", type=int, default=1000, help="copies in the large run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        small, large = Path(scratch, "small"), Path(scratch, "large")
        small.mkdir()
        large.mkdir()
        small_templates = write_copies(small, args.small)
        large_templates = write_copies(large, args.large)
        lint_seconds(small)  # warm up: imports, the rulebook, compiled patterns
        timings: dict[Path, list[float]] = {small: [], large: []}
        findings: dict[Path, int] = {}
        for _ in range(args.repeat):
            for directory in (small, large):
                seconds, findings[directory] = lint_seconds(directory)
                timings[directory].append(seconds)
    small_time, large_time = statistics.median(timings[small]), statistics.median(timings[large])
    ratio = large_time / small_time
    scale = large_templates / small_templates
    print(f"{small_templates} templates: {small_time:.2f} s CPU ({findings[small]} findings)")
    print(f"{large_templates} templates: {large_time:.2f} s CPU ({findings[large]} findings)")
    print(f"ratio {ratio:.1f}x for {scale:.0f}x the templates; goal at most {GOAL:.0f}x: "
          f"{'met' if ratio <= GOAL else 'NOT met'}")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
