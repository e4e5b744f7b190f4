"""Display values: @string macros (with BibTeX's month names), `#` concatenation and crossref.

Everything here works on copies: the values it returns are for display, queries and formatting,
never for writing back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .bibscan import FieldSpan

MONTHS: dict[str, str] = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
    "nov": "November", "dec": "December",
}
_BARE = re.compile(r"[^\s#{}\"]+")
_DIGITS = re.compile(r"\d+")


def pieces(raw: str) -> list[tuple[str, str]]:
    """Split a raw value on top-level `#` into (kind, text): kind is 'brace', 'quote' or 'bare'."""
    out: list[tuple[str, str]] = []
    pos, n = 0, len(raw)
    while pos < n:
        ch = raw[pos]
        if ch.isspace() or ch == "#":
            pos += 1
        elif ch in '{"':
            end = _group_end(raw, pos)
            out.append(("brace" if ch == "{" else "quote", raw[pos + 1:end - 1]))
            pos = end
        else:
            m = _BARE.match(raw, pos)
            end = m.end() if m else pos + 1
            out.append(("bare", raw[pos:end]))
            pos = end
    return out


_GROUP_CHARS = re.compile(r'[{}"]')


def _group_end(raw: str, pos: int) -> int:
    """End of the `{...}` or `"..."` group at `pos` (tolerant: the file layer checked it)."""
    depth = 0
    quote = raw[pos] == '"'
    for m in _GROUP_CHARS.finditer(raw, pos + 1 if quote else pos):
        ch = m.group()
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and not quote:
                return m.end()
        elif quote and depth == 0:
            return m.end()
    return len(raw)


def resolve_value(raw: str, macros: Mapping[str, str], unknown: list[str] | None = None) -> str:
    """The value of `raw` with macros expanded and pieces joined; delimiters removed."""
    first = raw[:1]
    if "#" not in raw:  # one piece: the common cases without a scan
        if first == "{" or first == '"':
            return raw[1:-1]
        if raw.isdigit():
            return raw
    parts: list[str] = []
    for kind, text in pieces(raw):
        if kind != "bare" or _DIGITS.fullmatch(text):
            parts.append(text)
            continue
        name = text.lower()
        if name in macros:
            parts.append(macros[name])
        elif name in MONTHS:
            parts.append(MONTHS[name])
        else:
            if unknown is not None:
                unknown.append(text)
            parts.append(text)
    return "".join(parts)


def define_macros(definitions: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Macros from (name, raw value) pairs in file order; later ones may use earlier ones."""
    macros: dict[str, str] = {}
    for name, raw in definitions:
        macros[name.lower()] = resolve_value(raw, macros)
    return macros


def apply_crossref(fields: dict[str, str], parent: Mapping[str, str]) -> dict[str, str]:
    """Fields of an entry with the gaps filled from its crossref parent (biblatex-style)."""
    merged = dict(fields)
    inherited = dict(parent)
    if "title" in parent:
        inherited.setdefault("booktitle", parent["title"])
        inherited.pop("title")
    if "subtitle" in parent:
        inherited.setdefault("booksubtitle", parent["subtitle"])
        inherited.pop("subtitle")
    for name in ("ids", "crossref", "xref", "keywords", "annotation", "annote", "abstract"):
        inherited.pop(name, None)
    for name, value in inherited.items():
        merged.setdefault(name, value)
    return merged


class LazyFields(Mapping[str, str]):
    """An entry's fields, each resolved (macros, `#`) only when first read."""

    __slots__ = ("_text", "_base", "_fields", "_spans", "_macros", "_values")

    def __init__(self, text: str, base: int, fields: Sequence[FieldSpan],
                 macros: Mapping[str, str]) -> None:
        self._text, self._base, self._fields, self._macros = text, base, fields, macros
        self._spans: dict[str, tuple[int, int]] | None = None
        self._values: dict[str, str] = {}

    def _index(self) -> dict[str, tuple[int, int]]:
        """Value spans by lower-case name, the first of a repeated name (built on first use)."""
        if self._spans is None:
            spans = {name.lower(): (start, end) for name, _, start, end, _ in self._fields}
            if len(spans) < len(self._fields):  # a repeated name: the first one counts
                spans = {}
                for span in self._fields:
                    spans.setdefault(span.name.lower(), (span.value_start, span.value_end))
            self._spans = spans
        return self._spans

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def get(self, name: str, default: str | None = None) -> str | None:  # type: ignore[override]
        """The resolved value of `name`, or `default` (no KeyError raised and caught)."""
        value = self._values.get(name)
        if value is None:
            span = (self._spans or self._index()).get(name)
            if span is None:
                return default
            value = resolve_value(self._text[self._base + span[0]:self._base + span[1]],
                                  self._macros)
            self._values[name] = value
        return value

    def __contains__(self, name: object) -> bool:
        return name in self._index()

    def __iter__(self) -> Iterator[str]:
        return iter(self._index())

    def __len__(self) -> int:
        return len(self._index())
