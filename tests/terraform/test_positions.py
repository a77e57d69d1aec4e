"""Findings inside a Terraform string point at the character: quoted_positions maps decoded offsets to columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from zeroetl_lint import LintOptions, lint
from zeroetl_lint.artifacts.terraform.positions import quoted_positions
from zeroetl_lint.artifacts.terraform.syntax import Pos


def _pos(text: str, literal: str, line: int = 1) -> Pos:
    start = text.index(literal)
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return Pos("main.tf", line, column, line, column + len(literal) - 1, start, start + len(literal))


@pytest.mark.parametrize(("literal", "value", "offset", "column"), [
    ('"include: shop.*.*"', "include: shop.*.*", 9, 15),  # `shop`: the quote is column 5
    ('"a\\\\z"', "a\\z", 2, 9),  # after `\\`, one character written as two
    ('"\\u00e9x"', "éx", 1, 12),  # after a \u escape of six characters
    ('"$${x}"', "${x}", 1, 8),  # `$${` is a literal `${`
    ('"ab"', "ab", 2, 8),  # the end of the value: the closing quote
])
def test_decoded_offsets_map_to_the_columns_they_are_written_at(literal: str, value: str, offset: int,
                                                                 column: int) -> None:
    text = f"x = {literal}\n"
    position_of = quoted_positions(text, _pos(text, literal), value)
    assert position_of is not None and position_of(offset) == (1, column)


@pytest.mark.parametrize(("literal", "value"), [
    ('"db-${var.x}"', "db-1"),  # an interpolation: the value is assembled
    ('"other"', "include: shop.*.*"),  # the value comes from elsewhere
    ('"bad \\q"', "bad \\q"),  # not an escape HCL has
])
def test_no_positions_when_the_literal_is_not_the_value(literal: str, value: str) -> None:
    text = f"x = {literal}\n"
    assert quoted_positions(text, _pos(text, literal), value) is None


def test_a_filter_set_in_tfvars_is_pointed_at_where_it_is_written(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'variable "filter" {}\n'
        'resource "aws_rds_integration" "zetl" {\n'
        '  integration_name = "z"\n'
        '  source_arn       = "arn:aws:rds:us-east-1:123456789012:cluster:shop"\n'
        '  target_arn       = "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/abc"\n'
        '  data_filter      = var.filter\n'
        '}\n')
    (tmp_path / "terraform.tfvars").write_text('filter = "include: shop.*.*, include shop.x.y"\n')
    report = lint(LintOptions(paths=(str(tmp_path),), select=("ZE501",)))
    [finding] = report.findings
    # `shop` of the second clause: offset 27 of the value, which starts in column 11 after `filter = "`.
    assert (Path(finding.location.path or "").name, finding.location.line, finding.location.column) == (
        "terraform.tfvars", 1, 11 + 27)
