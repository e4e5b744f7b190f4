"""CSL-JSON dates (date-parts, Zotero's `raw`, literals, seasons, ranges) → BibTeX/biblatex
date fields, and the date strings of RIS and of Zotero's `raw` → CSL dates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..csl.dates import month_number, parse_iso

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SEASON_WORDS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}
_MONTH_YEAR = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]+)\.?\s*(\d{1,2})?,?\s+(\d{4})$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*[-\u2013/]\s*(\d{4})$")
CSLDate = dict[str, Any]


def date_fields(date: Mapping[str, Any]) -> dict[str, str]:
    """`year`/`month` for a year or month, `date` (EDTF) for days, ranges, seasons and circa
    dates, `year` holding the text of a date that is not one (`n.d.`, `1999 [1923]`)."""
    parts = _parts(date)
    if not parts:
        text = str(date.get("literal") or date.get("raw") or "").strip()
        if not text:
            return {}
        parsed = parse_text_date(text)
        return date_fields(parsed) if parsed and "literal" not in parsed else {"year": text}
    first = parts[0]
    season = _int(date.get("season"))
    simple = len(parts) == 1 and len(first) <= 2 and not season and not date.get("circa")
    if simple:
        fields = {"year": str(first[0])}
        if len(first) == 2:
            fields["month"] = MONTH_MACROS[first[1] - 1]
        return fields
    return {"date": iso_date(date)}


def iso_date(date: Mapping[str, Any]) -> str:
    """A CSL date as biblatex/EDTF text: `2019-05-03`, `2019/2020`, `2019-21` (spring), `1850~`;
    a literal date as it is written."""
    parts = _parts(date)
    if not parts:
        return str(date.get("literal") or date.get("raw") or "").strip()
    season = _int(date.get("season"))
    points = [_point(p) for p in parts]
    if season and len(parts[0]) == 1:
        points[0] = f"{points[0]}-{20 + season}"
    if date.get("circa"):
        points = [p + "~" for p in points]
    return "/".join(points)


def _point(parts: list[int]) -> str:
    year, rest = parts[0], parts[1:]
    text = f"{year:04d}" if year >= 0 else f"-{-year:04d}"
    return text + "".join(f"-{p:02d}" for p in rest)


def _parts(date: Mapping[str, Any]) -> list[list[int]]:
    """The date-parts as ints (Zotero writes strings), empty or invalid points dropped."""
    out: list[list[int]] = []
    for point in date.get("date-parts") or []:
        numbers = [_int(p) for p in (point or [])]
        clean: list[int] = []
        for n in numbers:
            if n is None:
                break
            clean.append(n)
        if clean and not (len(clean) > 1 and not 1 <= clean[1] <= 12):
            out.append(clean[:3])
    return out


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None


def parse_text_date(text: str) -> CSLDate | None:
    """A date as Zotero's `raw`, RIS `PY`/`DA`/`Y1` or a person writes it: `2019`, `2019///`,
    `2019/05/03/`, `2019-05-03`, `May 2019`, `3 May 2019`, `Spring 2019`, `1999-2000`."""
    value = text.strip()
    if not value:
        return None
    if value.endswith(".") and re.search(r"\d\.$", value):
        value = value[:-1]
    iso = parse_iso(value.split("T")[0].split(" ")[0]) if re.match(r"^-?\d{4}(-\d\d){0,2}([T ].*)?$", value) else None
    if iso:
        return iso
    if "/" in value and (slashed := _slashed(value)):
        return slashed
    m = _YEAR_RANGE.match(value)
    if m:
        return {"date-parts": [[int(m.group(1))], [int(m.group(2))]]}
    return _worded(value.rstrip(".")) or {"literal": value}


def _slashed(value: str) -> CSLDate | None:
    """RIS `YYYY/MM/DD/other`: empty parts allowed (`2019///`, `2019/05//`), a season in the
    last part (`2019///Spring`; EndNote also writes `2014//Fall`)."""
    pieces = value.split("/")
    if not re.fullmatch(r"\d{1,4}", pieces[0]) or len(pieces) > 4:
        return None
    numbers = [p for p in pieces[1:] if p.strip().isdigit()]
    words = [p.strip().lower() for p in pieces[1:] if p.strip() and not p.strip().isdigit()]
    parts = [int(pieces[0])]
    if len(pieces) > 1 and pieces[1].strip().isdigit() and 1 <= int(pieces[1]) <= 12:
        parts.append(int(pieces[1]))
        if len(pieces) > 2 and pieces[2].strip().isdigit() and 1 <= int(pieces[2]) <= 31:
            parts.append(int(pieces[2]))
    elif numbers:
        return None
    date: CSLDate = {"date-parts": [parts]}
    season = next((_SEASON_WORDS[w] for w in words if w in _SEASON_WORDS), None)
    if season and len(parts) == 1:
        date["season"] = season
    return date


def _worded(value: str) -> CSLDate | None:
    """`May 2019`, `3 May 2019`, `May 3, 2019`, `Spring 2019`."""
    m = _MONTH_YEAR.match(value)
    if not m:
        return None
    word, year = m.group(2).lower(), int(m.group(4))
    if word in _SEASON_WORDS:
        return {"date-parts": [[year]], "season": _SEASON_WORDS[word]}
    month = month_number(word)
    if month is None:
        return None
    day = m.group(1) or m.group(3)
    return {"date-parts": [[year, month, int(day)] if day else [year, month]]}


def month_and_day(text: str, year: int) -> CSLDate | None:
    """EndNote's `DA` (`May 3`, `Jun`, `05/03`) completed with the year from `PY`."""
    value = text.strip().rstrip(".")
    m = re.fullmatch(r"([A-Za-z]+)\.?(?:\s+(\d{1,2}))?", value)
    if m and month_number(m.group(1)):
        month = month_number(m.group(1))
        return {"date-parts": [[year, month, int(m.group(2))] if m.group(2) else [year, month]]}
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})", value)
    if m and 1 <= int(m.group(1)) <= 12:
        return {"date-parts": [[year, int(m.group(1)), int(m.group(2))]]}
    return None
