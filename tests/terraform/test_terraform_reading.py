"""The Terraform adapter: HCL positions, .tf.json, expression evaluation, variables, modules, count and dynamic blocks."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from zeroetl_lint.artifacts.terraform.evaluate import Evaluator, ResourceRef, Symbol
from zeroetl_lint.artifacts.terraform.hcl import HclError, parse_hcl
from zeroetl_lint.artifacts.terraform.instances import Declared
from zeroetl_lint.artifacts.terraform.load import load_terraform
from zeroetl_lint.artifacts.terraform.modules import ModuleInstance
from zeroetl_lint.artifacts.terraform.resources import MAPPINGS
from zeroetl_lint.artifacts.terraform.tfjson import parse_tf_json
from zeroetl_lint.cli import app
from zeroetl_lint.model.values import Unknown

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "terraform"

_TF = '''\
resource "aws_rds_cluster" "src" {
  engine         = "aurora-postgresql" # a comment
  engine_version = 16.4
  tags = {
    Name = "x"
  }
}
'''


def _evaluate(text: str, **assigned: object) -> object:
    """Evaluate local.out of a one-file root module."""
    file = parse_hcl("main.tf", text)
    module = ModuleInstance(Path("."), [file], assigned=dict(assigned))
    return Evaluator({"main.tf": text}).evaluate(module.locals["out"].expr, module.scope())


def test_attribute_and_block_positions_are_one_based() -> None:
    block = parse_hcl("main.tf", _TF).body.blocks[0]
    assert (block.type, block.labels) == ("resource", ("aws_rds_cluster", "src"))
    assert (block.pos.line, block.pos.column, block.pos.end_line) == (1, 1, 7)
    engine = block.body.attributes["engine"]
    assert (engine.name_pos.line, engine.name_pos.column) == (2, 3)
    assert (engine.expr.pos.line, engine.expr.pos.column, engine.expr.pos.end_column) == (2, 20, 38)
    assert engine.expr.value == "aurora-postgresql"  # type: ignore[union-attr]
    assert block.body.attributes["engine_version"].expr.value == 16.4  # type: ignore[union-attr]


def test_syntax_errors_are_reported_with_a_position() -> None:
    with pytest.raises(HclError) as raised:
        parse_hcl("bad.tf", 'resource "a" "b" {\n  x = \n}\n')
    assert (raised.value.message, raised.value.line, raised.value.column) == ("unexpected end of line", 2, 7)


def test_tf_json_reads_the_same_tree_with_positions() -> None:
    text = '{"resource": {"aws_rds_cluster": {"src": {"engine": "aurora-postgresql", ' \
           '"engine_version": "${var.v}"}}}}'
    block = parse_tf_json("main.tf.json", text).body.blocks[0]
    assert block.labels == ("aws_rds_cluster", "src")
    assert block.body.attributes["engine"].expr.value == "aurora-postgresql"  # type: ignore[union-attr]
    assert block.body.attributes["engine"].expr.pos.line == 1


@pytest.mark.parametrize(("text", "expected"), [
    ('locals {\n  out = "${var.name}-pg16"\n}\nvariable "name" {\n  default = "shop"\n}\n', "shop-pg16"),
    ('locals {\n  out = var.name\n}\nvariable "name" {\n  default = "d"\n}\n', "from-tfvars"),
    ('locals {\n  a = { x = [1, 2] }\n  out = local.a.x[1]\n}\n', 2),
    ('locals {\n  out = [for k, v in { a = 1, b = 2 } : "${k}=${v}" if v > 1]\n}\n', ["b=2"]),
    ('locals {\n  out = true ? lower("A") : "b"\n}\n', "a"),
    ('locals {\n  out = jsonencode({ Version = "2012-10-17" })\n}\n', {"Version": "2012-10-17"}),
    ('locals {\n  out = "aurora-postgresql${split(".", "16.4")[0]}"\n}\n', "aurora-postgresql16"),
    ('locals {\n  out = join(", ", [for n in range(1, 4) : "include: db${n}.*.*"])\n}\n',
     "include: db1.*.*, include: db2.*.*, include: db3.*.*"),
    ('locals {\n  out = [range(3), range(4, 1), range(1, 8, 3), range(2, 2)]\n}\n', [[0, 1, 2], [4, 3, 2], [1, 4, 7], []]),
])
def test_expressions_evaluate_to_values(text: str, expected: object) -> None:
    assigned = {"name": "from-tfvars"} if "default = \"d\"" in text else {}
    assert _evaluate(text, **assigned) == expected


def test_what_is_not_known_stays_unknown_and_names_the_expression() -> None:
    missing = _evaluate('locals {\n  out = var.version\n}\nvariable "version" {}\n')
    assert isinstance(missing, Unknown) and "var.version has no value" in missing.reason
    data = _evaluate('locals {\n  out = data.aws_vpc.main.id\n}\n')
    assert isinstance(data, Unknown) and "data.aws_vpc.main.id" in data.reason
    remote = _evaluate('locals {\n  out = module.db.arn\n}\nmodule "db" {\n  source = "org/db/aws"\n}\n')
    assert isinstance(remote, Unknown) and "'org/db/aws', which is not read" in remote.reason
    cycle = _evaluate('locals {\n  out = local.out\n}\n')
    assert isinstance(cycle, Unknown)
    for call in ("range(1, 4, -1)", "range(1, 4, 0)", "range(2000)"):  # Terraform rejects these too
        wrong = _evaluate(f'locals {{\n  out = {call}\n}}\n')
        assert isinstance(wrong, Unknown) and f"the function call {call} is not evaluated" in wrong.reason


def test_references_and_the_account_stay_symbolic() -> None:
    text = 'locals {\n  out = aws_rds_cluster.src.arn\n}\nresource "aws_rds_cluster" "src" {\n  engine = "e"\n}\n'
    assert _evaluate(text) == ResourceRef("aws_rds_cluster.src", "arn", "aws_rds_cluster.src.arn")
    argument = text.replace("src.arn", "src.engine")
    assert _evaluate(argument) == "e"
    account = _evaluate('locals {\n  out = data.aws_caller_identity.me.account_id\n}\n')
    assert isinstance(account, Symbol) and account.name == "AWS::AccountId"


def _instances(directory: Path, var_files: tuple[Path, ...] = ()) -> dict[str, dict[str, Any]]:
    """Each resource instance's arguments (and keyed blocks, under their block type) by address, as evaluated."""
    found = load_terraform(sorted(directory.rglob("*.tf")), list(var_files),
                           lambda path, shown: Path(path).read_text(), lambda path: Path(path).as_posix())
    assert not found.problems
    return {declared.address: _arguments(declared) for declared in found.resources}


def _arguments(declared: Declared) -> dict[str, Any]:
    out = {name: argument.value for name, argument in declared.arguments.items()}
    mapping = MAPPINGS[declared.kind]
    if declared.entries is not None and mapping.blocks is not None:
        out[mapping.blocks.block] = {entry.key: entry.value.value if entry.value is not None else None
                                     for entry in declared.entries.entries}
    return out


def test_a_whole_module_is_the_object_of_its_outputs_and_for_each_iterates_it(tmp_path: Path) -> None:
    (tmp_path / "modules" / "db").mkdir(parents=True)
    (tmp_path / "modules" / "db" / "main.tf").write_text(
        'variable "name" {}\nresource "aws_rds_cluster" "src" {\n  cluster_identifier = var.name\n}\n'
        'output "arn" {\n  value = aws_rds_cluster.src.arn\n}\noutput "name" {\n  value = var.name\n}\n')
    (tmp_path / "main.tf").write_text(
        'module "one" {\n  source = "./modules/db"\n  name = "solo"\n}\n'
        'module "many" {\n  source = "./modules/db"\n  for_each = toset(["a", "b"])\n  name = each.key\n}\n'
        'module "counted" {\n  source = "./modules/db"\n  count = 2\n  name = "c${count.index}"\n}\n'
        'resource "aws_rds_integration" "each_output" {\n  for_each = module.one\n'
        '  integration_name = "${each.key}-${each.value}"\n}\n'
        'resource "aws_rds_integration" "each_instance" {\n  for_each = module.many\n'
        '  integration_name = each.value.name\n  source_arn = each.value.arn\n}\n'
        'resource "aws_rds_integration" "over_a_list" {\n  for_each = module.counted\n'
        '  integration_name = each.key\n}\n')
    bodies = _instances(tmp_path)
    # module.one: { arn = ..., name = "solo" }; its keys are the output names.
    assert bodies['aws_rds_integration.each_output["name"]']["integration_name"] == "name-solo"
    assert 'aws_rds_integration.each_output["arn"]' in bodies
    # module.many: a map of instance objects by key.
    assert bodies['aws_rds_integration.each_instance["b"]']["integration_name"] == "b"
    source = bodies['aws_rds_integration.each_instance["b"]']["source_arn"]
    assert isinstance(source, ResourceRef)
    assert (source.address, source.attribute) == ('module.many["b"].aws_rds_cluster.src', "arn")
    # module.counted is a list of objects, which Terraform's for_each does not take: one template
    # instance, and the reason names the expression.
    (template,) = [name for name in bodies if name.startswith("aws_rds_integration.over_a_list")]
    name = bodies[template]["integration_name"]
    assert isinstance(name, Unknown)
    assert name.reason == ("each.key of aws_rds_integration.over_a_list is unknown: its for_each (module.counted) "
                           "is a list of objects, not a map or a set of strings")


def test_local_modules_count_and_dynamic_blocks(tmp_path: Path) -> None:
    (tmp_path / "modules" / "db").mkdir(parents=True)
    (tmp_path / "main.tf").write_text('module "db" {\n  source = "./modules/db"\n  size = var.size\n}\n'
                                      'variable "size" {\n  default = 1\n}\n')
    (tmp_path / "prod.tfvars").write_text("size = 3\n")
    (tmp_path / "modules" / "db" / "main.tf").write_text(
        'variable "size" {}\n'
        'resource "aws_rds_cluster_instance" "i" {\n  count = var.size\n  identifier = "db-${count.index}"\n}\n'
        'resource "aws_rds_cluster_parameter_group" "pg" {\n  family = "aurora-postgresql16"\n'
        '  dynamic "parameter" {\n    for_each = { "rds.logical_replication" = "1" }\n'
        '    content {\n      name  = parameter.key\n      value = parameter.value\n    }\n  }\n}\n')
    entries = _instances(tmp_path)
    assert [a for a in entries if a.startswith("module.db.aws_rds_cluster_instance")] == [
        "module.db.aws_rds_cluster_instance.i[0]"]
    assert entries["module.db.aws_rds_cluster_parameter_group.pg"]["parameter"] == {
        "rds.logical_replication": "1"}
    entries = _instances(tmp_path, (tmp_path / "prod.tfvars",))
    instances = [body["identifier"] for address, body in entries.items()
                 if address.startswith("module.db.aws_rds_cluster_instance")]
    assert instances == ["db-0", "db-1", "db-2"]


def _lint(directory: Path, *args: str) -> tuple[int, str]:
    previous = os.getcwd()
    os.chdir(directory)
    try:
        result = CliRunner().invoke(app, ["check", ".", *args], catch_exceptions=False)
    finally:
        os.chdir(previous)
    return result.exit_code, result.stdout


def test_the_terraform_example_lints_clean() -> None:
    exit_code, output = _lint(EXAMPLE)
    assert exit_code == 0, output
    assert "no findings" in output and "8 files" in output


def test_a_remote_module_and_a_variable_without_value_give_no_false_error() -> None:
    for case in ("bad_tf_remote_module", "bad_tf_variable_without_value"):
        exit_code, output = _lint(FIXTURES / "ZE902" / case)
        assert exit_code == 0, output
        assert "ZE902" in output and "[error]" not in output, output


def test_a_tf_file_is_never_read_as_yaml(tmp_path: Path) -> None:
    (tmp_path / "broken.tf").write_text('resource "aws_rds_cluster" {\n')
    exit_code, output = _lint(tmp_path)
    assert "ZE901" in output and "broken.tf cannot be parsed" in output, output
    assert "YAML" not in output


def test_module_count_and_for_each_give_one_module_instance_per_key(tmp_path: Path) -> None:
    (tmp_path / "modules" / "db").mkdir(parents=True)
    (tmp_path / "main.tf").write_text(
        'module "db" {\n  source = "./modules/db"\n  count = 2\n  ver = count.index == 0 ? "16.4" : "16.1"\n}\n'
        'module "each" {\n  source = "./modules/db"\n  for_each = { a = "16.4", b = "15.2" }\n  ver = each.value\n}\n'
        'module "none" {\n  source = "./modules/db"\n  count = 0\n  ver = "1"\n}\n'
        'locals {\n  first = module.db[1].arn\n  keyed = module.each["b"].arn\n  whole = module.each.arn\n}\n')
    (tmp_path / "modules" / "db" / "main.tf").write_text(
        'variable "ver" {}\nresource "aws_rds_cluster" "src" {\n  engine_version = var.ver\n}\n'
        'output "arn" {\n  value = aws_rds_cluster.src.arn\n}\n')
    entries = _instances(tmp_path)
    versions = {address: body["engine_version"] for address, body in entries.items()}
    assert versions == {"module.db[0].aws_rds_cluster.src": "16.4", "module.db[1].aws_rds_cluster.src": "16.1",
                        'module.each["a"].aws_rds_cluster.src': "16.4", 'module.each["b"].aws_rds_cluster.src': "15.2"}
    found = load_terraform([tmp_path / "main.tf"], [], lambda path, shown: Path(path).read_text(),
                           lambda path: Path(path).as_posix())
    root = found.roots[0]
    evaluator = Evaluator({})
    first = root.local("first", evaluator)
    assert isinstance(first, ResourceRef) and (first.address, first.attribute) == ("module.db[1].aws_rds_cluster.src", "arn")
    assert root.local("keyed", evaluator).address == 'module.each["b"].aws_rds_cluster.src'
    whole = root.local("whole", evaluator)
    assert isinstance(whole, Unknown) and 'module.each["<key>"].arn' in whole.reason


def test_tf_var_environment_variables_come_before_tfvars_files(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'variable "a" {}\nvariable "b" {}\nvariable "ids" {\n  type = list(string)\n}\n'
        'resource "aws_rds_cluster" "src" {\n  engine_version = var.a\n  engine = var.b\n'
        '  cluster_identifier = var.ids[1]\n}\n')
    (tmp_path / "terraform.tfvars").write_text('b = "aurora-postgresql"\n')
    environment = {"TF_VAR_a": "16.4", "TF_VAR_b": "aurora-mysql", "TF_VAR_ids": '["x", "y"]', "TF_VAR_c": "1"}
    found = load_terraform([tmp_path / "main.tf"], [], lambda path, shown: Path(path).read_text(),
                           lambda path: Path(path).as_posix(), environment)
    properties = _arguments(found.resources[0])
    # The environment sets a, and a list for a variable whose type is a list; terraform.tfvars wins over it for b.
    assert (properties["engine_version"], properties["engine"], properties["cluster_identifier"]) == (
        "16.4", "aurora-postgresql", "y")


def test_values_point_where_they_are_written(tmp_path: Path) -> None:
    (tmp_path / "modules" / "db").mkdir(parents=True)
    (tmp_path / "main.tf").write_text('module "db" {\n  source = "./modules/db"\n  ver = local.v\n}\n'
                                      'locals {\n  v = "16.1"\n}\n')
    (tmp_path / "modules" / "db" / "main.tf").write_text(
        'variable "ver" {}\nvariable "mode" {\n  default = "provisioned"\n}\n'
        'resource "aws_rds_cluster" "src" {\n  engine_version = var.ver\n  engine_mode = var.mode\n'
        '  cluster_identifier = "db-${var.ver}"\n}\n')
    found = load_terraform([tmp_path / "main.tf"], [], lambda path, shown: Path(path).read_text(),
                           lambda path: Path(path).as_posix())
    [declared] = [found for found in found.resources if found.address == "module.db.aws_rds_cluster.src"]
    spans = {name: (Path(argument.location.path or "").parent.name, argument.location.line, argument.location.column)
             for name, argument in declared.arguments.items()}
    assert spans["engine_version"] == (tmp_path.name, 6, 7)  # the local in the root module
    assert spans["engine_mode"] == ("db", 3, 13)  # the variable's default
    assert spans["cluster_identifier"] == ("db", 8, 24)  # assembled: where it is used


def test_json_is_read_with_the_position_of_every_key_and_value() -> None:
    from zeroetl_lint.artifacts.terraform.json_read import JsonProblem, read_json

    text = '{\n  "a": [1, {"b": "x\\"y"}],\n  "c": null\n}'
    data = read_json("f.json", text)
    assert data == {"a": [1, {"b": 'x"y'}], "c": None}
    inner = data["a"][1]
    assert (data.key_pos["c"].line, data.key_pos["c"].column) == (3, 3)
    assert (data.value_pos["a"].line, data.value_pos["a"].column, data.value_pos["a"].end_column) == (2, 8, 25)
    assert (inner.value_pos["b"].column, inner.value_pos["b"].end_column) == (18, 23)
    assert (data["a"].item_pos[0].column, data.pos.end_line) == (9, 4)
    problem = read_json("f.json", '{"a": }')
    assert isinstance(problem, JsonProblem) and (problem.line, problem.column) == (1, 7)
    assert problem.message.startswith("invalid JSON: ")


def test_the_hcl_parse_tables_are_cached_in_the_user_cache_directory(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from zeroetl_lint.artifacts.terraform import grammar

    assert grammar.parser().parse('a = "x"\n') is not None
    assert [path.name for path in grammar.cache_directory().glob("hcl2-lark-*.bin")]
    assert [path.name for path in grammar.cache_directory().glob("hcl2-parser-*.pickle")]
    monkeypatch.setattr(grammar.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert grammar.cache_directory() == tmp_path / "zeroetl-lint"


def test_the_pickled_parser_parses_as_the_one_built_from_the_grammar(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from zeroetl_lint.artifacts.terraform import grammar

    monkeypatch.setattr(grammar, "cache_directory", lambda: tmp_path)
    monkeypatch.setattr(grammar, "_made", [])
    built = grammar.parser()  # nothing cached: built, then pickled
    (pickled,) = tmp_path.glob("hcl2-parser-*.pickle")
    monkeypatch.setattr(grammar, "_made", [])
    loaded = grammar.parser()
    assert loaded is not built
    for path in sorted(EXAMPLE.rglob("*.tf")):
        text = path.read_text()
        assert loaded.parse(text) == built.parse(text), path
    # A damaged file is rebuilt, not trusted.
    pickled.write_bytes(b"not a pickle")
    monkeypatch.setattr(grammar, "_made", [])
    assert grammar.parser().parse('a = "x"\n') == built.parse('a = "x"\n')
    assert pickled.read_bytes() != b"not a pickle"


def test_unchanged_files_are_read_from_the_cache_and_changed_ones_parsed(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from zeroetl_lint.artifacts.terraform import cache, hcl

    monkeypatch.setattr(cache, "cache_directory", lambda: tmp_path / "cache")
    (tmp_path / "main.tf").write_text('resource "aws_rds_cluster" "src" {\n  engine = "aurora-postgresql"\n}\n')
    first = _instances(tmp_path)
    calls: list[str] = []
    real = hcl.parse_hcl
    monkeypatch.setattr(hcl, "parse_hcl", lambda path, text: calls.append(path) or real(path, text))
    assert _instances(tmp_path) == first and calls == []
    (tmp_path / "main.tf").write_text('resource "aws_rds_cluster" "src" {\n  engine = "aurora-mysql"\n}\n')
    assert _instances(tmp_path)["aws_rds_cluster.src"]["engine"] == "aurora-mysql"
    assert len(calls) == 1
    # A damaged entry is parsed again, not trusted.
    for entry in (tmp_path / "cache" / "parsed").iterdir():
        entry.write_bytes(b"not a pickle")
    assert _instances(tmp_path)["aws_rds_cluster.src"]["engine"] == "aurora-mysql"
    assert len(calls) == 2
