"""The data model: entries as the rest of syllabib sees them (display values, no I/O)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import NamedTuple, Protocol

from .errors import Location

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*|\\par(?![A-Za-z])\s*")


class Record(Protocol):
    """What a query needs from an entry."""

    @property
    def key(self) -> str: ...

    @property
    def entry_type(self) -> str: ...

    @property
    def themes(self) -> tuple[str, ...]: ...

    @property
    def year(self) -> int | None: ...

    def text(self, name: str) -> str | None:
        """Display text of field `name` (lower-case), LaTeX decoded; None if absent."""
        ...


class Summary(NamedTuple):
    """What a listing shows of an entry, from its resolved fields (LaTeX decoded)."""

    authors: str  # 'Ward & Keenan', 'Ward et al.' or the editors
    year: int | None
    title: str
    themes: tuple[str, ...]
    annotated: bool


@dataclass(slots=True)
class Entry:
    """One bibliography entry: resolved field values and where it lives."""

    key: str
    entry_type: str  # lower-case, e.g. "article"
    fields: Mapping[str, str]  # lower-case name -> value with macros/crossref resolved, LaTeX kept
    location: Location
    keywords_sep: str | None = None  # separator found in `keywords`, None when absent
    _decoded: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    summary: Summary | None = field(default=None, repr=False, compare=False)  # see summarize()

    def text(self, name: str) -> str | None:
        """Display text of field `name`, LaTeX decoded to Unicode; None if absent."""
        if name in self._decoded:
            return self._decoded[name]
        raw = self.fields.get(name)
        if raw is None:
            return None
        from .latex import to_unicode

        value = to_unicode(raw)
        self._decoded[name] = value
        return value

    def summarize(self) -> Summary:
        """The listing values, computed once (or given by the display memo, `memo.py`)."""
        if self.summary is None:
            from .names import short_authors

            people = self.fields.get("author") or self.fields.get("editor") or ""
            self.summary = Summary(short_authors(people) if people else "", self.year,
                                   self.text("title") or "", self.themes, bool(self.annotation))
        return self.summary

    @property
    def themes(self) -> tuple[str, ...]:
        """Theme slugs found in `keywords`, in their order."""
        if self.summary is not None:
            return self.summary.themes
        from .themes import split_keywords, is_theme

        raw = self.fields.get("keywords")
        if not raw:
            return ()
        return tuple(k for k in split_keywords(raw) if is_theme(k))

    @property
    def year(self) -> int | None:
        """The year from `year` or the start of `date`, if it has four digits."""
        if self.summary is not None:
            return self.summary.year
        for name in ("year", "date"):
            found = _YEAR.search(self.fields.get(name, ""))
            if found:
                return int(found.group(1))
        return None

    @property
    def annotation(self) -> str | None:
        """The biblatex `annotation`, else the BibTeX `annote` field; paragraphs kept.

        Paragraphs are separated by a blank line (or `\\par`) in the field and by "\\n\\n" here.
        """
        for name in ("annotation", "annote"):
            raw = self.fields.get(name)
            if not raw:
                continue
            if "\n" in raw or "\\par" in raw:
                from .latex import to_unicode

                text = "\n\n".join(b for b in map(to_unicode, _PARAGRAPH.split(raw)) if b)
            else:
                text = self.text(name) or ""
            if text.strip():
                return text
        return None
