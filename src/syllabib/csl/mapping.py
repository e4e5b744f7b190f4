"""Our own BibTeX/biblatex → CSL-JSON tables: entry types, fields and small converters."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ..model import Entry
from .dates import issued, plain_date
from .names import csl_names
from .richtext import csl_text, plain_text

CSLItem = dict[str, Any]

TYPE_MAP: dict[str, str] = {
    "article": "article-journal", "book": "book", "mvbook": "book", "bookinbook": "chapter",
    "booklet": "pamphlet", "collection": "book", "mvcollection": "book", "inbook": "chapter",
    "incollection": "chapter", "suppbook": "chapter", "suppcollection": "chapter",
    "inproceedings": "paper-conference", "conference": "paper-conference",
    "proceedings": "book", "mvproceedings": "book", "reference": "book", "mvreference": "book",
    "inreference": "entry-encyclopedia", "manual": "report", "report": "report",
    "techreport": "report", "thesis": "thesis", "phdthesis": "thesis",
    "mastersthesis": "thesis", "online": "webpage", "electronic": "webpage", "www": "webpage",
    "unpublished": "manuscript", "misc": "article", "patent": "patent",
    "periodical": "periodical", "suppperiodical": "article-journal", "dataset": "dataset",
    "software": "software", "artwork": "graphic", "image": "graphic", "audio": "song",
    "music": "song", "video": "motion_picture", "movie": "motion_picture",
    "letter": "personal_communication", "jurisdiction": "legal_case",
    "legislation": "legislation", "legal": "treaty", "standard": "standard",
    "review": "review", "performance": "performance",
}
"""biblatex entry type → CSL type (the shape of a reference in every style)."""

_ARTICLE_SUBTYPES = {"magazine": "article-magazine", "newspaper": "article-newspaper"}
_THESIS_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master\u2019s thesis"}
_GENRE_WORDS = {"phdthesis": "PhD thesis", "mathesis": "Master\u2019s thesis",
                "mastersthesis": "Master\u2019s thesis", "techreport": "Technical report",
                "resreport": "Research report", "candthesis": "Candidate thesis"}
_CONTAINER_OWNERS = {"chapter", "paper-conference", "entry-encyclopedia", "entry-dictionary"}


def page_range(value: str) -> str:
    """`12--34`, `12—34` or `12 - 34` → `12-34` (the engine lays out the dash)."""
    text = plain_text(value)
    return re.sub(r"\s*[-\u2010-\u2015]+\s*", "-", text).strip()


def doi(value: str) -> str:
    """A DOI without its resolver or `doi:` prefix."""
    text = plain_text(value).strip()
    return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", text, flags=re.IGNORECASE)


def url(value: str) -> str:
    """A URL with `\\url{}` and escapes removed, never LaTeX-decoded (`~` stays a tilde)."""
    text = value.strip()
    found = re.search(r"\\url\s*\{([^{}]*)\}", text)
    text = found.group(1) if found else text.strip("{}")
    return re.sub(r"\\([%&#_~$])", r"\1", text).strip()


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}


def edition(value: str) -> str | int:
    """`2`, `2nd`, `second` → 2 (styles print the ordinal in their language); else the text."""
    text = plain_text(value).strip()
    m = re.fullmatch(r"(\d+)\s*(?:st|nd|rd|th|\.)?(?:\s+ed(?:ition|\.)?)?", text, re.IGNORECASE)
    if m:
        return int(m.group(1))
    word = text.lower().split(" ")[0]
    return _ORDINALS.get(word, text)


def number(value: str) -> str:
    """Volumes, issues, numbers: plain text; a numeric range gets an en dash (`99–02`)."""
    if re.fullmatch(r"\s*\d+\s*-+\s*\d+\s*", value):
        return page_range(value).replace("-", "\u2013")
    return plain_text(value)


_SERIES_KEYS = {"newseries": "new series", "oldseries": "old series"}


def series(value: str) -> str:
    """A series title; biblatex's localisation keys (`newseries`) spelled out."""
    return _SERIES_KEYS.get(value.strip().lower(), "") or csl_text(value)


_LANGUAGES = {
    "english": "en", "american": "en-US", "usenglish": "en-US", "british": "en-GB",
    "ukenglish": "en-GB", "australian": "en-AU", "canadian": "en-CA", "german": "de-DE",
    "ngerman": "de-DE", "austrian": "de-AT", "naustrian": "de-AT", "swissgerman": "de-CH",
    "french": "fr-FR", "finnish": "fi-FI", "swedish": "sv-SE", "norwegian": "nb-NO",
    "norsk": "nb-NO", "danish": "da-DK", "dutch": "nl-NL", "italian": "it-IT",
    "spanish": "es-ES", "portuguese": "pt-PT", "brazilian": "pt-BR", "russian": "ru-RU",
    "polish": "pl-PL", "czech": "cs-CZ", "greek": "el-GR", "latin": "la", "estonian": "et-EE",
    "hungarian": "hu-HU", "icelandic": "is-IS", "japanese": "ja-JP", "chinese": "zh-CN",
}


def language(value: str) -> str:
    """babel/polyglossia names (`english`, `ngerman`, `finnish`) → BCP 47 tags; codes kept."""
    text = plain_text(value).strip()
    return _LANGUAGES.get(text.lower(), text)


Converter = Callable[[str], Any]

FIELD_MAP: dict[str, tuple[str, Converter]] = {
    "title": ("title", csl_text), "shorttitle": ("title-short", csl_text),
    "journal": ("container-title", csl_text), "journaltitle": ("container-title", csl_text),
    "shortjournal": ("container-title-short", csl_text),
    "series": ("collection-title", series), "volume": ("volume", number),
    "volumes": ("number-of-volumes", number), "pages": ("page", page_range),
    "pagetotal": ("number-of-pages", number), "chapter": ("chapter-number", number),
    "edition": ("edition", edition), "publisher": ("publisher", plain_text),
    "address": ("publisher-place", plain_text), "location": ("publisher-place", plain_text),
    "doi": ("DOI", doi), "url": ("URL", url), "isbn": ("ISBN", plain_text), "issn": ("ISSN", plain_text),
    "note": ("note", csl_text), "abstract": ("abstract", csl_text), "language": ("language", language),
    "langid": ("language", language), "version": ("version", plain_text),
    "eventtitle": ("event-title", csl_text), "venue": ("event-place", plain_text),
    "pmid": ("PMID", plain_text), "pmcid": ("PMCID", plain_text), "origlanguage": ("original-language", plain_text),
    "annotation": ("annote", csl_text), "annote": ("annote", csl_text),
    "pubstate": ("status", plain_text), "howpublished": ("medium", plain_text),
}
"""biblatex field → (CSL variable, converter); fields needing context are handled below."""

NAME_MAP = {"author": "author", "editor": "editor", "translator": "translator",
            "bookauthor": "container-author", "commentator": "editorial-director",
            "director": "director", "editora": "editor"}
"""biblatex name-list field → CSL name variable."""


def csl_type(entry: Entry) -> str:
    """The CSL type of an entry, refined by `entrysubtype`, `url` and `type`."""
    kind = entry.entry_type
    fields = entry.fields
    if kind == "article":
        return _ARTICLE_SUBTYPES.get(fields.get("entrysubtype", "").strip().lower(),
                                     "article-journal")
    if kind == "misc":
        if fields.get("url") or _is_url(fields.get("howpublished", "")):
            return "webpage"
        return "article"
    return TYPE_MAP.get(kind, "article")


def _is_url(value: str) -> bool:
    return "\\url" in value or bool(re.match(r"\s*\{?https?://", value))


def to_csl(entry: Entry) -> CSLItem:
    """One entry as a CSL-JSON item (`id` is the citation key)."""
    item: CSLItem = {"id": entry.key, "type": csl_type(entry)}
    fields = entry.fields
    for name, value in fields.items():
        if name in FIELD_MAP and value.strip():
            variable, convert = FIELD_MAP[name]
            if variable not in item:
                item[variable] = convert(value)
        elif name in NAME_MAP and value.strip():
            names = csl_names(value)
            if names:
                item.setdefault(NAME_MAP[name], names)
    _contextual(entry, item)
    return {k: v for k, v in item.items() if v not in ("", [], None)}


def _contextual(entry: Entry, item: CSLItem) -> None:
    """Fields whose CSL variable depends on the entry type or on other fields."""
    fields, kind = entry.fields, item["type"]
    _title_parts(fields, item)
    if fields.get("booktitle"):
        booktitle = csl_text(fields["booktitle"])
        if fields.get("booksubtitle"):
            booktitle = f"{booktitle}: {csl_text(fields['booksubtitle'])}"
        if kind in _CONTAINER_OWNERS or "container-title" not in item:
            item.setdefault("container-title", booktitle)
    if "maintitle" in fields and "container-title" not in item and kind == "chapter":
        item["container-title"] = csl_text(fields["maintitle"])
    _numbers(fields, item)
    _publisher(entry, item)
    _genre(entry, item)
    _dates(fields, item)
    _eprint(fields, item)
    if "medium" in item and _is_url(fields.get("howpublished", "")):
        item.setdefault("URL", url(fields["howpublished"]))
        del item["medium"]


def _title_parts(fields: Mapping[str, str], item: CSLItem) -> None:
    """biblatex `subtitle` and `titleaddon` join the title."""
    if "title" in item and fields.get("subtitle"):
        item["title"] = f"{item['title']}: {csl_text(fields['subtitle'])}"
    if "title" in item and fields.get("titleaddon"):
        item["title"] = f"{item['title']}. {csl_text(fields['titleaddon'])}"


def _numbers(fields: Mapping[str, str], item: CSLItem) -> None:
    """`number` is a journal issue for articles, else a report or series number."""
    issue = fields.get("issue") or (fields.get("number") if item["type"].startswith("article")
                                    else None)
    if issue:
        item["issue"] = number(issue)
    elif fields.get("number"):
        target = "collection-number" if fields.get("series") and item["type"] in (
            "book", "chapter", "paper-conference") else "number"
        item[target] = number(fields["number"])


def _publisher(entry: Entry, item: CSLItem) -> None:
    """Institutions, schools and organisations publish reports, theses and manuals."""
    fields = entry.fields
    for name in ("institution", "school", "organization"):
        if fields.get(name) and "publisher" not in item:
            item["publisher"] = plain_text(fields[name])


def _genre(entry: Entry, item: CSLItem) -> None:
    """`type` of a report or thesis (or the BibTeX entry type itself) as the CSL genre."""
    raw = entry.fields.get("type", "").strip()
    if raw:
        item["genre"] = _GENRE_WORDS.get(raw.lower(), plain_text(raw))
    elif entry.entry_type in _THESIS_GENRES:
        item["genre"] = _THESIS_GENRES[entry.entry_type]


def _dates(fields: Mapping[str, str], item: CSLItem) -> None:
    """issued from date/year/month/day; urldate → accessed; eventdate; origdate."""
    date = issued(dict(fields))
    if date is not None:
        if "literal" in date and date["literal"].lower() in ("forthcoming", "in press"):
            item.setdefault("status", date["literal"])
        else:
            item["issued"] = date
    for name, variable in (("urldate", "accessed"), ("eventdate", "event-date"),
                           ("origdate", "original-date")):
        if fields.get(name):
            value = plain_date(fields[name])
            if value:
                item[variable] = value


def _eprint(fields: Mapping[str, str], item: CSLItem) -> None:
    """arXiv and PubMed eprints become links or identifiers."""
    eprint, kind = fields.get("eprint", "").strip(), fields.get("eprinttype", "").lower()
    if not eprint:
        return
    if kind == "arxiv" or fields.get("archiveprefix", "").lower() == "arxiv":
        item.setdefault("URL", f"https://arxiv.org/abs/{plain_text(eprint)}")
    elif kind == "pubmed":
        item.setdefault("PMID", plain_text(eprint))
    elif kind == "hdl":
        item.setdefault("URL", f"https://hdl.handle.net/{plain_text(eprint)}")


NOT_REFERENCES = frozenset({"set", "xdata"})
"""biblatex entry types that group or feed other entries and are never printed."""


def to_csl_items(entries: Iterable[Entry]) -> list[CSLItem]:
    """Many entries, in their order (`@set` and `@xdata` left out)."""
    return [to_csl(entry) for entry in entries if entry.entry_type not in NOT_REFERENCES]


def bib_to_csl_items(path: Path) -> list[CSLItem]:
    """Every clean entry of one .bib file as CSL-JSON items, in file order."""
    from ..library import load_files

    return to_csl_items(load_files([path]).entries)
