"""Display values: @string macros (with BibTeX's month names), `#` concatenation and crossref.

Everything here works on copies: the values it returns are for display, queries and formatting,
never for writing back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

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


def _group_end(raw: str, pos: int) -> int:
    """End of the `{...}` or `"..."` group at `pos` (tolerant: the file layer checked it)."""
    depth = 0
    quote = raw[pos] == '"'
    for i in range(pos + 1 if quote else pos, len(raw)):
        ch = raw[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and not quote:
                return i + 1
        elif ch == '"' and quote and depth == 0:
            return i + 1
    return len(raw)


def resolve_value(raw: str, macros: Mapping[str, str], unknown: list[str] | None = None) -> str:
    """The value of `raw` with macros expanded and pieces joined; delimiters removed."""
    if raw[:1] == "{" and raw[-1:] == "}" and "#" not in raw:
        return raw[1:-1]  # the common case
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
