"""Read .tf files with python-hcl2's lark grammar into the syntax tree, keeping every node's position.

python-hcl2 8.x serialises to dicts without positions (its `with_meta` option does nothing), so the
lark parse tree it builds, which has `propagate_positions=True`, is converted here instead.
lark is imported only when a .tf file must be parsed (grammar.py), the hcl2 package never.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from zeroetl_lint.artifacts.terraform.syntax import (
    Attribute,
    BinOp,
    Block,
    Body,
    Call,
    Cond,
    Expr,
    For,
    GetAttr,
    Index,
    Lit,
    Name,
    Obj,
    Opaque,
    Pos,
    Splat,
    TfFile,
    Tmpl,
    Tup,
    Unary,
)

# HCL string escapes (the quoted-template grammar); \uNNNN and \UNNNNNNNN too.
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_HEREDOC = re.compile(r"<<(-?)([A-Za-z][A-Za-z0-9._-]*)\r?\n(.*?)(?:\r?\n)?[ \t]*\2\r?\n?\Z", re.S)


@dataclass(frozen=True, slots=True)
class HclError(Exception):
    """A .tf file that does not parse: what and where (1-based)."""

    message: str
    line: int | None = None
    column: int | None = None


def _parser() -> Any:
    from zeroetl_lint.artifacts.terraform.grammar import parser

    return parser()


def parse_hcl(path: str, text: str) -> TfFile:
    """Parse one .tf file; raise HclError when it is not valid HCL."""
    parser = _parser()  # first: it imports lark its own way
    from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

    # The grammar wants a final line break (comments and heredocs end with one).
    source = text if text.endswith("\n") else text + "\n"
    try:
        tree = parser.parse(source)
    except UnexpectedToken as error:
        shown = ("end of file" if error.token.type == "$END" else
                 "end of line" if str(error.token).startswith(("\n", "#", "//")) else repr(str(error.token)))
        raise HclError(f"unexpected {shown}", error.line if error.line > 0 else None,
                       error.column if error.column > 0 else None) from None
    except UnexpectedCharacters as error:
        raise HclError(f"unexpected character {source[error.pos_in_stream]!r}" if error.pos_in_stream < len(source)
                       else "unexpected character", error.line, error.column) from None
    except UnexpectedInput as error:
        raise HclError("invalid HCL", getattr(error, "line", None), getattr(error, "column", None)) from None
    except (LarkError, RecursionError) as error:
        raise HclError(f"invalid HCL ({type(error).__name__})") from None
    reader = _Reader(path, source)
    return TfFile(path, text, reader.body(tree.children[0]))


def parse_expression(path: str, text: str, anchor: Pos) -> Expr:
    """Parse text as one HCL expression (a .tf.json string template); positions fall back to anchor."""
    try:
        tree = _parser().parse(f"x = {text}\n")
    except Exception:  # any parse failure: the text is not an expression
        return Opaque(f"the expression {text!r}, which does not parse", anchor)
    attribute = next(child for child in tree.children[0].children if _rule(child) == "attribute")
    return _Reader(path, "", anchor).expression(attribute.children[-1])


def _rule(node: Any) -> str | None:
    return getattr(node, "data", None)


def _children(node: Any) -> list[Any]:
    """Children without line breaks, comments and punctuation tokens."""
    return [child for child in node.children if _rule(child) not in (None, "new_line_or_comment")]


class _Reader:
    """Turns one lark tree into syntax nodes, with positions in one file."""

    def __init__(self, path: str, text: str, anchor: Pos | None = None) -> None:
        self.path = path
        self.text = text
        # Positions of a re-parsed .tf.json string are meaningless: the whole string stands for them.
        self.anchor = anchor

    def pos(self, node: Any) -> Pos:
        if self.anchor is not None:
            return self.anchor
        meta = getattr(node, "meta", None)
        if meta is not None and not meta.empty:
            return Pos(self.path, meta.line, meta.column, meta.end_line, max(1, meta.end_column - 1),
                       meta.start_pos, meta.end_pos)
        # A token.
        return Pos(self.path, node.line, node.column, node.end_line, max(1, node.end_column - 1),
                   node.start_pos, node.end_pos)

    # -- structure -------------------------------------------------------------------------

    def body(self, node: Any) -> Body:
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        for child in _children(node):
            if child.data == "attribute":
                name_node = child.children[0]
                value = child.children[-1]
                attributes[self.name_of(name_node)] = Attribute(self.name_of(name_node), self.expression(value),
                                                                self.pos(child), self.pos(name_node))
            elif child.data == "block":
                blocks.append(self.block(child))
        return Body(attributes, tuple(blocks))

    def block(self, node: Any) -> Block:
        parts = [child for child in node.children if _rule(child) not in (None, "new_line_or_comment")]
        kind, *labels, body = parts
        return Block(self.name_of(kind), tuple(self.label(label) for label in labels), self.body(body), self.pos(node))

    def name_of(self, node: Any) -> str:
        if _rule(node) == "string":
            return self.label(node)
        token = node.children[0]
        return str(token.children[0] if hasattr(token, "children") else token)

    def label(self, node: Any) -> str:
        if _rule(node) != "string":
            return self.name_of(node)
        return "".join(part if isinstance(part, str) else "${...}" for part in self.string_parts(node))

    # -- expressions -----------------------------------------------------------------------

    def expression(self, node: Any) -> Expr:
        rule = _rule(node)
        handler = getattr(self, f"_{rule}", None)
        if handler is None:
            return Opaque(f"{rule or 'token'} syntax", self.pos(node))
        return handler(node)  # type: ignore[no-any-return]

    def _expr_term(self, node: Any) -> Expr:
        inner = _children(node)
        return self.expression(inner[0])

    def _int_lit(self, node: Any) -> Expr:
        return Lit(int(str(node.children[0])), self.pos(node))

    def _float_lit(self, node: Any) -> Expr:
        return Lit(float(str(node.children[0])), self.pos(node))

    def _literal_value(self, node: Any) -> Expr:
        word = str(node.children[0])
        return Lit({"true": True, "false": False, "null": None}[word], self.pos(node))

    def _identifier(self, node: Any) -> Expr:
        return Name(str(node.children[0]), self.pos(node))

    def _keyword(self, node: Any) -> Expr:
        return Name(str(node.children[0]), self.pos(node))

    def _string(self, node: Any) -> Expr:
        parts = self.string_parts(node)
        if all(isinstance(part, str) for part in parts):
            return Lit("".join(parts), self.pos(node), quoted=True)  # type: ignore[arg-type]
        return Tmpl(tuple(parts), self.pos(node))

    def string_parts(self, node: Any) -> list[str | Expr]:
        parts: list[str | Expr] = []
        for child in node.children:
            if _rule(child) != "string_part":
                continue
            inner = child.children[0]
            if _rule(inner) == "interpolation":
                parts.append(self.expression(_children(inner)[0]))
            elif _rule(inner) is not None:
                parts.append(Opaque("a template directive (%{...})", self.pos(inner)))
            else:
                token = str(inner)
                if inner.type == "ESCAPED_INTERPOLATION":
                    parts.append(token[1:])  # $${ -> ${
                elif inner.type == "ESCAPED_DIRECTIVE":
                    parts.append(token[1:])
                else:
                    parts.append(_unescape(token))
        merged: list[str | Expr] = []
        for part in parts:
            if isinstance(part, str) and merged and isinstance(merged[-1], str):
                merged[-1] += part
            else:
                merged.append(part)
        return merged

    def _template_string(self, node: Any) -> Expr:
        return Lit(_unescape(str(node.children[0])[2:-2]), self.pos(node), quoted=True)

    def _heredoc_template(self, node: Any) -> Expr:
        return self.heredoc(node, trim=False)

    def _heredoc_template_trim(self, node: Any) -> Expr:
        return self.heredoc(node, trim=True)

    def heredoc(self, node: Any, *, trim: bool) -> Expr:
        raw = str(node.children[0])
        match = _HEREDOC.match(raw)
        body = match.group(3) if match else ""
        if trim:
            lines = body.split("\n")
            indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
            cut = min(indents, default=0)
            body = "\n".join(line[cut:] for line in lines)
        body += "\n" if match and body else ""
        pos = self.pos(node)
        if "${" not in body:
            return Lit(body, pos, quoted=True)
        # The body is a template: parse it as a quoted string (one parser for every template).
        escaped = body.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        parsed = parse_expression(self.path, f'"{escaped}"', pos)
        if isinstance(parsed, Tmpl):
            return Tmpl(parsed.parts, pos)
        return parsed if not isinstance(parsed, Lit) else Lit(parsed.value, pos, quoted=True)

    def _tuple(self, node: Any) -> Expr:
        return Tup(tuple(self.expression(child) for child in _children(node)), self.pos(node))

    def _object(self, node: Any) -> Expr:
        items = []
        for element in _children(node):
            key_node, value_node = [child for child in element.children if _rule(child) is not None]
            key_inner = _children(key_node)[0]
            key = self.expression(key_inner)
            if isinstance(key, Name):  # `{ Version = ... }`: a bare word is the key itself
                key = Lit(key.name, key.pos)
            items.append((key, self.expression(value_node)))
        return Obj(tuple(items), self.pos(node))

    def _function_call(self, node: Any) -> Expr:
        parts = _children(node)
        names = [part for part in parts if _rule(part) == "identifier"]
        name = "::".join(str(part.children[0]) for part in names)
        arguments = next((part for part in parts if _rule(part) == "arguments"), None)
        args = tuple(self.expression(child) for child in _children(arguments)) if arguments is not None else ()
        expand = arguments is not None and any(getattr(tok, "type", None) == "ELLIPSIS" for tok in arguments.children)
        return Call(name, args, self.pos(node), expand)

    def _get_attr_expr_term(self, node: Any) -> Expr:
        obj, access = _children(node)
        return GetAttr(self.expression(obj), self.name_of(_children(access)[0]), self.pos(node))

    def _index_expr_term(self, node: Any) -> Expr:
        obj, index = _children(node)
        return Index(self.expression(obj), self.index_key(index), self.pos(node))

    def index_key(self, index: Any) -> Expr:
        if index.data == "short_index":
            token = next(child for child in index.children if getattr(child, "type", None) == "INT_LITERAL")
            return Lit(int(str(token)), self.pos(index))
        return self.expression(_children(index)[0])

    def _attr_splat_expr_term(self, node: Any) -> Expr:
        return self.splat(node)

    def _full_splat_expr_term(self, node: Any) -> Expr:
        return self.splat(node)

    def splat(self, node: Any) -> Expr:
        obj, splat = _children(node)
        result: Expr = Splat(self.expression(obj), self.pos(node))
        for access in _children(splat):
            if access.data == "get_attr":
                result = GetAttr(result, self.name_of(_children(access)[0]), self.pos(node))
            else:
                result = Index(result, self.index_key(access), self.pos(node))
        return result

    def _conditional(self, node: Any) -> Expr:
        test, then, other = _children(node)
        return Cond(self.expression(test), self.expression(then), self.expression(other), self.pos(node))

    def _binary_op(self, node: Any) -> Expr:
        left, term = _children(node)
        operator, right = _children(term)
        return BinOp(str(operator.children[0]), self.expression(left), self.expression(right), self.pos(node))

    def _unary_op(self, node: Any) -> Expr:
        operator = str(node.children[0])
        return Unary(operator, self.expression(_children(node)[0]), self.pos(node))

    def _for_tuple_expr(self, node: Any) -> Expr:
        return self.for_expr(node, is_object=False)

    def _for_object_expr(self, node: Any) -> Expr:
        return self.for_expr(node, is_object=True)

    def for_expr(self, node: Any, *, is_object: bool) -> Expr:
        intro, *rest = _children(node)
        names = [child for child in _children(intro) if _rule(child) == "identifier"]
        collection = [child for child in _children(intro) if _rule(child) != "identifier"][-1]
        key_var = str(names[0].children[0]) if len(names) == 2 else None
        value_var = str(names[-1].children[0])
        condition = next((child for child in rest if _rule(child) == "for_cond"), None)
        values = [child for child in rest if _rule(child) != "for_cond"]
        group = any(getattr(tok, "type", None) == "ELLIPSIS" for tok in node.children)
        key = self.expression(values[0]) if is_object else None
        value = self.expression(values[1] if is_object else values[0])
        cond = self.expression(_children(condition)[0]) if condition is not None else None
        return For(key_var, value_var, self.expression(collection), key, value, cond, self.pos(node), group)


def _unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, "\\" + code)

    return _ESCAPE.sub(replace, text) if "\\" in text else text
