"""CSL-JSON item → BibTeX/biblatex entry: the inverse of `csl.mapping` (types, fields, names,
dates), with Zotero's quirks (dates as strings or `raw`, `key: value` lines in `note`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..csl.mapping import FIELD_MAP, NAME_MAP
from .bibdates import date_fields, iso_date
from .bibnames import bibtex_names
from .extra import read_extra
from .record import Record
from .texvalue import escape, escape_prose, rich

CSLItem = Mapping[str, Any]

BIB_TYPES: dict[str, str] = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "article": "misc", "book": "book", "chapter": "incollection",
    "paper-conference": "inproceedings", "entry-encyclopedia": "inreference",
    "entry-dictionary": "inreference", "entry": "inreference", "report": "techreport",
    "thesis": "thesis", "webpage": "online", "post-weblog": "online", "post": "online",
    "manuscript": "unpublished", "pamphlet": "booklet", "patent": "patent",
    "periodical": "periodical", "dataset": "dataset", "software": "software",
    "graphic": "artwork", "song": "audio", "motion_picture": "video", "broadcast": "video",
    "personal_communication": "letter", "legal_case": "jurisdiction",
    "legislation": "legislation", "bill": "legislation", "regulation": "legislation",
    "treaty": "legal", "standard": "standard", "review": "review", "review-book": "review",
    "performance": "performance", "speech": "unpublished", "interview": "misc", "map": "misc",
    "classic": "book", "collection": "book", "document": "misc", "event": "misc",
    "figure": "artwork", "musical_score": "misc", "hearing": "misc",
}
"""CSL type → BibTeX/biblatex entry type (theses and reports refined by genre below)."""

BIB_FIELDS: dict[str, str] = {
    "title": "title", "title-short": "shorttitle", "container-title-short": "shortjournal",
    "collection-title": "series", "volume": "volume", "number-of-volumes": "volumes",
    "page": "pages", "number-of-pages": "pagetotal", "chapter-number": "chapter",
    "edition": "edition", "publisher": "publisher", "publisher-place": "address",
    "DOI": "doi", "URL": "url", "ISBN": "isbn", "ISSN": "issn", "annote": "annotation", "note": "note",
    "abstract": "abstract", "language": "langid", "version": "version",
    "event-title": "eventtitle", "event-place": "venue", "PMID": "pmid", "PMCID": "pmcid",
    "original-language": "origlanguage", "status": "pubstate",
    "medium": "howpublished", "number": "number", "collection-number": "number",
    "genre": "type", "keyword": "keywords", "event": "eventtitle",
}
"""CSL variable → BibTeX/biblatex field; `container-title`, `issue`, dates and names depend on
the type and are handled by `to_record`."""

BIB_NAMES: dict[str, str] = {variable: field for field, variable in reversed(NAME_MAP.items())}
BIB_NAMES["editor"] = "editor"
"""CSL name variable → BibTeX name field (`container-author` → `bookauthor`)."""

NOT_CARRIED = frozenset({
    "id", "type", "citation-key", "citationKey", "source", "archive", "archive_location",
    "archive-place", "call-number", "citation-label", "dimensions", "scale", "references",
    "section", "authority", "jurisdiction", "system_id", "custom", "shortTitle",
    "journalAbbreviation", "container-title", "issue", "issued", "accessed", "event-date",
    "original-date", "available-date", "submitted",
})
"""CSL variables not written as fields of their own (used elsewhere, or catalogue data)."""

_DATES = {"accessed": "urldate", "event-date": "eventdate", "original-date": "origdate"}
_TITLE_LIKE = {"title", "shorttitle", "journal", "booktitle", "series", "shortjournal",
               "eventtitle", "maintitle"}
_PROSE = {"note", "annotation", "abstract"}
_VERBATIM = {"url", "doi"}
_CONTAINER_FIELD = {"article": "journal"}
ORDER = ("author", "editor", "translator", "bookauthor", "commentator", "director", "title",
         "shorttitle", "journal", "shortjournal", "booktitle", "eventtitle", "venue", "series",
         "edition", "type", "entrysubtype", "year", "month", "date", "volume", "volumes",
         "number", "issue", "chapter", "pages", "pagetotal", "school", "institution",
         "publisher", "address", "version", "pubstate", "howpublished", "doi", "isbn", "issn",
         "pmid", "pmcid", "url", "urldate", "eventdate", "origdate", "origlanguage", "langid",
         "language", "keywords", "abstract", "note", "annotation")
"""The order in which fields of an imported entry are written (others follow)."""
_DEFAULT_GENRES = {"thesis": {"phd thesis": "phdthesis", "master\u2019s thesis": "mastersthesis",
                              "master's thesis": "mastersthesis"}}
_ARTICLE_SUBTYPES = {"article-magazine": "magazine", "article-newspaper": "newspaper"}


def to_record(item: CSLItem, line: int = 0, notes_as_annotation: bool = False) -> Record:
    """One CSL-JSON item as a BibTeX entry (the key is chosen later)."""
    item = dict(item)
    extra = read_extra(str(item.get("note") or ""), _KNOWN_VARIABLES)
    _apply_extra(item, extra)
    kind = str(item.get("type") or "article")
    entry_type = _entry_type(kind, str(item.get("genre") or ""))
    record = Record(entry_type, {}, line, key=_offered_key(item, extra.key),
                    source_id=str(item["id"]) if item.get("id") not in (None, "") else None)
    _names(item, record)
    _plain_fields(item, record, notes_as_annotation)
    _contextual(item, kind, record)
    for name, (value, raw) in extra.tex_fields.items():
        record.fields[name] = value if raw else _text(name, value)
    rank = {name: i for i, name in enumerate(ORDER)}
    record.fields = dict(sorted(record.fields.items(), key=lambda kv: rank.get(kv[0], len(rank))))
    return record


_KNOWN_VARIABLES = set(BIB_FIELDS) | set(_DATES) | set(BIB_NAMES) | {
    "container-title", "issue", "issued", "type"}


def _apply_extra(item: dict[str, Any], extra: Any) -> None:
    """Variables from the note fill gaps in the item; the note keeps only the rest."""
    for name, value in extra.variables.items():
        if name in _DATES or name == "issued":
            from .bibdates import parse_text_date

            item.setdefault(name, parse_text_date(value) or {"literal": value})
        elif name in BIB_NAMES:
            item.setdefault(name, [_name_from_text(value)])
        elif name == "type" and value in BIB_TYPES:
            item["type"] = value
        else:
            item.setdefault(name, value)
    item["note"] = extra.rest


def _name_from_text(value: str) -> dict[str, str]:
    family, _, given = value.partition("||")
    return {"family": family.strip(), "given": given.strip()} if given else {"literal": value}


def _offered_key(item: Mapping[str, Any], from_note: str | None) -> str | None:
    for value in (item.get("citation-key"), item.get("citationKey"), from_note):
        if value:
            return str(value).strip()
    return None


def _entry_type(kind: str, genre: str) -> str:
    """The BibTeX type; a thesis is a phdthesis or mastersthesis when its genre says so."""
    entry_type = BIB_TYPES.get(kind, "misc")
    words = genre.lower()
    if entry_type == "thesis":
        if re.search(r"\b(ph\.?\s?d|doctor|doctoral|dissertation)", words):
            return "phdthesis"
        if re.search(r"\bmaster|\bm\.?a\b|\bm\.?sc?\b|\bmphil", words):
            return "mastersthesis"
    return entry_type


def _names(item: Mapping[str, Any], record: Record) -> None:
    for variable, field in BIB_NAMES.items():
        names = item.get(variable)
        if isinstance(names, list) and names and field not in record.fields:
            text = bibtex_names([n for n in names if isinstance(n, Mapping)])
            if text:
                record.fields[field] = text


def _plain_fields(item: Mapping[str, Any], record: Record, notes_as_annotation: bool) -> None:
    for variable, field in BIB_FIELDS.items():
        value = item.get(variable)
        if value in (None, "", []) or variable in ("genre", "number", "collection-number"):
            continue
        if variable == "note" and notes_as_annotation:
            field = "annotation"
        text = _value(variable, field, value)
        if text and field not in record.fields:
            record.fields[field] = text
        elif text and field in _PROSE:
            record.fields[field] += "\n\n" + text


def _value(variable: str, field: str, value: Any) -> str:
    """One CSL value as BibTeX text for `field`."""
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value).strip()
    if variable == "page":
        return escape(re.sub(r"\s*[-\u2010-\u2015]+\s*", "--", text))
    if variable == "language":
        return _babel(text)
    if variable == "keyword":
        return _keywords(text)
    return _text(field, text)


def _text(field: str, text: str) -> str:
    if field in _VERBATIM:
        return text.strip()
    if field in _TITLE_LIKE:
        return rich(text)
    if field in _PROSE:
        return escape_prose(text)
    return escape(re.sub(r"<[^<>]+>", "", text))


def _keywords(text: str) -> str:
    """CSL keywords (comma-separated; Zotero's tags) as a `keywords` value."""
    return ", ".join(escape(k) for k in re.split(r"\s*[,;]\s*", text) if k.strip())


def _contextual(item: Mapping[str, Any], kind: str, record: Record) -> None:
    """Fields whose BibTeX name depends on the type: containers, issues, publishers, genres."""
    fields = record.fields
    container = item.get("container-title")
    if container:
        name = _CONTAINER_FIELD.get(record.entry_type, "booktitle")
        fields.setdefault(name, rich(str(container)))
    _numbers(item, kind, fields)
    _publisher(record)
    _genre(item, record)
    if kind in _ARTICLE_SUBTYPES:
        fields.setdefault("entrysubtype", _ARTICLE_SUBTYPES[kind])
    _dates(item, record)
    if "langid" in fields and not _is_babel(fields["langid"]):
        fields["language"] = fields.pop("langid")


def _numbers(item: Mapping[str, Any], kind: str, fields: dict[str, str]) -> None:
    """`issue` is an article's `number`; a report's or series' number is `number` too."""
    issue, number = item.get("issue"), item.get("number") or item.get("collection-number")
    if issue not in (None, ""):
        name = "number" if kind.startswith("article") or kind == "periodical" else "issue"
        fields.setdefault(name, escape(_dashed(str(issue))))
    if number not in (None, ""):
        fields.setdefault("number" if "number" not in fields else "issue",
                          escape(_dashed(str(number))))


def _dashed(text: str) -> str:
    return re.sub(r"^\s*(\d+)\s*[-\u2013]+\s*(\d+)\s*$", r"\1--\2", text)


def _publisher(record: Record) -> None:
    """Universities grant theses (`school`); institutions issue reports."""
    owner = {"phdthesis": "school", "mastersthesis": "school", "thesis": "institution",
             "techreport": "institution"}.get(record.entry_type)
    if owner and "publisher" in record.fields:
        record.fields.setdefault(owner, record.fields.pop("publisher"))


def _genre(item: Mapping[str, Any], record: Record) -> None:
    """The genre becomes `type`, unless it only repeats what the entry type says."""
    genre = str(item.get("genre") or "").strip()
    if not genre:
        return
    defaults = _DEFAULT_GENRES.get("thesis" if "thesis" in record.entry_type else record.entry_type, {})
    if defaults.get(genre.lower()) == record.entry_type:
        return
    record.fields.setdefault("type", escape(genre))


def _dates(item: Mapping[str, Any], record: Record) -> None:
    issued = item.get("issued")
    if isinstance(issued, Mapping):
        for name, value in date_fields(issued).items():
            record.fields.setdefault(name, value if name == "month" else escape(value))
            if name == "month":
                record.bare.add("month")
    elif isinstance(issued, (str, int)) and str(issued).strip():
        from .bibdates import parse_text_date

        parsed = parse_text_date(str(issued)) or {"literal": str(issued)}
        for name, value in date_fields(parsed).items():
            record.fields.setdefault(name, value)
            if name == "month":
                record.bare.add(name)
    for variable, field in _DATES.items():
        value = item.get(variable)
        if isinstance(value, Mapping) and (text := iso_date(value)):
            record.fields.setdefault(field, escape(text))
        elif isinstance(value, str) and value.strip():
            from .bibdates import parse_text_date

            parsed = parse_text_date(value)
            record.fields.setdefault(field, escape(iso_date(parsed) if parsed else value))


_BABEL = {"en": "english", "en-US": "american", "en-GB": "british", "en-AU": "australian",
          "en-CA": "canadian", "de": "ngerman", "de-DE": "ngerman", "de-AT": "naustrian",
          "de-CH": "swissgerman", "fr": "french", "fr-FR": "french", "fi": "finnish",
          "fi-FI": "finnish", "sv": "swedish", "sv-SE": "swedish", "nb": "norsk",
          "nb-NO": "norsk", "da": "danish", "da-DK": "danish", "nl": "dutch", "nl-NL": "dutch",
          "it": "italian", "it-IT": "italian", "es": "spanish", "es-ES": "spanish",
          "pt": "portuguese", "pt-PT": "portuguese", "pt-BR": "brazilian", "ru": "russian",
          "ru-RU": "russian", "pl": "polish", "pl-PL": "polish", "cs": "czech", "cs-CZ": "czech",
          "el": "greek", "el-GR": "greek", "la": "latin", "et": "estonian", "et-EE": "estonian",
          "hu": "hungarian", "hu-HU": "hungarian", "is": "icelandic", "is-IS": "icelandic",
          "ja": "japanese", "ja-JP": "japanese", "zh": "chinese", "zh-CN": "chinese"}
_BABEL_NAMES = set(_BABEL.values()) | {"english", "german", "ukenglish", "usenglish", "austrian"}


def _babel(text: str) -> str:
    """A BCP 47 tag (`en-GB`) or a language name (`English`) as a babel name (`british`)."""
    code = text.strip()
    found = _BABEL.get(code) or _BABEL.get(code.split("-")[0].lower())
    if found:
        return found
    return code.lower() if code.lower() in _BABEL_NAMES else escape(code)


def _is_babel(value: str) -> bool:
    return value in _BABEL_NAMES


def inverse_gaps() -> set[str]:
    """CSL variables of `csl.mapping.FIELD_MAP` that this module cannot write back (for tests)."""
    covered = set(BIB_FIELDS) | {"container-title", "issue"}
    return {variable for variable, _ in FIELD_MAP.values()} - covered

