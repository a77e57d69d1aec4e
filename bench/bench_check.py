"""Compare `zeroetl-lint check` with `cfn-lint` on the bundled seed templates; print the speed ratio.

Both run as fresh processes (what a pre-commit hook or CI step pays), alternately, several times each;
each run's CPU time (user + sys, from resource.getrusage of the finished child) is taken so that other
work on the machine skews little, and the medians are compared (wall-clock medians are printed too).
Goal: at least 6x faster than cfn-lint (stretch: 10x). The script also checks that linting templates
imports neither cfnlint nor sqlglot. Run: python bench/bench_check.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = ROOT / "examples" / "seed"
SEED = sorted(SEED_DIR.glob("*.yaml"))
PROBE = (
    "import sys, zeroetl_lint.cli as c\n"
    "sys.argv=['zeroetl-lint','check',*sys.argv[1:]]\n"
    "try:\n    c.main()\nexcept SystemExit:\n    pass\n"
    "bad=[m for m in ('cfnlint','sqlglot') if m in sys.modules]\n"
    "sys.stderr.write('IMPORTED:'+','.join(bad)+'\\n')\n"
)


# Measure what users get: installed packages have their bytecode cached, so allow writing it here
# too (some shells export PYTHONDONTWRITEBYTECODE), and warm both tools up once.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> tuple[float, float]:
    """CPU seconds (user + sys) and wall seconds of one run of command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    files = [str(p) for p in SEED]
    # The directory, not its files: named files inside a git work tree are linted in the context of the
    # whole repository (pre-commit's call), which here would be every fixture of the project.
    probe = subprocess.run([sys.executable, "-c", PROBE, str(SEED_DIR)], capture_output=True, text=True, check=False)
    imported = probe.stderr.strip().rpartition("IMPORTED:")[2]
    print(f"heavy modules imported on the template path: {imported or 'none'}")
    ours_command = [sys.executable, "-m", "zeroetl_lint", "check", str(SEED_DIR)]
    cfn_lint = shutil.which("cfn-lint")
    if cfn_lint is None:
        print("cfn-lint is not installed (pip install '.[bench]'); no ratio")
        return 1
    theirs_command = [cfn_lint, *files]
    for command in (ours_command, theirs_command):  # warm up: bytecode, file caches
        timed(command)
    ours, theirs = [], []
    for _ in range(args.runs):
        ours.append(timed(ours_command))
        theirs.append(timed(theirs_command))
    ours_cpu, ours_wall = (statistics.median(run[i] for run in ours) for i in (0, 1))
    theirs_cpu, theirs_wall = (statistics.median(run[i] for run in theirs) for i in (0, 1))
    print(f"zeroetl-lint check (3 seed templates): {ours_cpu:.3f} s CPU, {ours_wall:.3f} s wall (medians of {args.runs})")
    print(f"cfn-lint (same files):                 {theirs_cpu:.3f} s CPU, {theirs_wall:.3f} s wall")
    ratio = theirs_cpu / ours_cpu
    verdict = "met, stretch 10x met" if ratio >= 10 else "met (stretch: 10x)" if ratio >= 6 else "MISSED"
    print(f"ratio: zeroetl-lint is {ratio:.1f}x faster in CPU ({theirs_wall / ours_wall:.1f}x in wall time); "
          f"goal at least 6x: {verdict}")
    return 0 if ratio >= 6 and not imported else 1


if __name__ == "__main__":
    sys.exit(main())
