"""RIS (EndNote, Mendeley, Zotero, Talis Aspire, Leganto) → CSL-JSON items, read with rispy.

Records are cut and checked here, with line numbers; rispy reads the tags of each record. A RIS
record becomes a CSL item, so types, names, dates and pages take the one CSL → BibTeX road."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import BibSyntaxError, Location
from .bibdates import month_and_day, parse_text_date
from .bibnames import ris_name

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])\s{1,2}-(?:\s(.*)|\s*)$")
_REFER = re.compile(r"^%[0-9A-Z@!#$&()*+^~] ")
RIS_TAGS = ("TY", "AU", "A1", "A2", "A3", "A4", "ED", "TA", "TI", "T1", "T2", "T3", "BT", "CT",
            "JO", "JF", "JA", "J1", "J2", "PY", "Y1", "DA", "Y2", "VL", "IS", "CP", "SP", "EP",
            "DO", "SN", "UR", "L1", "L2", "L4", "PB", "CY", "PP", "AB", "N2", "KW", "N1", "M1",
            "M2", "M3", "ET", "LA", "ST", "NV", "SE", "ID", "AN", "AD", "CN", "DB", "DP", "C1",
            "C2", "C3", "C4", "C5", "C6", "C7", "C8", "RP", "OP", "RN", "LB", "U1", "U2", "U3",
            "U4", "U5", "Y3", "TT", "CA", "ER")
_LIST_TAGS = ["AU", "A1", "A2", "A3", "A4", "ED", "TA", "KW", "N1", "UR", "SN", "L1", "L2"]

TYPES: dict[str, str] = {
    "JOUR": "article-journal", "EJOUR": "article-journal", "JFULL": "article-journal",
    "INPR": "article-journal", "ABST": "article-journal", "MGZN": "article-magazine",
    "NEWS": "article-newspaper", "BOOK": "book", "EBOOK": "book", "EDBOOK": "book",
    "SER": "book", "CLSWK": "book", "ANCIENT": "book", "CHAP": "chapter", "ECHAP": "chapter",
    "CONF": "paper-conference", "CPAPER": "paper-conference", "RPRT": "report",
    "GOVDOC": "report", "THES": "thesis", "ELEC": "webpage", "WEB": "webpage", "BLOG": "post-weblog",
    "ICOMM": "webpage", "GEN": "article", "UNPB": "manuscript", "MANSCPT": "manuscript",
    "PAT": "patent", "DATA": "dataset", "DBASE": "dataset", "AGGR": "dataset",
    "COMP": "software", "ENCYC": "entry-encyclopedia", "DICT": "entry-dictionary",
    "STAND": "standard", "STAT": "legislation", "BILL": "bill", "LEGAL": "legislation",
    "CASE": "legal_case", "PCOMM": "personal_communication", "VIDEO": "motion_picture",
    "MPCT": "motion_picture", "ADVS": "motion_picture", "SOUND": "song", "MUSIC": "musical_score",
    "ART": "graphic", "FIGURE": "figure", "MAP": "map", "PAMP": "pamphlet", "SLIDE": "speech",
    "HEAR": "hearing", "CTLG": "book", "MULTI": "webpage", "CHART": "figure", "EQUA": "figure",
    "GRANT": "report",
}
"""RIS reference type (TY) → CSL type; unknown types read as `article` (BibTeX `misc`)."""

_BOOKISH = {"book", "report", "thesis", "pamphlet"}


@dataclass
class RisRecord:
    """One record: its tags (rispy's reading, keyed by RIS tag) and the line of its TY."""

    tags: dict[str, Any]
    line: int


def read_ris(text: str, label: str) -> list[RisRecord]:
    """Every record of a RIS text; anything that is not RIS is a `file:line` error."""
    import rispy

    parser = rispy.RisParser(mapping={tag: tag for tag in RIS_TAGS} | {"UK": "UK"},
                             list_tags=_LIST_TAGS, delimiter_tags_mapping={},
                             enforce_list_tags=False)
    return [RisRecord(parser.parse_lines(iter(lines))[0], line)
            for line, lines in _records(text, label)]


def _records(text: str, label: str) -> list[tuple[int, list[str]]]:
    """The lines of each record (tags normalised to `XX  - value`), with its first line number."""
    records: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    start, blank = 0, False
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        m = _TAG_LINE.match(line.rstrip())
        if current is None:
            if not line.strip():
                continue
            if not m or m.group(1) != "TY":
                raise _not_ris(line, Location(label, number), bool(records))
            current, start = [], number
        elif m and m.group(1) == "TY":
            raise BibSyntaxError(f"RIS record has no end (ER  - ) before the next one at line "
                                 f"{number}", Location(label, start),
                                 hint="every record ends with a line 'ER  - '")
        if m:
            current.append(f"{m.group(1)}  - {(m.group(2) or '').strip()}")
            if m.group(1) == "ER":
                records.append((start, current))
                current = None
        elif line.strip() and current:
            current[-1] += ("\n\n" if blank else " ") + line.strip()  # a value goes on
        blank = not line.strip()
    if current is not None:
        raise BibSyntaxError("RIS record has no end (ER  - )", Location(label, start),
                             hint="every record ends with a line 'ER  - '; was the file cut off?")
    if not records:
        raise BibSyntaxError("no RIS record found", Location(label, 1),
                             hint="a RIS record starts with 'TY  - JOUR' and ends with 'ER  - '")
    return records


def _not_ris(line: str, where: Location, after_record: bool) -> BibSyntaxError:
    if _REFER.match(line):
        return BibSyntaxError("EndNote tagged text (%A, %T …) is not RIS", where,
                              hint="in EndNote export with the 'RefMan (RIS) Export' style")
    what = "after the end of a record" if after_record else "before the first record"
    return BibSyntaxError(f"not RIS: {line.strip()[:40]!r} {what}", where,
                          hint="a RIS record starts with 'TY  - ' and ends with 'ER  - '")


def to_csl(record: RisRecord) -> dict[str, Any]:
    """One RIS record as a CSL-JSON item (`ID` offered as the citation key)."""
    tags = record.tags
    kind = TYPES.get(str(tags.get("TY", "")).strip().upper(), "article")
    item: dict[str, Any] = {"type": kind}
    _names(tags, kind, item)
    _titles(tags, kind, item)
    _dates(tags, item)
    _numbers(tags, kind, item)
    _identifiers(tags, item)  # after _numbers: IS, then SN, numbers a report
    for tag, variable in (("PB", "publisher"), ("CY", "publisher-place"), ("PP", "publisher-place"),
                          ("ET", "edition"), ("LA", "language"), ("NV", "number-of-volumes")):
        _set(item, variable, _first(tags, tag))
    _set(item, "abstract", _first(tags, "AB") or _first(tags, "N2"))
    if kind in ("thesis", "report", "manuscript", "webpage"):
        _set(item, "genre", _first(tags, "M3"))
    keywords = [k for k in _all(tags, "KW") if k]
    if keywords:
        item["keyword"] = ", ".join("{" + k + "}" if "," in k else k for k in keywords)
    notes = [_html_to_text(n) for n in _all(tags, "N1")]
    _set(item, "note", "\n\n".join(n for n in notes if n))
    _set(item, "id", _first(tags, "ID"))
    return item


def _first(tags: dict[str, Any], tag: str) -> str:
    value = tags.get(tag)
    if isinstance(value, list):
        value = next((v for v in value if str(v).strip()), "")
    return str(value or "").strip()


def _all(tags: dict[str, Any], tag: str) -> list[str]:
    value = tags.get(tag)
    values = value if isinstance(value, list) else [value] if value else []
    return [str(v).strip() for v in values]


def _set(item: dict[str, Any], variable: str, value: Any) -> None:
    if value not in (None, "", []) and variable not in item:
        item[variable] = value


def _names(tags: dict[str, Any], kind: str, item: dict[str, Any]) -> None:
    """AU/A1 authors; ED, else A2, editors; A4/TA translators (A3, series editors, is left)."""
    editors = "ED" if _all(tags, "ED") else "A2"
    for tag, variable in (("AU", "author"), ("A1", "author"), (editors, "editor"),
                          ("A4", "translator"), ("TA", "translator")):
        names = [ris_name(n) for n in _all(tags, tag) if n.strip(" ,")]
        if names:
            item.setdefault(variable, []).extend(names)


def _titles(tags: dict[str, Any], kind: str, item: dict[str, Any]) -> None:
    """TI/T1 title; T2 (or JF/JO/BT) the container, or the series of a book; T3 the series."""
    _set(item, "title", _first(tags, "TI") or _first(tags, "T1") or
         (_first(tags, "BT") if kind in _BOOKISH else ""))
    container = (_first(tags, "T2") or _first(tags, "JF") or _first(tags, "JO")
                 or _first(tags, "BT") or _first(tags, "J2") or _first(tags, "JA"))
    if kind in _BOOKISH:
        _set(item, "collection-title", _first(tags, "T2") or _first(tags, "T3"))
    else:
        _set(item, "container-title", container)
        _set(item, "collection-title", _first(tags, "T3"))
    short = _first(tags, "JA") or _first(tags, "J2")
    if short and short != item.get("container-title"):
        _set(item, "container-title-short", short)
    _set(item, "title-short", _first(tags, "ST"))


def _dates(tags: dict[str, Any], item: dict[str, Any]) -> None:
    """PY/Y1 the year (`2019///`, `2019/05/03/`), DA the full date or EndNote's `May 3`."""
    year_text = _first(tags, "PY") or _first(tags, "Y1")
    date_text = _first(tags, "DA")
    year = parse_text_date(year_text) if year_text else None
    date = parse_text_date(date_text) if date_text else None
    if date and "literal" in date and year and "date-parts" in year:
        date = month_and_day(date_text, year["date-parts"][0][0])
    best = _finer(year, date)
    if best:
        item["issued"] = best
    accessed = parse_text_date(_first(tags, "Y2")) if _first(tags, "Y2") else None
    if accessed and "date-parts" in accessed:
        item["accessed"] = accessed


def _finer(a: dict[str, Any] | None, b: dict[str, Any] | None) -> dict[str, Any] | None:
    """The more precise of two dates (DA often adds month and day to PY's year)."""
    if not a or not b:
        return a or b
    if "date-parts" not in b:
        return a
    if "date-parts" not in a:
        return b
    finer = (len(b["date-parts"][0]), len(b)) > (len(a["date-parts"][0]), len(a))
    return b if finer else a


def _numbers(tags: dict[str, Any], kind: str, item: dict[str, Any]) -> None:
    """VL volume, IS issue (a report's number), SP/EP pages (EndNote puts `12-34` in SP)."""
    _set(item, "volume", _first(tags, "VL"))
    issue = _first(tags, "IS") or _first(tags, "CP")
    if kind == "report":
        _set(item, "number", issue or _first(tags, "M1"))
    else:
        _set(item, "issue", issue)
    start, end = _first(tags, "SP"), _first(tags, "EP")
    if start and end and end != start and not re.search(r"[-\u2013]", start):
        item["page"] = f"{start}-{end}"
    elif start:
        if kind in _BOOKISH and re.fullmatch(r"\d+", start) and not end:
            item["number-of-pages"] = start
        else:
            item["page"] = start


_NUMBER = re.compile(r"(?<![\w-])\d[\dXx -]{6,}[\dXx](?![\w-])")  # ISBN-10/13, ISSN
_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")


def _identifiers(tags: dict[str, Any], item: dict[str, Any]) -> None:
    """DO the DOI; SN holds ISBNs or ISSNs (told apart by their shape); UR the first URL."""
    doi = _first(tags, "DO")
    if doi:
        item["DOI"] = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.I)
    for value in _all(tags, "SN"):
        found = [n for candidate in _NUMBER.findall(value) for n in _standard_numbers(candidate)]
        for number in found:
            _set(item, "ISSN" if _ISSN.match(number) else "ISBN", number)
        if not found and item["type"] == "report":
            _set(item, "number", value)  # Zotero writes a report's number in SN
    urls = [u for value in _all(tags, "UR") for u in re.split(r"\s*;\s*|\s+", value) if u]
    _set(item, "URL", urls[0] if urls else "")


def _standard_numbers(candidate: str) -> list[str]:
    """ISBNs and ISSNs in a run of digits: the whole run, else its space-separated parts."""
    def valid(text: str) -> bool:
        """Eight digits (ISSN), ten or thirteen (ISBN)."""
        return len(re.sub(r"[^\dXx]", "", text)) in (8, 10, 13)

    candidate = candidate.strip()
    if valid(candidate):
        return [candidate]
    return [part for part in candidate.split() if valid(part)]


def _html_to_text(note: str) -> str:
    """Zotero writes notes as HTML: paragraphs become blank lines, tags go."""
    import html

    text = re.sub(r"(?i)</p>\s*|<br\s*/?>", "\n\n", note)
    text = re.sub(r"<[^<>]+>", "", text)
    return html.unescape(text).strip()
