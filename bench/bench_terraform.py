"""Compare `zeroetl-lint check` on a Terraform project (the seed deployment in ten .tf files) with the seed lint.

Each command runs as a fresh process; the three are run in turn (seed, Terraform unchanged,
Terraform all changed) so that each ratio compares runs made moments apart on a noisy machine,
and the median of the per-round ratios is printed, for CPU time (user + system of the child).
Terraform is timed twice: files unchanged since the last run (their syntax trees come from the
user cache, as in a pre-commit hook or an editor: lark is not imported), and every file changed
before each run (each is parsed with python-hcl2's grammar by the parser kept in the user cache).
The script also checks that linting the seed templates imports neither python-hcl2 nor lark, and
that an unchanged Terraform project does not import lark.
Run: python bench/bench_terraform.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT / "examples" / "seed").glob("*.yaml"))
EXAMPLE = ROOT / "examples" / "terraform"
PROBE = (
    "import sys, zeroetl_lint.cli as c\n"
    "sys.argv=['zeroetl-lint','check',*sys.argv[1:]]\n"
    "try:\n    c.main()\nexcept SystemExit:\n    pass\n"
    "bad=[m for m in ('hcl2','lark','regex') if m in sys.modules]\n"
    "sys.stderr.write('IMPORTED:'+','.join(bad)+'\\n')\n"
)
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def ten_file_project(directory: Path) -> list[Path]:
    """The bundled example's root and module files plus two more, ten .tf files in all."""
    files = [path for path in sorted(EXAMPLE.rglob("*")) if path.is_file()]
    for path in files:
        target = directory / path.relative_to(EXAMPLE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    (directory / "outputs.tf").write_text(
        'output "integration_arn" {\n  value = aws_rds_integration.this.arn\n}\n')
    (directory / "locals.tf").write_text('locals {\n  tags = { Project = var.name }\n}\n')
    return sorted(directory.rglob("*.tf"))


def cpu_seconds(command: list[str]) -> float:
    """User + system CPU time of one run of command, as a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def imported(command_args: list[str]) -> str:
    """Which of python-hcl2, lark and regex a `check` with these arguments imports."""
    probe = subprocess.run([sys.executable, "-c", PROBE, *command_args], capture_output=True, text=True,
                           check=False, env=ENV)
    return probe.stderr.strip().rpartition("IMPORTED:")[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    # --isolated: the seed files alone, not the whole repository they are in (what a named file in a
    # git checkout otherwise brings in).
    seed = [sys.executable, "-m", "zeroetl_lint", "check", "--isolated", *(str(path) for path in SEED)]
    on_seed = imported(seed[4:])
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        files = ten_file_project(project)
        terraform = [sys.executable, "-m", "zeroetl_lint", "check", str(project)]
        for command in (seed, terraform, terraform):  # warm-up: bytecode, parser and syntax trees cached
            cpu_seconds(command)
        on_unchanged = imported(terraform[4:])
        originals = {path: path.read_text() for path in files}
        rounds: list[tuple[float, float, float]] = []
        for run in range(args.runs):
            baseline = cpu_seconds(seed)
            unchanged = cpu_seconds(terraform)
            for path, text in originals.items():  # a new text of the same size each round
                path.write_text(text + f"# run {run:04d}\n")
            changed = cpu_seconds(terraform)
            rounds.append((baseline, unchanged, changed))
    baseline, unchanged, changed = (statistics.median(column) for column in zip(*rounds))
    warm_ratio = statistics.median(round_[1] / round_[0] for round_ in rounds)
    changed_ratio = statistics.median(round_[2] / round_[0] for round_ in rounds)
    count = len(files)
    print(f"zeroetl-lint check (3 seed templates):                  {baseline:.3f} s CPU, median of {args.runs}")
    print(f"zeroetl-lint check (Terraform, {count} .tf files, unchanged):   {unchanged:.3f} s CPU")
    print(f"zeroetl-lint check (Terraform, {count} .tf files, all changed): {changed:.3f} s CPU")
    print(f"ratio Terraform / seed (median of per-round ratios): {warm_ratio:.2f} unchanged, "
          f"{changed_ratio:.2f} all changed")
    print(f"python-hcl2/lark/regex imported on the seed path: {on_seed or 'none'}")
    print(f"python-hcl2/lark/regex imported for unchanged Terraform files: {on_unchanged or 'none'}")
    return 0 if not on_seed and not on_unchanged else 1


if __name__ == "__main__":
    sys.exit(main())
