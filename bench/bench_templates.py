"""Lint one big CloudFormation template (about 1 MB, then about 8 MB): time and peak memory against goals.

The template is the bundled aurora example's resources copied k times, each copy with its own logical
IDs and identifiers, so that every copy is a real cluster with its instance, parameter groups, subnets,
security group and role. Each size is linted as `zeroetl-lint check FILE --format json` in a child
process; the child reports its CPU time (time.process_time, so other work on the machine skews
little) and peak memory (VmHWM). The baseline, run alternately in the same call, is a child that
parses the same file with PyYAML's C SafeLoader: the ratio shows what the lint costs above reading
YAML. Goals: 1 MB under 1 s and 150 MB, 8 MB under 10 s and 400 MB.

Usage: python bench/bench_templates.py [--repeat 3] [--sizes 1,8]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed" / "aurora-postgresql.yaml"
GOALS = {1: (1.0, 150.0), 8: (10.0, 400.0)}  # MB of template -> (CPU seconds, peak MB)

_CHILD = """
import sys, time
from pathlib import Path
path, mode = sys.argv[1], sys.argv[2]
started = time.process_time()
if mode == "lint":
    from zeroetl_lint.cli import main
    sys.argv = ["zeroetl-lint", "check", path, "--format", "json"]
    try:
        main()
    except SystemExit:
        pass
else:
    import yaml
    yaml.load(Path(path).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
elapsed = time.process_time() - started
status = Path("/proc/self/status").read_text()
peak_kib = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1])
sys.stderr.write(f"BENCH {elapsed} {peak_kib}\\n")
"""

# Installed packages have their bytecode cached: let the children write and use it too.
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def write_template(path: Path, megabytes: float) -> int:
    """A template of about this many megabytes; returns its number of resources."""
    text = SEED.read_text(encoding="utf-8")
    head, _, rest = text.partition("Resources:\n")
    resources, _, _ = rest.partition("Outputs:\n")
    ids = re.findall(r"^  (\w+):\s*$", resources, flags=re.MULTILINE)
    names = re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b")
    identifiers = re.compile(r'"(database01[\w-]*|aurora-[\w-]+|rds-monitoring-role-01)"')
    copies = max(1, round(megabytes * 1_000_000 / len(resources.encode())))
    with path.open("w", encoding="utf-8") as out:
        out.write(head + "Resources:\n")
        for copy in range(copies):
            renamed = names.sub(lambda m: f"{m.group(1)}C{copy}", resources)
            out.write(identifiers.sub(lambda m: f'"{m.group(1)}-c{copy}"', renamed))
    return copies * len(ids)


def run_child(path: Path, mode: str) -> tuple[float, float]:
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path), mode], capture_output=True, text=True,
                          env=_ENV, check=False)
    line = next(line for line in done.stderr.splitlines() if line.startswith("BENCH "))
    seconds, peak_kib = line.split()[1:]
    return float(seconds), int(peak_kib) * 1024 / 1e6


def bench(directory: Path, megabytes: int, repeat: int) -> bool:
    path = directory / f"template-{megabytes}mb.yaml"
    resources = write_template(path, megabytes)
    lint: list[tuple[float, float]] = []
    parse: list[tuple[float, float]] = []
    for _ in range(repeat):
        lint.append(run_child(path, "lint"))
        parse.append(run_child(path, "yaml"))
    seconds = statistics.median(s for s, _ in lint)
    peak = max(m for _, m in lint)
    yaml_seconds = statistics.median(s for s, _ in parse)
    goal_seconds, goal_peak = GOALS.get(megabytes, (float("inf"), float("inf")))
    met = seconds < goal_seconds and peak < goal_peak
    print(f"{path.stat().st_size / 1e6:.1f} MB template, {resources} resources: check {seconds:.2f} s CPU "
          f"(median of {repeat}), peak {peak:.0f} MB; PyYAML C parse {yaml_seconds:.2f} s "
          f"(check / parse {seconds / yaml_seconds:.1f}x)")
    print(f"    goal: under {goal_seconds:g} s and {goal_peak:g} MB: {'met' if met else 'MISSED'}")
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="1,8", help="template sizes in MB, comma-separated")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zeroetl-bench-") as tmp:
        results = [bench(Path(tmp), int(size), args.repeat) for size in args.sizes.split(",")]
    print("all goals met" if all(results) else "goals missed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
