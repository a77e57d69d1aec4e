"""`check` on templates imports only what the template path needs: no SQL, no pydantic, no Typer.

Start-up time is mostly imports; this catches a heavy import creeping onto the common path without
timing anything (bench/bench_check.py measures the time).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed"

PROBE = """
import json, sys
sys.argv = ["zeroetl-lint", "check", *sys.argv[1:]]
from zeroetl_lint.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("MODULES" + json.dumps(sorted(sys.modules)) + "\\n")
"""

# Third-party distributions the template path may import; everything else must be stdlib or ours.
THIRD_PARTY = {"yaml", "_yaml"}
# Our own modules that only other inputs or other commands need.
NOT_ON_THE_TEMPLATE_PATH = (
    "zeroetl_lint.artifacts.sql", "zeroetl_lint.model.catalog", "zeroetl_lint.model.column_types",
    "zeroetl_lint.model.schemas",
    "zeroetl_lint.rulebook.pg_types",
    "zeroetl_lint.config.model", "zeroetl_lint.baseline", "zeroetl_lint.suppressions", "zeroetl_lint.explain",
    "zeroetl_lint.docs", "zeroetl_lint.reporters.json_report", "zeroetl_lint.reporters.sarif_report",
    "zeroetl_lint.reporters.junit_report", "zeroetl_lint.reporters.full_report",
)
HEAVY = ("sqlglot", "sqlglotc", "cfnlint", "pydantic", "pydantic_core", "typer", "click", "rich", "pygls",
         "lsprotocol", "psycopg", "hcl2", "pathspec", "jsonschema", "importlib.metadata", "tomllib")


def imported(directory: Path, *args: str) -> list[str]:
    # Run outside the repository: its pyproject.toml would be read as a config file.
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False,
                          cwd=directory)
    line = next(line for line in done.stderr.splitlines() if line.startswith("MODULES"))
    return json.loads(line.removeprefix("MODULES"))


def test_checking_templates_imports_only_the_template_path(tmp_path: Path) -> None:
    modules = imported(tmp_path, str(SEED))
    assert "zeroetl_lint.artifacts.cloudformation.loader" in modules  # the probe did lint
    heavy = [name for name in modules if name.split(".")[0] in HEAVY or name in HEAVY]
    assert heavy == []
    ours = [name for name in modules if name.startswith(NOT_ON_THE_TEMPLATE_PATH)]
    assert ours == []
    foreign = {name.split(".")[0] for name in modules} - set(sys.stdlib_module_names) - THIRD_PARTY
    foreign = {name for name in foreign if not name.startswith(("zeroetl_lint", "__", "_distutils_hack"))}
    # Cython's runtime modules come with PyYAML's C extension.
    assert foreign - {"cython_runtime", *(name for name in foreign if name.startswith("_cython_"))} == set()


def test_the_sql_path_still_imports_sqlglot(tmp_path: Path) -> None:
    schema = tmp_path / "schema.sql"
    schema.write_text("CREATE TABLE t (id integer PRIMARY KEY);\n", encoding="utf-8")
    modules = imported(tmp_path, "--schema", f"db={schema}", "--filter", "include: db.*.*")
    assert "sqlglot" in modules and "zeroetl_lint.artifacts.sql.schema" in modules


def test_a_selection_imports_only_the_selected_rules(tmp_path: Path) -> None:
    modules = imported(tmp_path, "--select", "ZE303", str(SEED))
    rules = sorted(name.rsplit(".", 1)[1][:5] for name in modules if name.startswith("zeroetl_lint.checks.ze"))
    assert rules == ["ze303", "ze900", "ze901", "ze904"]  # and the rules about the run itself


def test_terraform_files_read_before_import_no_parser_and_new_ones_only_lark(tmp_path: Path) -> None:
    project = tmp_path / "terraform"
    project.mkdir()
    (project / "main.tf").write_text(f'# {tmp_path}\nresource "aws_rds_cluster" "src" {{\n'
                                     '  engine = "aurora-postgresql"\n}\n')
    first = imported(tmp_path, str(project))
    roots = {name.split(".")[0] for name in first}
    # lark parses; python-hcl2's package, `regex` (lark's option, unused) and importlib.metadata do not load.
    assert "lark" in roots and not roots & {"hcl2", "regex"} and "importlib.metadata" not in first
    # Unchanged since that run: the syntax tree comes from the cache, and lark is not imported at all.
    again = imported(tmp_path, str(project))
    assert "zeroetl_lint.artifacts.terraform.load" in again
    assert [name for name in again if name.split(".")[0] in ("lark", "hcl2", "regex")] == []
