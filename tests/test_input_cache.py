"""InputCache: a run after an edit reuses the unchanged templates and still finds exactly what a fresh run finds."""

from __future__ import annotations

import shutil
from pathlib import Path

from zeroetl_lint.artifacts.load import InputCache
from zeroetl_lint.engine import LintOptions, lint, lint_project

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed"
AURORA, REDSHIFT, INTEGRATION = "aurora-postgresql.yaml", "redshift-serverless.yaml", "zero-etl-integration.yaml"
# (file, text replaced, replacement): each edit reaches across stacks, most of them through an export.
EDITS = (
    (AURORA, "rds.logical_replication: 1", "rds.logical_replication: 0"),
    (AURORA, 'Name: "AuroraClusterArn"', 'Name: "RenamedClusterArn"'),  # the integration's import breaks
    (INTEGRATION, "!ImportValue AuroraClusterArn", "!ImportValue RenamedClusterArn"),  # and is mended
    (REDSHIFT, 'Name: "RedshiftServerlessNamespaceArn"', 'Name: "Elsewhere"'),
    (AURORA, 'Engine: "aurora-postgresql"', 'Engine: "aurora-mysql"'),  # what the policy's import finds changes
    (AURORA, '  RDSDBInstance01:\n    UpdateReplacePolicy: "Delete"',  # the creation order changes
     '  RDSDBInstance01:\n    DependsOn: [RDSDBCluster01, Missing]\n    UpdateReplacePolicy: "Delete"'),
    (REDSHIFT, "Resources:", "Resources: [unclosed"),  # unreadable, then readable again below
)


def _seen(report) -> list[tuple[object, ...]]:
    return [(f.rule, f.severity, f.message, f.location, f.object, f.related, f.fixes) for f in report.findings]


def test_every_run_with_the_cache_finds_what_a_fresh_run_finds(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(SEED, seed)
    texts = {name: (seed / name).read_text("utf-8") for name in (AURORA, REDSHIFT, INTEGRATION)}
    cache = InputCache()
    steps = []
    undo = [(name, new, old) for name, old, new in reversed(EDITS)]
    for name, old, new in (*EDITS, *undo):  # every edit applied, then every edit undone
        assert old in texts[name]
        texts[name] = texts[name].replace(old, new)
        options = LintOptions(paths=(str(seed),), overlay={str(seed / file): text for file, text in texts.items()})
        cached, fresh = _seen(lint(options, cache=cache)), _seen(lint(options))
        assert cached == fresh, f"after editing {name}"
        steps.append(fresh)
    assert steps[-1] == [] and all(steps[:len(EDITS)])  # each edit had findings; undoing them all clears


def test_unchanged_templates_are_reused_and_the_edited_one_is_read_again(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(SEED, seed)
    cache = InputCache()
    _, first = lint_project(LintOptions(paths=(str(seed),)), cache=cache)
    broken = (seed / AURORA).read_text("utf-8").replace("rds.logical_replication: 1", "rds.logical_replication: 0")
    report, second = lint_project(LintOptions(paths=(str(seed),), overlay={str(seed / AURORA): broken}), cache=cache)
    before = {Path(template.path).name: template for template in first.deployment.templates}
    after = {Path(template.path).name: template for template in second.deployment.templates}
    assert after[REDSHIFT] is before[REDSHIFT] and after[INTEGRATION] is before[INTEGRATION]
    assert after[AURORA] is not before[AURORA] and after[AURORA].text == broken
    assert [f.rule for f in report.findings] == ["ZE202"]
    # Without a cache every run builds its own templates.
    _, third = lint_project(LintOptions(paths=(str(seed),)))
    assert not {id(t) for t in third.deployment.templates} & {id(t) for t in second.deployment.templates}
