"""The keys of [tool.zeroetl-lint] (in pyproject.toml or .zeroetl-lint.toml), validated with pydantic."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from zeroetl_lint.errors import UsageError


def _listify(value: Any) -> Any:
    """Accept "ZE1,ZE2" or "path" where a list is expected: that is how people write one value."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _path_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Codes = Annotated[list[str], BeforeValidator(_listify)]
PathList = Annotated[list[str], BeforeValidator(_path_list)]


class ConfigModel(BaseModel):
    """The keys allowed in [tool.zeroetl-lint] (or at the top of .zeroetl-lint.toml)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)

    paths: PathList | None = None
    select: Codes | None = None
    ignore: Codes | None = None
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    fail_on: Literal["error", "warning", "info", "never"] | None = Field(None, alias="fail-on")
    exit_zero: bool | None = Field(None, alias="exit-zero")
    exclude: PathList = Field(default_factory=list)
    per_file_ignores: dict[str, Codes] = Field(default_factory=dict, alias="per-file-ignores")
    per_object_ignores: dict[str, Codes] = Field(default_factory=dict, alias="per-object-ignores")
    schemas: dict[str, PathList] = Field(default_factory=dict)
    baseline: str | None = None
    format: PathList | None = None
    output_file: str | None = Field(None, alias="output-file")
    connect_timeout: float | None = Field(None, alias="connect-timeout", gt=0, le=3600)
    statement_timeout: float | None = Field(None, alias="statement-timeout", gt=0, le=3600)
    # Resources meant as zero-ETL sources and targets whose integration is not among the inputs
    # (logical ids, CDK construct paths or identifiers): the source and target rules check them.
    sources: PathList = Field(default_factory=list)
    targets: PathList = Field(default_factory=list)
    # false: read and write nothing in the user cache directory (parsed Terraform files), as --no-cache.
    cache: bool | None = None


def validate(section: dict[str, Any], prefix: str) -> ConfigModel:
    """The config table checked against the model; a problem is a one-line UsageError starting with prefix."""
    try:
        return ConfigModel.model_validate(section)
    except ValidationError as error:
        raise UsageError(prefix + "; ".join(_describe(problem) for problem in error.errors())) from None


def _describe(problem: Mapping[str, Any]) -> str:
    key = ".".join(str(part) for part in problem["loc"])
    if problem["type"] == "extra_forbidden":
        return f"unknown key {key!r}"
    return f"{key}: {problem['msg']}"
