"""Lint 3,000 templates against 300 in one run each: the joins must scale linearly, not quadratically.

Each size is N copies of the seed deployment (examples/seed: the Aurora cluster, the Redshift
Serverless namespace and the integration), every copy with its own identifiers, names and export
names, so that each copy is a deployment of its own that the joins must keep apart: 100 copies are
300 templates, 1,000 copies 3,000. Both sizes are linted in this process through the engine (the
CLI's output formatting is not what is measured), after one untimed lint of each. CPU time
(time.process_time) is taken so that other work on the machine skews little, and the sizes take
turns in rounds of equal length, so that both meet the same bursts of other work: a round is five
small runs, one large run and five more small runs (ten small runs take as long as a large one
when the scaling is linear). Each round's ratio is its large run over the mean of its small ones
(a drift in the machine's speed cancels); the median over rounds is the result. Before every
timed lint the collector frees what the previous one left (untimed), so no run pays for another's
garbage. Goal: 3,000 templates in at most 12 times the time of 300 (10x is linear).

Usage: python bench/bench_scale.py [--repeat 3] [--small 100] [--large 1000]
"""

from __future__ import annotations

import argparse
import gc
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

    gc.collect()  # the previous run's model, freed here rather than in this run's time
    started = time.process_time()
    report = lint(LintOptions(paths=(str(directory),)))
    return time.process_time() - started, len(report.findings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds (each has one timed run of the large size)")
    parser.add_argument("--small", type=int, default=100, help="copies of the seed deployment in the small run")
    parser.add_argument("--large", type=int, default=1000, help="copies in the large run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        small, large = Path(scratch, "small"), Path(scratch, "large")
        small.mkdir()
        large.mkdir()
        small_templates = write_copies(small, args.small)
        large_templates = write_copies(large, args.large)
        # Warm-up, untimed: imports, the rulebook, compiled patterns, and the heap grown to the large size.
        lint_seconds(small)
        lint_seconds(large)
        half = max(1, round(args.large / args.small / 2))  # small runs on each side of a large one
        rounds: list[tuple[list[tuple[float, int]], tuple[float, int]]] = []
        for _ in range(args.repeat):
            before = [lint_seconds(small) for _ in range(half)]
            middle = lint_seconds(large)
            rounds.append(([*before, *(lint_seconds(small) for _ in range(half))], middle))
    ratios = [seconds / statistics.mean(run[0] for run in smalls) for smalls, (seconds, _) in rounds]
    ratio = statistics.median(ratios)
    scale = large_templates / small_templates
    smalls = [run for round_smalls, _ in rounds for run in round_smalls]
    larges = [large_run for _, large_run in rounds]
    for templates, runs in ((small_templates, smalls), (large_templates, larges)):
        seconds = [run[0] for run in runs]
        print(f"{templates} templates: {statistics.median(seconds):.2f} s CPU (median of {len(seconds)}: "
              f"{min(seconds):.2f}-{max(seconds):.2f}; {runs[-1][1]} findings)")
    print(f"ratio {ratio:.1f}x for {scale:.0f}x the templates (median of {len(ratios)}: "
          f"{min(ratios):.1f}x-{max(ratios):.1f}x); goal at most {GOAL:.0f}x: {'met' if ratio <= GOAL else 'NOT met'}")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
