"""LintOptions.overlay: texts that take the place of files (an editor's unsaved buffers), for every kind of input."""

from __future__ import annotations

import shutil
from pathlib import Path

from zeroetl_lint.engine import LintOptions, lint

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "seed"
    shutil.copytree(SEED, target)
    return target


def test_template_overlay_replaces_the_file_on_disk(tmp_path: Path) -> None:
    seed = _copy(tmp_path)
    template = seed / "aurora-postgresql.yaml"
    on_disk = template.read_text()
    broken = on_disk.replace("rds.logical_replication: 1", "rds.logical_replication: 0")
    report = lint(LintOptions(paths=(str(seed),), overlay={str(template): broken}))
    assert [(f.rule, f.location.line, f.location.column) for f in report.findings if f.rule == "ZE202"] == [("ZE202", 137, 34)]
    assert template.read_text() == on_disk  # the overlay is read, never written
    assert not [f for f in lint(LintOptions(paths=(str(seed),))).findings if f.rule == "ZE202"]


def test_overlay_keys_are_resolved_paths(tmp_path: Path, monkeypatch) -> None:
    seed = _copy(tmp_path)
    monkeypatch.chdir(seed)
    broken = (seed / "aurora-postgresql.yaml").read_text().replace("rds.logical_replication: 1", "rds.logical_replication: 0")
    # The run names the directory relatively; the overlay key is absolute.
    report = lint(LintOptions(paths=(".",), overlay={str(seed / "aurora-postgresql.yaml"): broken}))
    assert [(f.rule, f.location.path) for f in report.findings if f.rule == "ZE202"] == [("ZE202", "aurora-postgresql.yaml")]


def test_sql_and_filter_files_read_the_overlay(tmp_path: Path) -> None:
    (tmp_path / "shop.filter").write_text("include: shop.*.*\n")
    schema = tmp_path / "shop.sql"
    schema.write_text("CREATE TABLE public.orders (id integer PRIMARY KEY);\n")
    options = LintOptions(paths=(str(tmp_path / "shop.filter"),), schemas={"shop": (str(schema),)})
    assert not [f for f in lint(options).findings if f.rule == "ZE601"]
    # COPY data in a buffer is skipped like COPY data in a file.
    unsaved = {str(schema): "CREATE TABLE public.items (id integer PRIMARY KEY);\n"
                            "COPY public.items (id) FROM stdin;\n1\n2\n\\.\n"
                            "CREATE TABLE public.orders (id integer);\n",
               str(tmp_path / "shop.filter"): "include: shop.*.*\n"}
    report = lint(LintOptions(paths=options.paths, schemas=options.schemas, overlay=unsaved))
    assert [f.rule for f in report.findings if f.rule == "ZE601"] == ["ZE601"]
    bad_filter = {str(tmp_path / "shop.filter"): "include: shop..*\n"}
    assert any(f.rule.startswith("ZE5") for f in lint(LintOptions(paths=options.paths, overlay=bad_filter)).findings)


def test_a_parse_cache_shares_unchanged_templates_between_runs(tmp_path: Path) -> None:
    from zeroetl_lint.artifacts.cloudformation import loader

    seed = _copy(tmp_path)
    template = seed / "aurora-postgresql.yaml"
    broken = template.read_text().replace("rds.logical_replication: 1", "rds.logical_replication: 0")
    cache = loader.ParseCache()
    parsed: list[str] = []
    original = loader._parse

    def counting(text: str, *, json_like: bool) -> loader.Loaded:
        parsed.append(text[:40])
        return original(text, json_like=json_like)

    loader._parse = counting  # type: ignore[assignment]
    try:
        with cache.run():
            first = lint(LintOptions(paths=(str(seed),)))
        with cache.run():
            second = lint(LintOptions(paths=(str(seed),), overlay={str(template): broken}))
    finally:
        loader._parse = original  # type: ignore[assignment]
    assert len(parsed) == 4  # three templates, then only the edited one again
    assert not [f for f in first.findings if f.rule == "ZE202"]
    assert [f.rule for f in second.findings if f.rule == "ZE202"] == ["ZE202"]


def test_overlay_reaches_files_read_through_symbolic_links(tmp_path: Path) -> None:
    seed = _copy(tmp_path)
    broken = (seed / "aurora-postgresql.yaml").read_text().replace("rds.logical_replication: 1",
                                                                    "rds.logical_replication: 0")
    linked_dir = tmp_path / "linked"
    linked_dir.symlink_to(seed, target_is_directory=True)
    # The editor names the file by its real path; the run walks the directory through a link.
    report = lint(LintOptions(paths=(str(linked_dir),), overlay={str(seed / "aurora-postgresql.yaml"): broken}))
    assert [f.rule for f in report.findings] == ["ZE202"]
    # A template that is itself a link to the buffer's file, under another name.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (seed / "aurora-postgresql.yaml").rename(elsewhere / "real.yaml")
    (seed / "db.yaml").symlink_to(elsewhere / "real.yaml")
    report = lint(LintOptions(paths=(str(seed),), overlay={str(elsewhere / "real.yaml"): broken}))
    assert [(f.rule, Path(f.location.path or "").name) for f in report.findings] == [("ZE202", "db.yaml")]
