"""Bad config or environment: git-like ignore patterns, undecodable config files, a failing standard
output, selections that select nothing, config files that belong to another directory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hostile_cli import ROOT, cli, fingerprint, one_line_error, seed


def test_invalid_gitignore_lines_are_skipped_with_a_warning_as_git_does(tmp_path: Path) -> None:
    seed(tmp_path)
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "broken.yaml").write_text("Resources: [\n")
    (tmp_path / ".gitignore").write_text("\\\n!\nlegacy/\n[z-a]\n")
    result = cli("check", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 files checked" in result.stdout  # legacy/ is still ignored by the valid line
    warnings = result.stderr.splitlines()
    assert [line.split(": ")[2] for line in warnings] == [".gitignore:1", ".gitignore:2", ".gitignore:4"]
    assert all(line.startswith("zeroetl-lint: warning: ") for line in warnings)


def test_invalid_exclude_patterns_are_skipped_with_a_warning_naming_the_config(tmp_path: Path) -> None:
    seed(tmp_path)
    (tmp_path / ".zeroetl-lint.toml").write_text('exclude = ["[z-a]", "legacy/"]\n')
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "broken.yaml").write_text("Resources: [\n")
    result = cli("check", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ("zeroetl-lint: warning: .zeroetl-lint.toml exclude entry 1: invalid ignore pattern "
                             "'[z-a]' skipped (git skips it too)\n")


@pytest.mark.parametrize("name", ["pyproject.toml", ".zeroetl-lint.toml"])
def test_an_undecodable_config_file_in_a_parent_is_one_line_naming_it(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"[tool.zeroetl-lint]\nfail-on = \"warning\"\n# caf\xe9\n")
    seed(tmp_path / "infra")
    error = one_line_error(cli("check", ".", cwd=tmp_path / "infra"))
    assert name in error and "not UTF-8" in error and "0xe9" in error


def test_an_undecodable_unrelated_pyproject_is_not_ours(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b"[tool.black]\n# caf\xe9\n")
    seed(tmp_path / "infra")
    assert cli("check", ".", cwd=tmp_path / "infra").returncode == 0


def test_a_full_disk_on_standard_output_is_one_line(tmp_path: Path) -> None:
    seed(tmp_path)
    for args in (["check", "."], ["rules"], ["rule", "ZE202"], ["filter", "include: a.b.c"]):
        with open("/dev/full", "w") as full:
            result = cli(*args, cwd=tmp_path, stdout=full)
        assert result.returncode == 2 and result.stderr.startswith("zeroetl-lint: error: cannot write to standard output"), \
            result.stderr
        assert len(result.stderr.splitlines()) == 1


def test_a_broken_pipe_on_standard_output_is_one_line(tmp_path: Path) -> None:
    seed(tmp_path)
    command = [sys.executable, "-c", "import sys, time; sys.stdin.close(); "
               "from zeroetl_lint.cli import main; sys.argv = ['zeroetl-lint', 'rules']; main()"]
    reader, writer = __import__("os").pipe()
    __import__("os").close(reader)  # nobody will ever read: the first write gets EPIPE
    result = subprocess.run(command, cwd=tmp_path, stdout=writer, stderr=subprocess.PIPE, text=True, timeout=60,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    __import__("os").close(writer)
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr
    assert result.returncode == 2
    assert result.stderr == "zeroetl-lint: error: cannot write to standard output: it was closed (broken pipe)\n"


@pytest.mark.parametrize("args", [["--select", "ZE999"], ["--select", "ZE2", "--ignore", "ZE2"],
                                  ["--ignore", "ALL"], ["--select", "no-such-rule"]])
def test_a_selection_that_selects_nothing_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    seed(tmp_path)
    error = one_line_error(cli("check", ".", *args, cwd=tmp_path))
    assert "no rule" in error


def test_a_config_above_the_current_directory_does_not_apply_to_an_unrelated_directory(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[tool.zeroetl-lint]\nfail-on = "never"\npaths = ["infra"]\n')
    other = seed(tmp_path / "other", broken=True)
    before = fingerprint(tmp_path)
    result = cli("check", str(other), cwd=project / "sub")
    assert result.returncode == 1 and "ZE202" in result.stdout and "Config:" not in result.stdout, result.stdout
    inside = seed(project / "infra", broken=True)
    result = cli("check", str(inside), cwd=project / "sub")
    assert result.returncode == 0 and f"Config: {project / 'pyproject.toml'} [tool.zeroetl-lint]." in result.stdout, result.stdout
    assert fingerprint(tmp_path / "other") == {k[len("other/"):]: v for k, v in before.items() if k.startswith("other/")}


def test_a_run_without_an_integration_says_what_it_did_not_check(tmp_path: Path) -> None:
    (tmp_path / "bucket.yaml").write_text("Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n")
    result = cli("check", ".", cwd=tmp_path)
    assert result.returncode == 0
    assert "Not checked: the source, target and integration rules" in result.stdout, result.stdout
    assert "Not checked: the source" not in cli("check", str(ROOT / "examples" / "seed"), cwd=tmp_path).stdout


def test_help_reads_like_a_person_wrote_it(tmp_path: Path) -> None:
    for command in ("check", "rules", "rule", "filter"):
        text = cli(command, "--help", cwd=tmp_path).stdout
        assert "<" not in text and "{" not in text and "list[" not in text, text
    assert "--schema DB=PATH" in cli("check", "--help", cwd=tmp_path).stdout
