"""What a reading list is, as read from its TOML file (plain data, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Importance levels in their order; each list may relabel them ([importance] table).
LEVELS: tuple[str, ...] = ("essential", "recommended", "further")
DEFAULT_LABELS: dict[str, str] = {
    "essential": "Essential",
    "recommended": "Recommended",
    "further": "Further reading",
}
SORTS: tuple[str, ...] = ("author", "year", "year-desc", "title", "keys")
FORMATS: tuple[str, ...] = ("html", "md", "docx", "txt", "tex")


@dataclass(frozen=True, slots=True)
class Extras:
    """What a list says about one of its entries: importance, a note, an annotation override."""

    importance: str | None = None  # one of LEVELS
    note: str | None = None  # "Read chapters 2–3."
    annotation: str | None = None  # replaces the entry's own annotation in this list
    line: int | None = None  # where the entry's table starts in the TOML file


@dataclass(frozen=True, slots=True)
class Section:
    """An ordered part of a list: a heading, an intro, and the entries it selects."""

    heading: str
    intro: str = ""  # Markdown
    query: str = ""  # the library's query language; "" selects nothing by query
    keys: tuple[str, ...] = ()  # explicit keys, in the order given
    exclude: tuple[str, ...] = ()
    sort: str = "author"  # one of SORTS
    extras: dict[str, Extras] = field(default_factory=dict)
    line: int | None = None  # the section's `[[sections]]` header
    key_lines: tuple[int | None, ...] = ()  # line of each of `keys`
    exclude_lines: tuple[int | None, ...] = ()

    @property
    def anchor(self) -> str:
        """A URL fragment made from the heading ("Week 1: Grooming" → "week-1-grooming")."""
        return slug(self.heading)


@dataclass(frozen=True, slots=True)
class ReadingList:
    """One `readinglists/<name>.toml` file."""

    name: str  # the file's stem, used for output names
    path: Path
    title: str
    subtitle: str = ""
    description: str = ""  # Markdown
    audience: str = ""
    style: str | None = None  # None: the library's default style
    locale: str | None = None
    formats: tuple[str, ...] = ("html", "md")
    annotated: bool = True
    allow_repeats: bool = False  # may an entry appear in several sections?
    labels: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LABELS))
    sections: tuple[Section, ...] = ()

    def label(self, level: str | None) -> str | None:
        """The printed label of an importance level (None for none)."""
        return self.labels.get(level, level) if level else None


def slug(text: str) -> str:
    """Lower-case letters and digits joined by hyphens, for anchors and file names."""
    import re
    import unicodedata

    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "section"
