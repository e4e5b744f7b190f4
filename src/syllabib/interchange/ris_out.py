"""CSL-JSON items → RIS text (written with rispy): what EndNote, Zotero, Mendeley, Talis Aspire
and Leganto import."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .texvalue import strip_markup

RIS_TYPES: dict[str, str] = {
    "article-journal": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS",
    "article": "GEN", "book": "BOOK", "chapter": "CHAP", "paper-conference": "CPAPER",
    "report": "RPRT", "thesis": "THES", "webpage": "ELEC", "post-weblog": "BLOG",
    "post": "ELEC", "manuscript": "UNPB", "patent": "PAT", "dataset": "DATA",
    "software": "COMP", "entry-encyclopedia": "ENCYC", "entry-dictionary": "DICT",
    "entry": "ENCYC", "standard": "STAND", "legislation": "STAT", "bill": "BILL",
    "legal_case": "CASE", "personal_communication": "PCOMM", "motion_picture": "VIDEO",
    "broadcast": "VIDEO", "song": "SOUND", "graphic": "ART", "figure": "FIGURE", "map": "MAP",
    "pamphlet": "PAMP", "speech": "SLIDE", "hearing": "HEAR", "musical_score": "MUSIC",
}
"""CSL type → RIS type (TY): the inverse of `ris.TYPES` where RIS has a type of its own."""

_SIMPLE = (("title", "TI"), ("collection-title", "T3"), ("container-title-short", "J2"),
           ("volume", "VL"), ("edition", "ET"), ("publisher", "PB"),
           ("publisher-place", "CY"), ("abstract", "AB"), ("language", "LA"),
           ("title-short", "ST"), ("number-of-volumes", "NV"), ("URL", "UR"), ("DOI", "DO"))
_BOOKISH = {"book", "report", "thesis", "pamphlet"}
_SEASONS = {1: "Spring", 2: "Summer", 3: "Autumn", 4: "Winter"}


def ris_text(items: Sequence[tuple[Mapping[str, Any], Sequence[str]]]) -> str:
    """RIS records for (CSL item, keywords) pairs, `ER` closing each, CRLF-free."""
    import rispy

    writer = _writer(rispy)
    records = [ris_record(item, keywords) for item, keywords in items]
    return writer.formats([{tag.lower(): value for tag, value in r.items()} for r in records])


def _writer(rispy: Any) -> Any:
    class Writer(rispy.RisWriter):
        """rispy's writer without its numbered header line before each record."""

        REFERENCE_TYPE_KEY = "ty"

        def set_header(self, count: int) -> str:
            """No header line."""
            return ""

    tags = ["TY", "AU", "A2", "A4", "TI", "T2", "T3", "J2", "PY", "DA", "Y2", "VL", "IS", "SP",
            "EP", "DO", "SN", "UR", "PB", "CY", "AB", "KW", "N1", "ET", "LA", "ST", "NV", "M3",
            "ID", "ER"]
    return Writer(mapping={t: t.lower() for t in tags}, list_tags=["AU", "A2", "A4", "KW", "N1", "SN"],
                  delimiter_tags_mapping={})


def ris_record(item: Mapping[str, Any], keywords: Sequence[str] = ()) -> dict[str, Any]:
    """One CSL item as RIS tags (values plain text: RIS has no markup)."""
    kind = str(item.get("type", "article"))
    tags: dict[str, Any] = {"TY": RIS_TYPES.get(kind, "GEN")}
    for variable, tag in (("author", "AU"), ("editor", "A2"), ("translator", "A4")):
        names = [ris_name(n) for n in item.get(variable) or []]
        if names:
            tags[tag] = names
    for variable, tag in _SIMPLE:
        if item.get(variable) not in (None, ""):
            tags[tag] = (_prose if tag == "AB" else _plain)(item[variable])
    if item.get("container-title"):
        tags["T2"] = _plain(item["container-title"])
    _dates(item, tags)
    _numbers(item, kind, tags)
    numbers = [str(item[v]) for v in ("ISBN", "ISSN") if item.get(v)]
    if numbers:
        tags["SN"] = numbers
    if keywords:
        tags["KW"] = list(keywords)
    notes = [_prose(item[v]) for v in ("note", "annote") if item.get(v)]
    if notes:
        tags["N1"] = notes
    if item.get("genre"):
        tags["M3"] = _plain(item["genre"])
    if item.get("id"):
        tags["ID"] = str(item["id"])
    return {tag: tags[tag] for tag in _ORDER if tag in tags}


_ORDER = ("TY", "ID", "AU", "A2", "A4", "TI", "T2", "T3", "J2", "PY", "DA", "Y2", "VL", "IS",
          "SP", "EP", "ET", "NV", "M3", "PB", "CY", "SN", "DO", "UR", "LA", "ST", "KW", "AB", "N1")


def ris_name(name: Mapping[str, Any]) -> str:
    """`Family, Given, Suffix`; an organisation as its name (no comma)."""
    if name.get("literal"):
        return str(name["literal"])
    family = " ".join(str(name[p]) for p in ("dropping-particle", "non-dropping-particle", "family")
                      if name.get(p))
    parts = [family, str(name.get("given", ""))]
    if name.get("suffix"):
        parts.append(str(name["suffix"]))
    return ", ".join(parts).rstrip(", ")


def _plain(value: Any) -> str:
    return strip_markup(str(value)).replace("\n", " ")


def _prose(value: Any) -> str:
    """Notes keep their paragraphs: a blank line, then the next paragraph as a continuation."""
    paragraphs = re.split(r"\s*\n\s*\n\s*", str(value).strip())
    return "\n\n".join(_plain(p) for p in paragraphs if p.strip())


def _dates(item: Mapping[str, Any], tags: dict[str, Any]) -> None:
    """PY the year; DA `YYYY/MM/DD/` when there is more than a year; Y2 the access date."""
    issued = item.get("issued") or {}
    parts = (issued.get("date-parts") or [[]])[0]
    if parts:
        tags["PY"] = f"{int(parts[0]):04d}"
        season = _SEASONS.get(int(issued.get("season") or 0))
        if len(parts) > 1:
            tags["DA"] = "/".join(f"{int(p):02d}" for p in parts) + "/" * (4 - len(parts))
        elif season:
            tags["DA"] = f"{tags['PY']}///{season}"
    elif issued.get("literal"):
        tags["PY"] = str(issued["literal"])
    accessed = (item.get("accessed") or {}).get("date-parts") or [[]]
    if accessed[0]:
        tags["Y2"] = "/".join(f"{int(p):02d}" for p in accessed[0])


def _numbers(item: Mapping[str, Any], kind: str, tags: dict[str, Any]) -> None:
    """IS the issue or report number; SP/EP the page range (or SP a book's page count)."""
    number = item.get("issue") or (item.get("number") if kind == "report" else None)
    if number:
        tags["IS"] = _plain(number)
    page = str(item.get("page") or "")
    if page:
        pieces = re.split(r"\s*[-\u2013]+\s*", page, maxsplit=1)
        tags["SP"] = pieces[0]
        if len(pieces) > 1 and pieces[1]:
            tags["EP"] = pieces[1]
    elif item.get("number-of-pages") and kind in _BOOKISH:
        tags["SP"] = _plain(item["number-of-pages"])

