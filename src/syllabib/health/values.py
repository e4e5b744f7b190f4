"""Dates and numbers: year, ISO dates, page ranges."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import Diagnostic
from ..library import Library
from .codes import diagnostic
from .fields import each_field, unbraced

_YEAR = re.compile(r"\d{4}")
_YEAR_RANGE = re.compile(r"(\d{4})\s*(?:--?|–|/)\s*(\d{2,4})")
_IN_PRESS = re.compile(r"(?i)(in\s*press|forthcoming|submitted|in\s*preparation|to\s*appear|"
                       r"accepted|n\.\s*d\.?|no\s*date|undated)")
_DATE_PART = re.compile(r"(-?\d{4}|\d{2}XX|\d{3}X|XXXX)(?:-(\d{2}|XX)(?:-(\d{2}|XX)"
                        r"(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?[?~%]?")
_RANGE = re.compile(r"\s*(?:(?P<first>[A-Za-z]*)(?P<a>\d+)\s*(?:-{1,3}|–|—|\\textendash\s*)\s*"
                    r"(?P<second>[A-Za-z]*)(?P<b>\d+))\s*")
_PP = re.compile(r"(?i)^\s*p{1,2}\.\s*")
_DATE_FIELDS = frozenset({"date", "urldate", "origdate", "eventdate"})
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def year_problem(value: str) -> tuple[str, str] | None:
    """(message, hint) when `value` is not a four-digit year, else None."""
    text = unbraced(value)
    if _YEAR.fullmatch(text):
        return None
    if "\\noopsort" in text or "\\unskip" in text:
        return (f"year '{text}' uses a BibTeX sorting or spacing trick that other programs "
                "print as it is", "write the plain year; sort with sortyear = {…} (biblatex)")
    if _YEAR_RANGE.fullmatch(text):
        m = _YEAR_RANGE.fullmatch(text)
        assert m is not None
        end = m.group(2) if len(m.group(2)) == 4 else m.group(1)[:2] + m.group(2)
        return (f"year '{text}' is a range", f"write date = {{{m.group(1)}/{end}}} instead")
    if _IN_PRESS.fullmatch(text):
        return (f"year '{text}' is not a year", "leave the year out and write pubstate = "
                "{inpress} (or forthcoming); 'n.d.' is printed when there is no year")
    if re.fullmatch(r"\d{4}[a-z]", text):
        return (f"year '{text}' carries a disambiguation letter",
                "write the year alone: styles add a, b … themselves")
    return (f"year '{text}' is not a four-digit year", "write year = {YYYY}, or a full date in "
            "date = {YYYY-MM-DD}")


def bad_years(library: Library) -> Iterator[Diagnostic]:
    """`bad-year`: a year field that is not four digits."""
    for entry, field in each_field(library, frozenset({"year"})):
        problem = year_problem(field.value)
        if problem:
            yield diagnostic("bad-year", field.location, f"'{entry.key}': {problem[0]}", problem[1])


def date_valid(value: str) -> bool:
    """True for an ISO 8601-2 (EDTF level 1) date or range as biblatex reads it."""
    text = unbraced(value)
    if text.count("/") > 1:
        return False
    return all(_date_part_valid(p, open_ok="/" in text) for p in text.split("/"))


def _date_part_valid(part: str, open_ok: bool) -> bool:
    if part in ("", "..") and open_ok:
        return True
    m = _DATE_PART.fullmatch(part.strip())
    if not m:
        return False
    month, day = m.group(2), m.group(3)
    if month and month != "XX":
        number = int(month)
        if not (1 <= number <= 12 or 21 <= number <= 24 and not day):
            return False
        if day and day != "XX" and number <= 12 and not 1 <= int(day) <= _DAYS[number - 1]:
            return False
    return True


def bad_dates(library: Library) -> Iterator[Diagnostic]:
    """`bad-date`: date, urldate, origdate or eventdate not in ISO 8601 form."""
    for entry, field in each_field(library, _DATE_FIELDS):
        if not date_valid(field.value):
            yield diagnostic("bad-date", field.location,
                             f"'{entry.key}': {field.name} '{unbraced(field.value)}' is not an "
                             "ISO 8601 date", f"write {field.name} = {{YYYY-MM-DD}} (or YYYY-MM, "
                             "YYYY; a range as YYYY/YYYY)")


def pages_problem(value: str) -> tuple[str, str] | None:
    """(message, hint) for a backwards range or a 'pp.' prefix, else None."""
    text = unbraced(value)
    if _PP.match(text):
        return (f"pages '{text}' starts with 'pp.'", "styles add 'pp.' themselves: write "
                f"pages = {{{_PP.sub('', text)}}}")
    for part in re.split(r"[,;]", text):
        m = _RANGE.fullmatch(part)
        if m is None or (m.group("second") and m.group("second") != m.group("first")):
            continue
        first, last = m.group("a"), m.group("b")
        expanded = first[:len(first) - len(last)] + last if len(last) < len(first) else last
        if int(expanded) < int(first):
            return (f"page range '{part.strip()}' runs backwards",
                    "check the pages; an abbreviated range keeps the leading digits "
                    "(216--28 is 216–228)")
    return None


def bad_pages(library: Library) -> Iterator[Diagnostic]:
    """`bad-pages`: a page range that runs backwards, or pages written with 'pp.'."""
    for entry, field in each_field(library, frozenset({"pages"})):
        problem = pages_problem(field.value)
        if problem:
            yield diagnostic("bad-pages", field.location, f"'{entry.key}': {problem[0]}",
                             problem[1])
