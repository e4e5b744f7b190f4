"""The data model: entries as the rest of syllabib sees them (display values, no I/O)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import Protocol

from .errors import Location

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


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


@dataclass(slots=True)
class Entry:
    """One bibliography entry: resolved field values and where it lives."""

    key: str
    entry_type: str  # lower-case, e.g. "article"
    fields: Mapping[str, str]  # lower-case name -> value with macros/crossref resolved, LaTeX kept
    location: Location
    keywords_sep: str | None = None  # separator found in `keywords`, None when absent
    _decoded: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

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

    @property
    def themes(self) -> tuple[str, ...]:
        """Theme slugs found in `keywords`, in their order."""
        from .themes import split_keywords, is_theme

        raw = self.fields.get("keywords")
        if not raw:
            return ()
        return tuple(k for k in split_keywords(raw) if is_theme(k))

    @property
    def year(self) -> int | None:
        """The year from `year` or the start of `date`, if it has four digits."""
        for name in ("year", "date"):
            found = _YEAR.search(self.fields.get(name, ""))
            if found:
                return int(found.group(1))
        return None

    @property
    def annotation(self) -> str | None:
        """The biblatex `annotation`, else the BibTeX `annote` field."""
        return self.text("annotation") or self.text("annote")
