"""Every data-filter example in aws-facts.md §4, exactly as AWS documents it (shell quotes included)."""

from __future__ import annotations

# (engine, value as written in the docs). The console examples are patterns of one grouped
# Include; every other example is a CLI/API value wrapped in shell quotes.
CONSOLE_PATTERNS = [
    ("mysql", r"mydb.mytable, mydb./table_\d+/"),
    ("postgresql", r"mydb.myschema.mytable, mydb.myschema./table_\d+/"),
]

DOCUMENTED = [
    ("mysql", "'include: *.*'"),
    ("mysql", "'include: books.*'"),
    ("mysql", "'include: *.*, exclude: *.mystery'"),
    ("mysql", "'include: books.stephen_king, include: books.carolyn_keene'"),
    ("mysql", "'include: books.*, exclude: books./.*mystery.*/'"),
    ("mysql", "'include: books.*, exclude: books./mystery.*/'"),
    ("mysql", "'include: books.*, exclude: books./.*mystery/'"),
    ("mysql", "'include: books./table_.*/, exclude: books.table_stephen_king'"),
    ("postgresql", "'include: books.*.*'"),
    ("postgresql", "'include: books.*.*, exclude: books.*.mystery'"),
    ("postgresql", "'include: books.mystery.stephen_king, include: employee.finance.benefits'"),
    # sic: the docs example is missing its closing quote.
    ("postgresql", "'include: books.science_fiction.*, exclude: books.*./.*king.*/"),
    ("postgresql", "'include: books.*.*, exclude: books./sci.*/.*'"),
    ("postgresql", "'include: books.*.*, exclude: books.mystery./.*king/'"),
    ("postgresql", "'include: books.*./table_.*/, exclude: books.*.table_stephen_king'"),
    ("postgresql", "'include: mydb.myschema.mytable, include: mydb.myschema./table_\\d+/'"),
    ("mysql", "'include: foodb.*, exclude: foodb.tbl, exclude: foodb./table_\\d+/'"),
    # Maxwell's own examples (no shell quotes there).
    ("mysql", "exclude: foodb.*, include: foodb.tbl, include: foodb./table_\\d+/"),
    ("mysql", "exclude: *.*, include: db1.*"),
]


def unquote(value: str) -> str:
    """The value without the shell quotes that the docs put around it."""
    if value.startswith("'"):
        value = value[1:]
    return value[:-1] if value.endswith("'") else value
