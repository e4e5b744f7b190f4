"""A rendered reading list, independent of the output format (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Bibliography, Layout, Reference


@dataclass(frozen=True, slots=True)
class ListItem:
    """One reference of a section with what the list adds to it."""

    reference: Reference
    importance: str | None = None  # level: "essential", "recommended", "further"
    importance_label: str | None = None  # as printed: "Essential", "Pakollinen"
    note: str | None = None  # the list's note: "Read chapters 2–3."
    annotation: str | None = None  # printed under the reference (None: nothing to print)


@dataclass(frozen=True, slots=True)
class ListSection:
    """A heading, an intro in Markdown, and the section's items in order."""

    heading: str
    anchor: str
    intro: str
    items: tuple[ListItem, ...]
    keyword: str | None = None  # a `keywords` value that picks exactly these items from the list


@dataclass(frozen=True, slots=True)
class ListDocument:
    """A whole reading list, ready for any list writer."""

    name: str
    title: str
    sections: tuple[ListSection, ...]
    subtitle: str = ""
    description: str = ""  # Markdown
    audience: str = ""
    style: str = ""
    style_title: str = ""
    locale: str = "en-US"
    layout: Layout = Layout()
    annotated: bool = True
    levels: tuple[tuple[str, str], ...] = ()  # (level, label) in order, for legends

    @property
    def entry_count(self) -> int:
        """How many items the sections hold together."""
        return sum(len(section.items) for section in self.sections)

    def bibliography(self, section: ListSection) -> Bibliography:
        """A section's references as a plain bibliography (for the bibliography writers)."""
        return Bibliography(tuple(item.reference for item in section.items), style=self.style,
                            style_title=self.style_title, locale=self.locale,
                            layout=self.layout)
