"""Author-year citations in prose: '(see Ward & Keenan, 1999, p. 823; Ward, 2000)' and
'Babchishin et al. (2015, 2018)'.

Parentheses are paired per paragraph; one left open at a paragraph's end is joined to a
stray closing one that starts a later paragraph with a year (a citation cut by a footnote and a
page break). Each `;`-separated part is read as: prefix, author group, then years with suffixes
and locators (`2016: 27`, `p. 118ff`, Chicago `1999, 823`). A part that is only years takes the
authors of the part before (`M. de Young, 1988,; 1989`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .citation import AUTHOR_YEAR, NARRATIVE, Citation
from .namegroup import NameGroup, find_group
from .source import PARAGRAPH, Source

_YEAR = re.compile(r"(?<![\w/.–—-])(?:(?P<year>(?:1[5-9]|20)\d\d)(?P<suffix>[a-rt-z])?"
                   r"|(?P<other>n\.\s?d\.|in press|forthcoming))(?![\w–—-])")
_VALUE = r"[0-9ivxlcdm]+(?:\s*[–—-]\s*[0-9ivxlcdm]+)?(?:\s*f{1,2}\.?)?"
_LABEL = r"(?:pp?|pg|paras?|ch|chap|sec|fig|nn?|vols?|cols?|ll?)\.\s*"
_LOCATORS = (
    re.compile(r"\s*:\s*(\d+(?:\s*[–—-]\s*\d+)?(?:\s*f{1,2}\.?)?)(?!\w)"),  # 2016: 27
    re.compile(r"\s*,\s*(" + _LABEL + _VALUE + r")(?!\w)", re.IGNORECASE),  # 2007, p. 481
    re.compile(r"\s*,\s*(\d{1,3}(?:\s*[–—-]\s*\d+)?(?:\s*f{1,2}\.?)?)(?![\w.])"),  # 1999, 823
)
_NEXT = re.compile(r"\s*,\s*")
_LEAD = re.compile(r"[\s,]*")
_NARRATIVE_REACH = 160  # characters before '(' searched for a narrative author group


@dataclass(frozen=True, slots=True)
class Span:
    """The inside of one pair of parentheses, with the index in the source of each character."""

    text: str
    index: tuple[int, ...]
    opening: int  # index of '(' in the source


@dataclass(frozen=True, slots=True)
class _Year:
    """One year of a year list, with its locator and where it ends."""

    start: int
    end: int
    year: str
    suffix: str
    locator: str


def find_author_year(source: Source) -> list[Citation]:
    """Every author-year citation of the source, in reading order."""
    found: list[Citation] = []
    for span in spans(source):
        found.extend(_read_span(source, span))
    return sorted(found, key=lambda c: (c.line, c.column))


def spans(source: Source) -> Iterator[Span]:
    """Innermost-first parenthesised spans, inner spans blanked out of their outer ones."""
    text = source.text
    pending: tuple[int, int, int] | None = None  # (opening, paragraph end, paragraphs since)
    start = 0
    while start <= len(text):
        end = text.find(PARAGRAPH, start)
        end = len(text) if end < 0 else end
        opened, strays = yield from _paragraph(text, start, end)
        if strays and pending and pending[2] <= 8 and _YEAR.match(text, _skip(text, start)):
            yield _joined(text, pending[0], pending[1], start, strays[0])
            pending = None
        elif opened:
            pending = (opened[-1], end, 0)
        elif pending:
            pending = (pending[0], pending[1], pending[2] + 1)
        start = end + len(PARAGRAPH)


def _paragraph(text: str, start: int, end: int) -> Iterator[Span]:
    """Spans closed inside text[start:end]; returns (unclosed '(' indexes, stray ')' indexes)."""
    stack: list[int] = []
    strays: list[int] = []
    inner: dict[int, list[tuple[int, int]]] = {}
    for i in range(start, end):
        ch = text[i]
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            if not stack:
                strays.append(i)
                continue
            opening = stack.pop()
            yield _masked(text, opening, i, inner.pop(opening, []))
            if stack:
                inner.setdefault(stack[-1], []).append((opening, i))
    return stack, strays


def _skip(text: str, start: int) -> int:
    return _LEAD.match(text, start).end()


def _masked(text: str, opening: int, closing: int, holes: list[tuple[int, int]]) -> Span:
    """The inside of text[opening:closing+1] with nested parentheses turned into spaces."""
    chars = list(text[opening + 1:closing])
    for a, b in holes:
        chars[a - opening - 1:b - opening] = " " * (b - a + 1)
    return Span("".join(chars), tuple(range(opening + 1, closing)), opening)


def _joined(text: str, opening: int, para_end: int, start: int, closing: int) -> Span:
    """A parenthesis cut by a paragraph break: its head and its tail read as one."""
    head, tail = text[opening + 1:para_end], text[start:closing]
    index = tuple(range(opening + 1, para_end)) + (para_end,) + tuple(range(start, closing))
    return Span(f"{head} {tail}", index, opening)


def _read_span(source: Source, span: Span) -> list[Citation]:
    """The citations inside one parenthesised span."""
    carry = _narrative_group(source, span)
    kind = NARRATIVE if carry else AUTHOR_YEAR
    found: list[Citation] = []
    offset = 0
    for part in span.text.split(";"):
        citations, carry = _read_part(source, span, offset, part, carry, kind)
        found.extend(citations)
        kind = AUTHOR_YEAR
        offset += len(part) + 1
    return found


_Carry = tuple[NameGroup, int | None]  # a group and its source index (None: at the year)


def _narrative_group(source: Source, span: Span) -> _Carry | None:
    """'Babchishin et al.' before '(2015, 2018)', when the parenthesis opens with a year."""
    if not _YEAR.match(span.text, _skip(span.text, 0)):
        return None
    before = source.text[max(0, span.opening - _NARRATIVE_REACH):span.opening]
    if before and not before.endswith(" "):
        return None
    before = re.split(r"[()\[\]]|\n\n", before)[-1]
    group = find_group(before, possessive=True)
    return None if group is None else (group, span.opening - len(before) + group.start)


def _read_part(source: Source, span: Span, offset: int, part: str, carry: _Carry | None,
               kind: str) -> tuple[list[Citation], _Carry | None]:
    """Citations of one `;`-separated part; the author group later parts may carry on."""
    found: list[Citation] = []
    pos = 0
    for year in _YEAR.finditer(part):
        if year.start() < pos:
            continue
        group = find_group(part[pos:year.start()])
        narrative = False
        if group is not None:
            head = pos + group.start
            where: int | None = span.index[offset + head]
            prefix = part[:head].strip(" ,") if pos == 0 else ""
        elif pos == 0 and carry is not None and not part[:year.start()].strip(" ,"):
            (group, where), head, prefix = carry, year.start(), ""
            narrative = kind == NARRATIVE
        else:
            continue
        years, pos = _year_list(part, year.start())
        where = span.index[offset + year.start()] if where is None else where
        for item in years:
            text = (f"{group.text} ({part[head:item.end]})" if narrative
                    else part[head:item.end])
            found.append(_citation(source, where, text, item, group, prefix, kind))
        carry = (group, None)
    return found, carry


def _year_list(part: str, pos: int) -> tuple[list[_Year], int]:
    """'2000b, p. 209, 2001, p. 70ff' from `pos`: each year with its locator; the end."""
    years: list[_Year] = []
    while True:
        m = _YEAR.match(part, pos)
        if m is None:
            return years, pos
        end, locator = m.end(), ""
        for pattern in _LOCATORS:
            loc = pattern.match(part, end)
            if loc:
                end, locator = loc.end(), loc.group(1)
                break
        year = m.group("year") or m.group("other")
        years.append(_Year(m.start(), end, year, m.group("suffix") or "", locator))
        nxt = _NEXT.match(part, end)
        if nxt is None or not _YEAR.match(part, nxt.end()):
            return years, end
        pos = nxt.end()


def _citation(source: Source, where: int, text: str, item: _Year, group: NameGroup, prefix: str,
              kind: str) -> Citation:
    """A Citation of one year, placed at `where` (its author group, or its year)."""
    line, column = source.position(where)
    return Citation(kind, " ".join(text.split()), line, column, group.authors, group.et_al,
                    group.text, item.year, item.suffix, " ".join(item.locator.split()), prefix)
