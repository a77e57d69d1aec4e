"""The zero-ETL data-filter language parsed into the model's ParsedFilter, with exact offsets, never raising."""

from __future__ import annotations

# Grammar (Maxwell filter syntax as used by the RDS ``DataFilter``, aws-facts §4)::
#
#     filter  := clause ("," clause)*
#     clause  := ("include" | "exclude") ":" pattern        keyword in any case, spaces anywhere between tokens
#     pattern := part ("." part)*
#     part    := name | "quoted name" | "*" | /regex/
#
# Decisions where AWS documents nothing (aws-facts §4 marks quoting and case **unverified**):
#
# - Quoted names follow Maxwell's tokenizer (``java.io.StreamTokenizer`` with ``"`` as quote
#   character): ``\"`` is a quote and ``\\`` a backslash inside the name. ``""`` is **not** an
#   escape: the tokenizer ends the name at the second quote, so ``"a""b"`` is reported. Any other
#   backslash is reported too, because the tokenizer would silently drop it (``"t_\d"`` means
#   ``t_d``), which is never what the author meant.
# - Single quotes and backticks are quote characters for Maxwell as well; they are parsed the same
#   way so that the rest of the filter can still be checked, and the characters check reports them
#   (neither is in the API's character set).
# - A ``/regex/`` ends at the first slash not preceded by a backslash escape; ``\`` escapes the next
#   character, so ``\/`` is a slash inside the regex and ``\\/`` a backslash followed by the end.
#   The regex text is kept verbatim (``\/`` included): Java reads ``\/`` as a slash.
# - Spaces around ``.`` and ``:`` are accepted (Maxwell's tokenizer skips them).
# - Clauses keep only what parsed completely; a clause with a problem inside it is left out of
#   ``ParsedFilter.clauses`` but still counts for ``Clause.index``, so indices match what the
#   author wrote.

import re
from functools import lru_cache

from zeroetl_lint.model.data_filter.syntax import Clause, ClauseType, FilterProblem, ParsedFilter, Part, PartKind

__all__ = ["parse_filter", "shell_quote_offsets"]


_KEYWORD = re.compile(r"(?i)\s*(include|exclude)\s*:")
_QUOTES = "\"'`"
_EXPECTED_PART = 'a name, `*`, a "quoted name" or a /regex/'
_COLUMN_FILTER = ("column-value filters (`database.table.column = value`) are not supported by zero-ETL "
                  "filters; found `=`, expected `,` or the end of the filter")


def _is_name_char(char: str) -> bool:
    # ASCII word characters are Maxwell's unquoted names; other letters are accepted too so that
    # a non-ASCII name yields one characters finding rather than a cascade of syntax errors.
    return char == "_" or char.isalnum()


def _describe(text: str, pos: int, end: int) -> str:
    """How a message names what was found at ``pos``."""
    if pos >= end:
        return "the end of the filter"
    char = text[pos]
    if _is_name_char(char):
        stop = pos
        while stop < end and _is_name_char(text[stop]):
            stop += 1
        return f"`{text[pos:stop]}`"
    if char == "\n":
        return "a line break"
    if char == "\t":
        return "a tab"
    if not char.isprintable():
        return f"U+{ord(char):04X}"
    return f"`{char}`"


def _excerpt(source: str, limit: int = 40) -> str:
    return source if len(source) <= limit else source[: limit - 1] + "…"


def shell_quote_offsets(text: str) -> tuple[int, ...]:
    """Offsets of quotes wrapping the whole value (``'include: …'``), pasted from a shell command.

    An opening quote counts when the first clause keyword follows it; the closing quote is the
    same character at the very end, and may be missing (one AWS docs example lacks it).
    """
    stripped_start = len(text) - len(text.lstrip())
    if stripped_start >= len(text) or text[stripped_start] not in "'\"":
        return ()
    quote = text[stripped_start]
    if not _KEYWORD.match(text, stripped_start + 1):
        return ()
    last = len(text.rstrip()) - 1
    if last > stripped_start and text[last] == quote:
        return (stripped_start, last)
    return (stripped_start,)


def _clause_separators(text: str) -> tuple[int, ...]:
    """Offsets of the top-level commas, the way clauses are split: slashes, quotes and escapes respected.

    Unlike the parser's recovery, this counts every comma (a stray one too), so that a problem
    inside a rejected clause is numbered by the commas written before it.
    """
    found: list[int] = []
    closing = ""
    position = 0
    while position < len(text):
        char = text[position]
        if char == "\\" and closing:
            position += 2  # an escaped character never opens or closes anything
            continue
        if closing:
            if char == closing:
                closing = ""
        elif char in "/\"'`":
            closing = char
        elif char == ",":
            found.append(position)
        position += 1
    return tuple(found)


class _Parser:
    """A hand-written scanner: every token keeps its offsets and every problem is recorded, never raised."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.end = len(text)
        self.index = 0
        self.clauses: list[Clause] = []
        self.problems: list[FilterProblem] = []
        self.shell_quotes: tuple[int, ...] = ()

    # -- helpers ---------------------------------------------------------------------------------

    def problem(self, start: int, end: int, message: str, fix: str) -> None:
        # "Found the end of the filter" points between characters: clamp to a zero-width span.
        end = min(end, len(self.text))
        self.problems.append(FilterProblem(min(start, end), end, message, fix))

    def skip_spaces(self, pos: int) -> int:
        while pos < self.end and self.text[pos].isspace():
            pos += 1
        return pos

    def closing(self, pos: int) -> int:
        """Given the offset of an opening ``/`` or quote, the offset of its closing twin (or ``end``).

        A backslash escapes the next character in both regexes and quoted names.
        """
        closer = self.text[pos]
        pos += 1
        while pos < self.end:
            char = self.text[pos]
            if char == "\\":
                pos += 2
                continue
            if char == closer:
                return pos
            pos += 1
        return self.end

    def next_comma(self, pos: int) -> int:
        """Recovery: the next comma that is not inside a quoted name or a regex."""
        while pos < self.end:
            char = self.text[pos]
            if char == ",":
                return pos
            if char == "/" or char in _QUOTES:
                pos = self.closing(pos)
            pos += 1
        return self.end

    def keyword_at(self, pos: int) -> bool:
        return _KEYWORD.match(self.text, pos, self.end) is not None

    # -- grammar ---------------------------------------------------------------------------------

    def parse(self) -> ParsedFilter:
        text = self.text
        if not text.strip():
            self.problem(
                0, len(text),
                "the filter is empty; expected at least one clause such as `include: mydb.*.*`",
                "Write a filter such as `include: mydb.*.*`, or remove the DataFilter property.",
            )
            return self.result()
        quotes = self.shell_quotes = shell_quote_offsets(text)
        if quotes:
            self.pos = quotes[0] + 1
            if len(quotes) == 2:
                self.end = quotes[1]
            if text[quotes[0]] == '"':
                # A single quote is outside the API's character set and the characters check
                # reports it; a double quote is allowed there, so only the parser can say it.
                self.problem(
                    quotes[0], quotes[0] + 1,
                    'the whole filter is wrapped in double quotes; expected `include:` or `exclude:` '
                    "at the start. The quotes become part of the value: remove the shell quotes",
                    "Remove the shell quotes around the filter.",
                )
        after_comma: int | None = None
        seen_clause = False
        while True:
            self.pos = self.skip_spaces(self.pos)
            if self.pos >= self.end:
                if after_comma is not None:
                    self.problem(
                        after_comma, after_comma + 1,
                        "trailing `,` at the end of the filter; expected another clause after it",
                        "Remove the trailing comma.",
                    )
                break
            if text[self.pos] == ",":
                if not seen_clause:
                    self.problem(
                        self.pos, self.pos + 1,
                        "the filter starts with `,`; expected `include:` or `exclude:`",
                        "Remove the leading comma.",
                    )
                elif after_comma is not None:
                    self.problem(
                        self.pos, self.pos + 1,
                        "stray `,`: expected a clause (`include:` or `exclude:`) between two commas",
                        "Remove the extra comma.",
                    )
                after_comma = self.pos
                self.pos += 1
                continue
            after_comma = None
            seen_clause = True
            self.clause()
        return self.result()

    def result(self) -> ParsedFilter:
        problems = sorted(self.problems, key=lambda p: (p.start, p.end))
        return ParsedFilter(self.text, tuple(self.clauses), tuple(problems), self.shell_quotes,
                            _clause_separators(self.text))

    def clause(self) -> None:
        text, start = self.text, self.pos
        self.index += 1
        word_end = start
        while word_end < self.end and _is_name_char(text[word_end]):
            word_end += 1
        word = text[start:word_end]
        after_word = self.skip_spaces(word_end)
        has_colon = after_word < self.end and text[after_word] == ":"
        complete = True
        if word.lower() in ("include", "exclude"):
            clause_type = ClauseType(word.lower())
            if has_colon:
                self.pos = after_word + 1
            else:
                self.problem(
                    after_word, after_word + 1,
                    f"expected `:` after `{word}`, found {_describe(text, after_word, self.end)}",
                    f"Write `{word.lower()}: ` before the pattern.",
                )
                complete = False
                self.pos = word_end
        elif word and has_colon:
            if word.lower() == "blacklist":
                message = ("denylists (`blacklist:`) are not supported by zero-ETL filters; "
                           "expected `include:` or `exclude:`")
                fix = "Use `exclude:` instead of `blacklist:`."
            else:
                message = f"unknown clause type `{word}`; expected `include:` or `exclude:`"
                fix = "Start the clause with `include:` or `exclude:`."
            self.problem(start, word_end, message, fix)
            clause_type = ClauseType.INCLUDE  # unused: the clause is incomplete
            complete = False
            self.pos = after_word + 1
        else:
            stop = self.next_comma(start)
            pattern_end = len(text[:stop].rstrip())
            shown = _excerpt(text[start:pattern_end])
            self.problem(
                start, max(pattern_end, start + 1),
                f"`{shown}` has no `include:` or `exclude:` prefix; every pattern in the API form "
                "needs its own prefix (the console's grouped form does not apply)",
                f"Write `include: {shown}` (or `exclude: …`).",
            )
            self.pos = stop
            return
        self.pattern(start, clause_type, complete)

    def pattern(self, clause_start: int, clause_type: ClauseType, complete: bool) -> None:
        text = self.text
        self.pos = self.skip_spaces(self.pos)
        if self.pos >= self.end or text[self.pos] == ",":
            self.problem(
                clause_start, self.pos,
                f"empty pattern after `{text[clause_start:self.pos].strip()}`; expected a pattern "
                "such as `database.schema.table`",
                "Add a pattern, e.g. `include: mydb.*.*`, or remove the clause.",
            )
            return
        parts: list[Part] = []
        while True:
            part = self.part(after_dot=bool(parts))
            if part is None:
                self.pos = self.next_comma(self.pos)
                return
            parts.append(part)
            if not self.part_ends_cleanly(part):
                self.pos = self.next_comma(self.pos)
                return
            after = self.skip_spaces(self.pos)
            if after < self.end and text[after] == ".":
                self.pos = self.skip_spaces(after + 1)
                continue
            break
        after = self.skip_spaces(self.pos)
        if after < self.end and text[after] != ",":
            if self.keyword_at(after):
                word_end = after
                while word_end < self.end and _is_name_char(text[word_end]):
                    word_end += 1
                self.problem(
                    after, word_end,
                    f"expected `,` between clauses, found `{text[after:word_end]}`",
                    "Separate clauses with `, `.",
                )
            else:
                if text[after] == "=":
                    self.problem(after, after + 1, _COLUMN_FILTER, "Filter whole tables only.")
                else:
                    self.problem(
                        after, after + 1,
                        f"unexpected {_describe(text, after, self.end)} after the pattern; expected "
                        "`.`, `,` or the end of the filter",
                        "Remove the character or separate clauses with `, `.",
                    )
                self.pos = self.next_comma(after)
                return
        self.pos = after
        if complete:
            self.clauses.append(
                Clause(self.index, clause_type, tuple(parts), clause_start, parts[-1].end)
            )

    def part_ends_cleanly(self, part: Part) -> bool:
        """A part must be followed by a space, `.`, `,` or the end; say what went wrong otherwise."""
        text, pos = self.text, part.end
        if pos >= self.end or text[pos].isspace() or text[pos] in ".,":
            return True
        char = text[pos]
        written = text[part.start:pos]
        if char == "*" or (part.kind is PartKind.STAR and _is_name_char(char)):
            stop = pos
            while stop < self.end and (_is_name_char(text[stop]) or text[stop] == "*"):
                stop += 1
            glob = text[part.start:stop]
            regex = glob.replace("*", ".*")
            message = (f"`{glob}` is not a wildcard pattern: `*` matches a whole name and cannot be "
                       "combined with other characters; expected `.`, `,` or the end of the pattern")
            fix = f"Use a regular expression such as `/{regex}/`."
        elif part.quoted and char == text[part.start]:
            message = (f"a quoted name ends at offset {pos - 1} and another begins: `{char}{char}` does "
                       f"not escape a quote inside a quoted name; expected `.`, `,` or the end")
            fix = f"Write `\\{char}` for a quote inside a quoted name."
        elif char in "-$" and part.kind is PartKind.NAME and not part.quoted:
            stop = pos
            while stop < self.end and (_is_name_char(text[stop]) or text[stop] in "-$"):
                stop += 1
            message = (f"`{char}` cannot appear in an unquoted name (found in `{text[part.start:stop]}`); "
                       "unquoted names are letters, digits and `_`")
            fix = f'Write the name in double quotes: "{text[part.start:stop]}".'
        elif char == "=":
            message, fix = _COLUMN_FILTER, "Filter whole tables only."
        else:
            message = (f"unexpected {_describe(text, pos, self.end)} right after `{_excerpt(written)}`; "
                       "expected `.`, `,` or the end of the pattern")
            fix = "Separate parts with `.`; a name, `*`, quoted name or regex must fill a whole part."
        self.problem(pos, pos + 1, message, fix)
        self.pos = pos
        return False

    def part(self, *, after_dot: bool) -> Part | None:
        text, pos = self.text, self.pos
        char = text[pos] if pos < self.end else ""
        if char == "*":
            self.pos = pos + 1
            return Part(PartKind.STAR, "*", pos, pos + 1)
        if char and _is_name_char(char):
            stop = pos
            while stop < self.end and _is_name_char(text[stop]):
                stop += 1
            self.pos = stop
            return Part(PartKind.NAME, text[pos:stop], pos, stop)
        if char and char in _QUOTES:
            return self.quoted(pos)
        if char == "/":
            return self.regex(pos)
        where = " after `.`" if after_dot else ""
        if after_dot and char == ".":
            message = f"empty part between two dots; expected {_EXPECTED_PART}"
        elif after_dot and (not char or char == ","):
            message = f"the pattern ends with `.`; expected {_EXPECTED_PART} after it"
        else:
            message = f"expected {_EXPECTED_PART}{where}, found {_describe(text, pos, self.end)}"
        self.problem(pos, min(pos + 1, self.end) if char else pos, message,
                     "Write each part as a name, `*`, a double-quoted name or a /regex/.")
        self.pos = pos
        return None

    def quoted(self, start: int) -> Part | None:
        text, quote = self.text, self.text[start]
        pos, value, good = start + 1, [], True
        while pos < self.end:
            char = text[pos]
            if char == quote:
                break
            if char == "\\" and pos + 1 < self.end:
                escaped = text[pos + 1]
                if escaped in (quote, "\\"):
                    value.append(escaped)
                else:
                    self.problem(
                        pos, pos + 2,
                        f"`\\{escaped}` is not an escape in a quoted name; expected `\\{quote}` or `\\\\` "
                        f"(Maxwell's tokenizer would drop the backslash and read `{escaped}`)",
                        "Use a /regex/ part to match a pattern, or `\\\\` for a backslash.",
                    )
                    good = False
                pos += 2
                continue
            value.append(char)
            pos += 1
        if pos >= self.end:
            self.problem(
                start, self.end,
                f"unterminated quoted name starting at offset {start}: expected a closing `{quote}`",
                f"Close the name with `{quote}`.",
            )
            self.pos = self.end
            return None
        self.pos = pos + 1
        if not value:
            self.problem(start, pos + 1, f"empty quoted name `{quote}{quote}`; expected a name between the quotes",
                         "Write the name between the quotes, or use `*` for any name.")
            return None
        return Part(PartKind.NAME, "".join(value), start, pos + 1, quoted=True) if good else None

    def regex(self, start: int) -> Part | None:
        close = self.closing(start)
        if close >= self.end:
            self.problem(
                start, self.end,
                f"unterminated regular expression starting at offset {start}: expected a closing `/`",
                "End the regular expression with `/`; write `\\/` for a slash inside it.",
            )
            self.pos = self.end
            return None
        self.pos = close + 1
        if close == start + 1:
            self.problem(start, close + 1, "empty regular expression `//`; it matches only an empty name",
                         "Use `*` to match every name.")
            return None
        return Part(PartKind.REGEX, self.text[start + 1:close], start, close + 1)


@lru_cache(maxsize=256)
def parse_filter(text: str) -> ParsedFilter:
    """Parse a filter; never raises, returning the problems instead.

    Cached: parsing is pure, and the loader, the `filter` command and the language server's repeated
    runs parse the same few filters.
    """
    return _Parser(text).parse()

