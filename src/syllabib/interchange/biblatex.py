"""BibTeX entries → biblatex: the types and fields biblatex prefers (`journaltitle`, `location`,
`date`, `@report` with `type = {techreport}`, `@thesis` with `type = {phdthesis}`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..csl.dates import month_number

TYPES: dict[str, tuple[str, str | None]] = {
    "techreport": ("report", "techreport"), "phdthesis": ("thesis", "phdthesis"),
    "mastersthesis": ("thesis", "mathesis"), "conference": ("inproceedings", None),
    "electronic": ("online", None), "www": ("online", None),
}
"""BibTeX type → (biblatex type, the `type` field it implies)."""

FIELDS: dict[str, str] = {"journal": "journaltitle", "address": "location",
                          "school": "institution", "annote": "annotation"}
"""BibTeX field → biblatex field (biblatex reads the old names too, but prefers these)."""

Field = tuple[str, str]  # (name, value as written, delimiters included)


def to_biblatex(entry_type: str, fields: Sequence[Field],
                resolved: Mapping[str, str]) -> tuple[str, list[Field]]:
    """One entry's type and fields for biblatex; `resolved` holds macro-expanded values (for
    `month = may` → `date`). Values are kept as written; nothing is dropped."""
    new_type, implied = TYPES.get(entry_type.lower(), (entry_type.lower(), None))
    names = {name.lower() for name, _ in fields}
    out: list[Field] = []
    date = None if "date" in names else _date(resolved)
    used = {"year", "month", "day"}.intersection(names) if date else set()
    if date and date.count("-") < 2:
        used.discard("day")
    for name, value in fields:
        lowered = name.lower()
        if lowered in used:
            if lowered == "year":
                out.append(("date", "{" + date + "}"))
            continue
        target = FIELDS.get(lowered, lowered)
        if target != lowered and target in names:
            target = lowered  # both spellings present: keep both as written
        out.append((target, value))
    if implied and "type" not in names:
        out.append(("type", "{" + implied + "}"))
    return new_type, out


def _date(resolved: Mapping[str, str]) -> str | None:
    """`year` (+ `month`, `day`) as an ISO date, or None when the year is not a plain year."""
    year = _plain(resolved.get("year", ""))
    if not re.fullmatch(r"\d{4}", year):
        return None
    month = month_number(_plain(resolved["month"])) if resolved.get("month") else None
    if resolved.get("month") and month is None:
        return None  # `month = {Spring}`: keep year and month as they are
    day = _plain(resolved.get("day", ""))
    text = year
    if month:
        text += f"-{month:02d}"
        if day.isdigit() and 1 <= int(day) <= 31:
            text += f"-{int(day):02d}"
    return text


def _plain(value: str) -> str:
    return value.strip().strip("{}\"").strip()
