"""LintOptions.root: the directory a run's relative paths mean, whatever the process's current directory."""

from __future__ import annotations

import json
import os
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from zeroetl_lint.artifacts.files.root import Root
from zeroetl_lint.config import load_config
from zeroetl_lint.engine import LintOptions, lint
from zeroetl_lint.findings import Report
from zeroetl_lint.settings import lint_options, merge

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXAMPLES = FIXTURES.parent / "examples"
CASE = FIXTURES / "ZE202" / "bad_aurora_mysql_if_and_compression"

Seen = list[tuple[object, ...]]


def _seen(report: Report) -> Seen:
    """Everything a finding shows, and what the run counted, so that two runs compare finding by finding."""
    findings: Seen = [(f.rule, f.location.path, f.location.line, f.location.column, f.location.end_line,
                       f.location.end_column, f.message, f.fix, f.object,
                       tuple((r.location.path, r.location.line, r.message) for r in f.related))
                      for f in report.findings]
    return [*findings, ("counts", report.files, report.baselined, report.suppressed, report.skipped)]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _cloudformation_and_sql(folder: Path) -> Path:
    """A folder whose config names, by relative paths, a schema, an exclusion, a per-file ignore and a baseline."""
    shutil.copytree(EXAMPLES / "seed", folder / "stacks")  # its filter replicates mydb.myschema.mytable
    _write(folder / "ignored" / "database.yaml", (CASE / "database.yaml").read_text())  # its ZE202s are ignored
    _write(folder / "legacy" / "broken.yaml", "Resources: {Broken: [\n")  # excluded, else a ZE901
    _write(folder / "db" / "schema.sql", "CREATE SCHEMA myschema;\n"
           "CREATE TABLE myschema.mytable (id int, location point);\n")
    _write(folder / "db" / "notes.sql", "this is not SQL;\n")  # walked: findings naming db/notes.sql
    _write(folder / "baseline.json", json.dumps({"version": 1, "entries": [
        {"rule": "ZE601", "path": "db/schema.sql", "object": "mydb.myschema.mytable"}]}))
    _write(folder / ".zeroetl-lint.toml", 'paths = ["."]\nexclude = ["legacy/"]\nschemas = {mydb = ["db/schema.sql"]}\n'
           'per-file-ignores = {"ignored/*.yaml" = ["ZE202"]}\nbaseline = "baseline.json"\n')
    return folder


def _terraform_and_cdk(folder: Path) -> Path:
    """A folder of Terraform (a local module, tfvars and a var file given by relative path) and a CDK assembly."""
    shutil.copytree(FIXTURES / "ZE101" / "bad_tf_version_through_local_module", folder / "tf",
                    ignore=shutil.ignore_patterns("expected.txt"))
    _write(folder / "vars" / "override.tfvars", 'engine_version = "16.2"\n')
    shutil.copytree(FIXTURES / "ZE202" / "bad_cdk_export_named_by_stack" / "cdk.out", folder / "cdk.out")
    _write(folder / ".zeroetl-lint.toml", 'paths = ["tf", "cdk.out"]\n')
    return folder


def _options(folder: Path, root: str | None) -> LintOptions:
    """The options `check` would run in folder (the process's directory when root is None), read from its
    config file named by a relative path; the Terraform folder also gets a --var-file by relative path."""
    base = Root.of(root)
    var_files = ("vars/override.tfvars",) if (folder / "vars").is_dir() else ()
    options = lint_options(merge({}, load_config(Path(".zeroetl-lint.toml"), base), base), var_files=var_files)
    return replace(options, root=root)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    return (_cloudformation_and_sql(tmp_path / "one"), _terraform_and_cdk(tmp_path / "two"))


def _alone(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    """What folder gets when the process is in it and no root is given."""
    with monkeypatch.context() as inside:
        inside.chdir(folder)
        return _seen(lint(_options(folder, None)))


def test_a_run_with_a_root_reads_and_names_paths_below_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASE)
    here = _seen(lint(LintOptions(paths=(".",))))
    monkeypatch.chdir(tmp_path)
    there = _seen(lint(LintOptions(paths=(".",), root=str(CASE))))
    assert here[:-1] and there == here
    assert all(finding[1] == "database.yaml" for finding in there[:-1])
    assert Path.cwd() == tmp_path.resolve()


def test_every_relative_path_of_a_run_means_a_path_below_its_root(
        folders: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one, two = folders
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    expected = {one: _alone(one, monkeypatch), two: _alone(two, monkeypatch)}
    monkeypatch.chdir(elsewhere)
    for folder in folders:
        assert _seen(lint(_options(folder, str(folder)))) == expected[folder]
    # The setup does what it says: each relative path was followed (and shown) below its folder.
    found = {(finding[0], finding[1]) for finding in expected[one][:-1]}
    assert {path for _, path in found} == {"db/schema.sql", "db/notes.sql", "ignored/database.yaml"}, found
    assert ("ZE602", "db/schema.sql") in found and ("ZE202", "ignored/database.yaml") not in found
    assert expected[one][-1][2] == 1  # the baseline absorbed the ZE601 of db/schema.sql
    rules = [(finding[0], finding[1]) for finding in expected[two][:-1]]
    assert ("ZE101", "vars/override.tfvars") in rules and ("ZE202", "cdk.out/OrdersDbStack.template.json") in rules


def test_lints_of_two_folders_run_at_the_same_time_and_each_gets_what_it_gets_alone(
        folders: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one, two = folders
    expected = {one: _alone(one, monkeypatch), two: _alone(two, monkeypatch)}
    assert expected[one] != expected[two]
    monkeypatch.chdir(tmp_path)
    # Every lint of the first round waits inside its run for all the others: were runs still serialised
    # (one directory at a time), the barrier would break instead of letting them all through.
    from zeroetl_lint.artifacts import load

    threads_count = 4
    together = threading.Barrier(threads_count, timeout=60)
    original = load.load_inputs
    first_round: set[int] = set()

    def meeting(*args: object, **kwargs: object) -> object:
        if threading.get_ident() not in first_round:
            first_round.add(threading.get_ident())
            together.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(load, "load_inputs", meeting)
    got: dict[int, list[tuple[Path, Seen]]] = {}
    errors: list[BaseException] = []

    def run(index: int) -> None:
        folder = folders[index % 2]
        try:
            got[index] = [(folder, _seen(lint(_options(folder, str(folder))))) for _ in range(3)]
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert len(got) == threads_count
    for runs in got.values():
        for folder, seen in runs:
            assert seen == expected[folder]
    assert Path.cwd() == tmp_path.resolve()


def test_no_lint_changes_the_process_directory(folders: tuple[Path, Path], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from lsprotocol import types
    from pygls.workspace import PositionCodec

    from zeroetl_lint.server.folder import lint_folder

    one, two = folders
    monkeypatch.chdir(tmp_path)

    def refuse(path: object) -> None:
        raise AssertionError(f"a lint changed the process's directory to {path}")

    monkeypatch.setattr(os, "chdir", refuse)
    for folder in folders:
        assert lint(_options(folder, str(folder))).findings
    result = lint_folder(one, {}, PositionCodec(types.PositionEncodingKind.Utf16))
    shown = {Path(uri).name for uri in result.by_uri}
    assert {"database.yaml", "schema.sql", "notes.sql"} <= shown, result.by_uri
    assert os.getcwd() == str(tmp_path.resolve())


@pytest.mark.parametrize(("given", "expected"), [
    ("stack.yaml", "stack.yaml"),
    ("sub/../stack.yaml", "stack.yaml"),
    (".", "."),
    ("../shared/x.yaml", "../shared/x.yaml"),  # outside the root, given relative to it: as given
])
def test_paths_are_shown_relative_to_the_root(tmp_path: Path, given: str, expected: str) -> None:
    root = Root.of(tmp_path / "work")
    assert root.shown(given) == expected
    assert root.shown(root.path(given)) == expected


def test_an_absolute_path_outside_the_root_is_shown_as_given(tmp_path: Path) -> None:
    assert Root.of(tmp_path / "work").shown(tmp_path / "other" / "x.yaml") == (tmp_path / "other" / "x.yaml").as_posix()


def test_a_root_reached_through_a_link_shows_the_same_paths(tmp_path: Path) -> None:
    (tmp_path / "work" / "sub").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "work")
    root = Root.of(tmp_path / "link")
    assert root.shown(tmp_path / "link" / "sub" / "x.yaml") == "sub/x.yaml"
    assert root.shown(tmp_path / "work" / "sub" / "x.yaml") == "sub/x.yaml"


def test_sarif_points_at_the_same_files_whichever_directory_the_process_is_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zeroetl_lint.reporters import OutputFormat, renderer

    render = renderer(OutputFormat.SARIF)
    monkeypatch.chdir(CASE)
    here = render(lint(LintOptions(paths=(".",))))
    monkeypatch.chdir(tmp_path)
    there = render(lint(LintOptions(paths=(".",), root=str(CASE))))
    uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for result in json.loads(there)["runs"][0]["results"]}
    assert there == here and uris == {"fixtures/ZE202/bad_aurora_mysql_if_and_compression/database.yaml"}
