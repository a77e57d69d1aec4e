"""A suppression comment of a SQL input, with the lines of SQL it speaks for (the suppressions read them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SqlDirective:
    """A ``-- zeroetl-lint: ...`` comment, where it is, and the lines of SQL it covers."""

    path: str
    line: int
    column: int
    text: str
    first_line: int
    last_line: int

    @property
    def end_column(self) -> int:
        return self.column + len(self.text) - 1
