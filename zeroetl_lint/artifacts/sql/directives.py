"""Give each suppression comment in a SQL file the lines it speaks for, as the statements stream past."""

from __future__ import annotations

from zeroetl_lint.artifacts.sql.split import Directive, Item, Statement
from zeroetl_lint.model.directives import SqlDirective


class DirectiveScopes:
    """Collects the directives of one file: feed it every split item, then call finish().

    A comment before a statement covers that statement; one after a statement on the same line
    covers that statement; one inside a statement covers its own line, or the next line of SQL when
    it stands alone on its line; one with no statement after it covers its own line.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.found: list[SqlDirective] = []
        self._pending: list[Directive] = []
        self._inside: list[Directive] = []
        self._previous: tuple[int, int] | None = None

    def see(self, item: Item) -> None:
        if isinstance(item, Directive):
            if item.inside_statement:
                self._inside.append(item)
            elif item.code_before and self._previous is not None:
                self._add(item, *self._previous)
            else:
                self._pending.append(item)
        elif isinstance(item, Statement):
            for directive in self._pending:
                self._add(directive, item.line, item.end_line)
            for directive in self._inside:
                target = directive.line if directive.code_before else _next_sql_line(item, directive.line)
                self._add(directive, target, target)
            self._pending, self._inside = [], []
            self._previous = (item.line, item.end_line)

    def finish(self) -> list[SqlDirective]:
        for directive in self._pending + self._inside:
            self._add(directive, directive.line, directive.line)
        self._pending, self._inside = [], []
        return self.found

    def _add(self, directive: Directive, first_line: int, last_line: int) -> None:
        self.found.append(SqlDirective(self.path, directive.line, directive.column, directive.text,
                                       first_line, last_line))


def _next_sql_line(statement: Statement, after: int) -> int:
    """The first line after `after` inside the statement that holds SQL rather than a comment."""
    lines = statement.text.split("\n")
    for offset in range(after - statement.line + 1, len(lines)):
        stripped = lines[offset].strip()
        if stripped and not stripped.startswith("--"):
            return statement.line + offset
    return after
