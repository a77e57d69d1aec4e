"""Compare `zeroetl-lint check` with `cfn-lint` on the bundled seed templates; print the speed ratio.

Both run as fresh processes (what a pre-commit hook or CI step pays), several times each, and the
medians are compared. The script also checks that linting templates imports neither cfnlint nor
sqlglot. Run: python bench/bench_check.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT / "examples" / "seed").glob("*.yaml"))
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


def median_seconds(command: list[str], runs: int) -> float:
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    files = [str(p) for p in SEED]
    probe = subprocess.run([sys.executable, "-c", PROBE, *files], capture_output=True, text=True, check=False)
    imported = probe.stderr.strip().rpartition("IMPORTED:")[2]
    ours = median_seconds([sys.executable, "-m", "zeroetl_lint", "check", *files], args.runs)
    print(f"zeroetl-lint check (3 seed templates): {ours:.3f} s median of {args.runs}")
    print(f"heavy modules imported on the template path: {imported or 'none'}")
    cfn_lint = shutil.which("cfn-lint")
    if cfn_lint is None:
        print("cfn-lint is not installed (pip install '.[bench]'); no ratio")
        return 1
    theirs = median_seconds([cfn_lint, *files], args.runs)
    print(f"cfn-lint (same files):                 {theirs:.3f} s median of {args.runs}")
    ratio = theirs / ours
    print(f"ratio: zeroetl-lint is {ratio:.1f}x faster (target: at least 5x)")
    return 0 if ratio >= 5 and not imported else 1


if __name__ == "__main__":
    sys.exit(main())
