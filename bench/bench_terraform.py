"""Compare `zeroetl-lint check` on a Terraform project (the seed deployment in ten .tf files) with the seed lint.

Both run as fresh processes, several times each, and the medians are compared: the ratio says
whether Terraform input is in the same time class as the CloudFormation seed. Terraform is timed
twice: files unchanged since the last run (their syntax trees come from the user cache, as in a
pre-commit hook or an editor), and every file changed before each run (each is parsed with
python-hcl2's lark grammar, whose parse tables are cached). The script also checks that linting
the seed templates does not import python-hcl2 or lark.
Run: python bench/bench_terraform.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT / "examples" / "seed").glob("*.yaml"))
EXAMPLE = ROOT / "examples" / "terraform"
PROBE = (
    "import sys, zeroetl_lint.cli as c\n"
    "sys.argv=['zeroetl-lint','check',*sys.argv[1:]]\n"
    "try:\n    c.main()\nexcept SystemExit:\n    pass\n"
    "bad=[m for m in ('hcl2','lark') if m in sys.modules]\n"
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


def median_seconds(command: list[str], runs: int, before: Callable[[int], None] | None = None) -> float:
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    times = []
    for run in range(runs):
        if before is not None:
            before(run)
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    seed = [str(path) for path in SEED]
    probe = subprocess.run([sys.executable, "-c", PROBE, "--isolated", *seed], capture_output=True, text=True,
                           check=False)
    imported = probe.stderr.strip().rpartition("IMPORTED:")[2]
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        files = ten_file_project(project)
        count = len(files)
        command = [sys.executable, "-m", "zeroetl_lint", "check", str(project)]
        terraform = median_seconds(command, args.runs)

        def change(run: int) -> None:
            for path in files:
                path.write_text(path.read_text() + f"# run {run}\n")

        changed = median_seconds(command, args.runs, change)
    # --isolated: the seed files alone, not the whole repository they are in (what a named file in a
    # git checkout otherwise brings in).
    baseline = median_seconds([sys.executable, "-m", "zeroetl_lint", "check", "--isolated", *seed], args.runs)
    print(f"zeroetl-lint check (3 seed templates):        {baseline:.3f} s median of {args.runs}")
    print(f"zeroetl-lint check (Terraform, {count} .tf files, unchanged): {terraform:.3f} s median of {args.runs}")
    print(f"zeroetl-lint check (Terraform, {count} .tf files, all changed): {changed:.3f} s median of {args.runs}")
    print(f"ratio Terraform / seed: {terraform / baseline:.2f} unchanged, {changed / baseline:.2f} changed")
    print(f"python-hcl2/lark imported on the seed path: {imported or 'none'}")
    return 0 if not imported else 1


if __name__ == "__main__":
    sys.exit(main())
