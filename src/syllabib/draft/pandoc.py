"""Pandoc citations: '[see @ward1999, p. 823; -@ward2000]' and narrative '@ward1999 [p. 3]'."""

from __future__ import annotations

import re

from .citation import PANDOC, Citation
from .source import Source

_KEY = r"(?:\{(?P<braced>[^{}]+)\}|(?P<key>[\w](?:[\w:.#$%&\-+?<>~/]*[\w])?))"
_BRACKET = re.compile(r"\[(?P<body>[^\[\]]*?(?<![\w])-?@[^\[\]]*)\](?!\()")
_ITEM = re.compile(r"(?P<prefix>[^@]*?)(?<![\w])-?@" + _KEY + r"(?P<suffix>[^@]*)$", re.DOTALL)
_NARRATIVE = re.compile(r"(?<![\w@\[\-])@" + _KEY + r"(?:\s?\[(?P<locator>[^\[\]@]*)\])?")


def find_pandoc(source: Source, narrative: bool = True) -> list[Citation]:
    """Bracketed pandoc citations, and bare `@key` ones when `narrative`."""
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for m in _BRACKET.finditer(source.text):
        taken.append(m.span())
        offset = m.start("body")
        for part in m.group("body").split(";"):
            item = _ITEM.match(part.strip())
            if item:
                at = offset + len(part) - len(part.lstrip())
                found.append(_citation(source, at, part.strip(), item, item.group("prefix")))
            offset += len(part) + 1
    if narrative:
        for m in _NARRATIVE.finditer(source.text):
            if not any(a <= m.start() < b for a, b in taken):
                found.append(_citation(source, m.start(), m.group(0), m, "", m.group("locator")))
    return found


def _citation(source: Source, at: int, text: str, m: re.Match[str], prefix: str,
              locator: str | None = None) -> Citation:
    """A key citation at source index `at`."""
    line, column = source.position(at)
    if locator is None:
        locator = m.group("suffix")
    key = m.group("braced") or m.group("key")
    return Citation(PANDOC, " ".join(text.split()), line, column, key=key,
                    locator=" ".join((locator or "").strip(" ,").split()),
                    prefix=" ".join(prefix.split()))
