"""BibTeX year/month/day and biblatex ISO 8601 dates (with ranges) → CSL-JSON date objects."""

from __future__ import annotations

import re
from typing import Any

from ..latex import to_unicode

_MONTH_NAMES = {name: i for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), 1)}
_ISO = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(~|\?|%)?$")
_SEASONS = {21: 1, 22: 2, 23: 3, 24: 4}  # EDTF seasons: spring … winter
CSLDate = dict[str, Any]


def month_number(value: str) -> int | None:
    """`3`, `03`, `mar`, `March` or `März`-less English names → 3; None when unknown."""
    text = to_unicode(value).strip().rstrip(".").lower()
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    for name, number in _MONTH_NAMES.items():
        if len(text) >= 3 and name.startswith(text):
            return number
    return None


def parse_iso(value: str) -> CSLDate | None:
    """A biblatex `date`: `2019`, `2019-05`, `2019-05-03`, ranges `a/b`, open `2019/`, `2019~`."""
    text = value.strip()
    if "/" in text:
        start, end = (part.strip() for part in text.split("/", 1))
        first = _point(start)
        if first is None:
            return None
        if end in ("", ".."):
            return {"date-parts": [first[0]], **first[1]}
        last = _point(end)
        return {"date-parts": [first[0], last[0]], **first[1]} if last else None
    point = _point(text)
    return {"date-parts": [point[0]], **point[1]} if point else None


def _point(text: str) -> tuple[list[int], dict[str, Any]] | None:
    """One ISO date → (date parts, extras such as circa or season)."""
    m = _ISO.match(text)
    if not m:
        return None
    year = int(m.group(1))
    parts = [year]
    extras: dict[str, Any] = {}
    if m.group(2):
        month = int(m.group(2))
        if month in _SEASONS:
            extras["season"] = _SEASONS[month]
        elif 1 <= month <= 12:
            parts.append(month)
            if m.group(3):
                parts.append(int(m.group(3)))
        else:
            return None
    if m.group(4) in ("~", "%"):
        extras["circa"] = True
    return parts, extras


def issued(fields: dict[str, str]) -> CSLDate | None:
    """The publication date from `date`, else `year`/`month`/`day`; a non-date as a literal."""
    if fields.get("date"):
        return parse_iso(fields["date"]) or _literal(fields["date"])
    year = to_unicode(fields.get("year", "")).strip()
    if not year:
        return None
    if not re.fullmatch(r"-?\d{1,4}", year):
        parsed = parse_iso(year)
        return parsed or _literal(fields["year"])
    parts = [int(year)]
    month = month_number(fields["month"]) if fields.get("month") else None
    if month:
        parts.append(month)
        day = to_unicode(fields.get("day", "")).strip()
        if day.isdigit() and 1 <= int(day) <= 31:
            parts.append(int(day))
    return {"date-parts": [parts]}


def _literal(value: str) -> CSLDate | None:
    """A date that is not a date (`forthcoming`, `n.d.`, `1999 [1923]`) printed as written."""
    text = to_unicode(value).strip()
    return {"literal": text} if text else None


def plain_date(value: str) -> CSLDate | None:
    """A field such as `urldate` or `eventdate`: ISO, else as written."""
    return parse_iso(value.strip()) or _literal(value)
