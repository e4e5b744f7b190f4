"""The query language shared by `syllabib list` and reading-list files.

    theme:justifications year>=2010 -type:misc ("sexual abuse" or author:quayle)

Terms: `field:value` (folded substring), `theme:` (subtree), `type:`, `key:` (`*` globs),
`author:` (author and editor), `year:2010`, `year:2010..2020`, `year>=2010`, `has:field`,
bare words and "quoted phrases" over title, abstract and annotation. Implicit AND, `or`,
`not`/`-`, parentheses; precedence not > and > or.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar, Union

from .errors import QuerySyntaxError
from .model import Record
from .textnorm import fold

TEXT_FIELDS = ("title", "abstract", "annotation", "annote")
_FIELD = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)(:|>=|<=|=>|=<|>|<|=)")
_WORD = re.compile(r'[^\s()"]+')
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class TextTerm:
    """A folded phrase searched in `fields` (all of TEXT_FIELDS for bare words)."""

    needle: str
    fields: tuple[str, ...] = TEXT_FIELDS


@dataclass(frozen=True)
class ThemeTerm:
    """Entries with theme `slug` or one below it."""

    slug: str


@dataclass(frozen=True)
class TypeTerm:
    """Entries of one type."""

    entry_type: str


@dataclass(frozen=True)
class KeyTerm:
    """Keys containing `needle`, or matching it as a glob when it has `*`."""

    needle: str


@dataclass(frozen=True)
class YearTerm:
    """Years in [low, high] (either may be open)."""

    low: int | None
    high: int | None


@dataclass(frozen=True)
class HasTerm:
    """Entries where `field` is present and not empty."""

    field: str


@dataclass(frozen=True)
class Not:
    """Negation."""

    node: Node


@dataclass(frozen=True)
class And:
    """All of `nodes`."""

    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Any of `nodes`."""

    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class All:
    """The empty query."""


Node = Union[TextTerm, ThemeTerm, TypeTerm, KeyTerm, YearTerm, HasTerm, Not, And, Or, All]
R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class _Token:
    kind: str  # "(", ")", "or", "and", "not", "-", "term"
    column: int  # 1-based
    node: Node | None = None


class Query:
    """A compiled query."""

    def __init__(self, text: str, node: Node) -> None:
        self.text = text
        self.node = node

    def matches(self, record: Record) -> bool:
        """True when `record` satisfies the query."""
        return _eval(self.node, record)

    def __repr__(self) -> str:
        return f"Query({self.text!r})"


def compile_query(text: str) -> Query:
    """Parse `text`; a QuerySyntaxError points at the offending column."""
    tokens = _tokenize(text)
    if not tokens:
        return Query(text, All())
    parser = _Parser(text, tokens)
    node = parser.parse_or()
    if parser.pos < len(tokens):
        tok = tokens[parser.pos]
        raise QuerySyntaxError("unexpected ')'" if tok.kind == ")" else "unexpected token",
                               text, tok.column, hint="remove it, or add the matching '('")
    return Query(text, node)


def filter_records(records: Iterable[R], query: str | Query) -> list[R]:
    """The records that match `query`."""
    compiled = compile_query(query) if isinstance(query, str) else query
    return [r for r in records if compiled.matches(r)]


def needed_fields(query: str | Query) -> frozenset[str]:
    """The field names the query reads (for an index)."""
    compiled = compile_query(query) if isinstance(query, str) else query
    found: set[str] = set()
    _collect(compiled.node, found)
    return frozenset(found)


def _collect(node: Node, found: set[str]) -> None:
    if isinstance(node, TextTerm):
        found.update(node.fields)
    elif isinstance(node, HasTerm):
        found.add(node.field)
    elif isinstance(node, ThemeTerm):
        found.add("keywords")
    elif isinstance(node, YearTerm):
        found.update(("year", "date"))
    elif isinstance(node, Not):
        _collect(node.node, found)
    elif isinstance(node, (And, Or)):
        for child in node.nodes:
            _collect(child, found)


# --- tokens -----------------------------------------------------------------------------------

def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch.isspace():
            pos += 1
        elif ch in "()":
            tokens.append(_Token(ch, pos + 1))
            pos += 1
        elif ch == "|":
            tokens.append(_Token("or", pos + 1))
            pos += 1
        elif ch == "-":
            if pos + 1 >= len(text) or text[pos + 1].isspace():
                raise QuerySyntaxError("'-' needs a term right after it", text, pos + 1,
                                       hint="e.g. -type:misc (no space after '-')")
            tokens.append(_Token("-", pos + 1))
            pos += 1
        else:
            pos = _term(text, pos, tokens)
    return tokens


def _quoted(text: str, pos: int) -> tuple[str, int]:
    """The phrase in quotes starting at `pos`, and the position after it."""
    end = text.find('"', pos + 1)
    if end < 0:
        raise QuerySyntaxError("unclosed quote", text, pos + 1, hint='close the phrase with "')
    return text[pos + 1:end], end + 1


def _term(text: str, pos: int, tokens: list[_Token]) -> int:
    column = pos + 1
    if text[pos] == '"':
        phrase, end = _quoted(text, pos)
        tokens.append(_Token("term", column, _text_term(phrase, TEXT_FIELDS, text, column)))
        return end
    m = _FIELD.match(text, pos)
    if m:
        value_pos = m.end()
        if value_pos < len(text) and text[value_pos] == '"':
            value, end = _quoted(text, value_pos)
        else:
            wm = _WORD.match(text, value_pos)
            value, end = (wm.group(), wm.end()) if wm else ("", value_pos)
        tokens.append(_Token("term", column, _field_term(m.group(1).lower(), m.group(2), value,
                                                         text, column, value_pos + 1)))
        return end
    wm = _WORD.match(text, pos)
    word = wm.group() if wm else text[pos]
    end = wm.end() if wm else pos + 1
    lowered = word.lower()
    if lowered in ("or", "and", "not"):
        tokens.append(_Token(lowered, column))
    else:
        tokens.append(_Token("term", column, _text_term(word, TEXT_FIELDS, text, column)))
    return end


def _text_term(value: str, fields: tuple[str, ...], text: str, column: int) -> TextTerm:
    needle = fold(" ".join(value.split()))
    if not needle:
        raise QuerySyntaxError("empty phrase", text, column, hint="put words between the quotes")
    return TextTerm(needle, fields)


def _field_term(name: str, op: str, value: str, text: str, column: int, value_column: int) -> Node:
    if name == "year":
        return _year_term(op, value, text, value_column, column)
    if op != ":":
        raise QuerySyntaxError(f"'{op}' only works with year", text, column + len(name),
                               hint=f"write {name}:value")
    if not value:
        raise QuerySyntaxError(f"'{name}:' has no value", text, value_column,
                               hint=f'write {name}:word or {name}:"a phrase"')
    if name == "theme":
        from .themes import is_theme, slugify

        slug = value.lower()
        if not is_theme(slug):
            raise QuerySyntaxError(f"'{value}' is not a theme slug", text, value_column,
                                   hint=f"try theme:{slugify(value) or 'some-theme'}")
        return ThemeTerm(slug)
    if name == "type":
        return TypeTerm(value.lower())
    if name == "key":
        return KeyTerm(value)
    if name == "has":
        return HasTerm(value.lower())
    if name == "author":
        return _text_term(value, ("author", "editor"), text, value_column)
    return _text_term(value, (name,), text, value_column)


def _year_term(op: str, value: str, text: str, value_column: int, column: int) -> YearTerm:
    if op in ("=>", "=<"):
        raise QuerySyntaxError(f"unknown operator '{op}'", text, column + 4,
                               hint=f"write year{op[::-1]}{value}")
    if op == ":" and value[:2] in (">=", "<=") or op == ":" and value[:1] in "<>=" and value:
        sub = value[:2] if value[:2] in (">=", "<=") else value[:1]
        return _year_term(sub, value[len(sub):], text, value_column + len(sub), column)
    if op == ":" and ".." in value:
        low_text, _, high_text = value.partition("..")
        low = _year(low_text, text, value_column) if low_text else None
        high = _year(high_text, text, value_column + len(low_text) + 2) if high_text else None
        if low is None and high is None:
            raise QuerySyntaxError("empty year range", text, value_column, hint="e.g. year:2010..2020")
        if low is not None and high is not None and low > high:
            raise QuerySyntaxError(f"the range starts after it ends ({low} > {high})", text,
                                   value_column, hint=f"write year:{high}..{low}")
        return YearTerm(low, high)
    year = _year(value, text, value_column)
    return {":": YearTerm(year, year), "=": YearTerm(year, year), ">=": YearTerm(year, None),
            ">": YearTerm(year + 1, None), "<=": YearTerm(None, year),
            "<": YearTerm(None, year - 1)}[op]


def _year(value: str, text: str, column: int) -> int:
    if not _YEAR.fullmatch(value):
        raise QuerySyntaxError(f"'{value}' is not a year" if value else "a year is missing",
                               text, column, hint="years have four digits, e.g. year>=2010")
    return int(value)


# --- grammar ----------------------------------------------------------------------------------

class _Parser:
    """or_expr := and_expr ('or' and_expr)*; and_expr := unary+; unary := ('not'|'-') unary | atom."""

    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text, self.tokens, self.pos = text, tokens, 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse_or(self) -> Node:
        nodes = [self.parse_and()]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.pos += 1
            if self.peek() is None or self.peek().kind in (")", "or"):
                raise QuerySyntaxError("'or' needs a term after it", self.text, tok.column,
                                       hint="remove it, or add a term")
            nodes.append(self.parse_and())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def parse_and(self) -> Node:
        nodes: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind not in (")", "or"):
            if tok.kind == "and":
                if not nodes:
                    raise QuerySyntaxError("'and' needs a term before it", self.text, tok.column)
                self.pos += 1
                continue
            nodes.append(self.parse_unary())
        if not nodes:
            tok = self.peek()
            column = tok.column if tok else len(self.text) + 1
            raise QuerySyntaxError("expected a term here", self.text, column,
                                   hint="e.g. theme:x, author:name or a word")
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def parse_unary(self) -> Node:
        tok = self.peek()
        if tok is not None and tok.kind in ("not", "-"):
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in (")", "or", "and"):
                raise QuerySyntaxError(f"'{tok.kind}' needs a term after it", self.text, tok.column,
                                       hint="e.g. -type:misc or not theme:x")
            return Not(self.parse_unary())
        return self.parse_atom()

    def parse_atom(self) -> Node:
        tok = self.peek()
        assert tok is not None
        self.pos += 1
        if tok.kind == "(":
            if self.peek() is None:
                raise QuerySyntaxError("'(' is never closed", self.text, tok.column, hint="add ')'")
            node = self.parse_or()
            close = self.peek()
            if close is None or close.kind != ")":
                raise QuerySyntaxError("'(' is never closed", self.text, tok.column, hint="add ')'")
            self.pos += 1
            return node
        return tok.node  # a term


# --- evaluation -------------------------------------------------------------------------------

def _eval(node: Node, record: Record) -> bool:
    if isinstance(node, And):
        return all(_eval(n, record) for n in node.nodes)
    if isinstance(node, Or):
        return any(_eval(n, record) for n in node.nodes)
    if isinstance(node, Not):
        return not _eval(node.node, record)
    if isinstance(node, TextTerm):
        return any(node.needle in _folded(record, name) for name in node.fields)
    if isinstance(node, ThemeTerm):
        slug = node.slug
        return any(t == slug or t.startswith(slug + "/") for t in record.themes)
    if isinstance(node, TypeTerm):
        return record.entry_type == node.entry_type
    if isinstance(node, YearTerm):
        year = record.year
        return year is not None and (node.low is None or year >= node.low) and \
            (node.high is None or year <= node.high)
    if isinstance(node, KeyTerm):
        if "*" in node.needle:
            return fnmatch.fnmatchcase(record.key.lower(), node.needle.lower())
        return node.needle.lower() in record.key.lower()
    if isinstance(node, HasTerm):
        return _has(record, node.field)
    return True


def _folded(record: Record, name: str) -> str:
    value = record.text(name)
    return fold(value) if value else ""


def _has(record: Record, name: str) -> bool:
    if name in ("theme", "themes"):
        return bool(record.themes)
    if name == "annotation":
        return bool((record.text("annotation") or record.text("annote") or "").strip())
    return bool((record.text(name) or "").strip())
