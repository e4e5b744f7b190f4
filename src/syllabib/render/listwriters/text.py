"""A reading list as plain text, wrapped at 78 columns, with underlined headings."""

from __future__ import annotations

import textwrap

from ..listdoc import ListDocument, ListItem, ListSection
from ..listterms import term
from ..mdtext import plain
from . import paragraphs

WIDTH = 78
INDENT = "    "


def render(doc: ListDocument) -> bytes:
    """The list as UTF-8 plain text."""
    return to_text(doc).encode("utf-8")


def to_text(doc: ListDocument) -> str:
    """Title block, then every section."""
    blocks = [_underlined(doc.title, "=")]
    if doc.subtitle:
        blocks.append(_wrap(doc.subtitle))
    if doc.description:
        blocks.extend(_wrap(p) for p in plain(doc.description).split("\n\n"))
    if doc.audience:
        blocks.append(_wrap(f"{term(doc.locale, 'audience')}: {doc.audience}"))
    blocks.extend(_section(section) for section in doc.sections)
    return "\n\n".join(blocks) + "\n"


def _section(section: ListSection) -> str:
    blocks = [_underlined(section.heading, "-")]
    if section.intro:
        blocks.extend(_wrap(p) for p in plain(section.intro).split("\n\n"))
    blocks.extend(_item(item) for item in section.items)
    return "\n\n".join(blocks)


def _item(item: ListItem) -> str:
    """The reference (after its label and importance), then the note and annotation indented."""
    ref = item.reference
    head = " ".join(ref.text.split())
    if ref.label:
        head = f"{ref.label} {head}"
    if item.importance_label:
        head = f"[{item.importance_label}] {head}"
    lines = [_wrap(head, subsequent=INDENT)]
    if item.note:
        lines.append(_wrap(item.note, INDENT, INDENT))
    lines.extend(_wrap(p, INDENT, INDENT) for p in paragraphs(item.annotation))
    return "\n".join(lines)


def _underlined(text: str, mark: str) -> str:
    return f"{text}\n{mark * min(len(text), WIDTH)}"


def _wrap(text: str, initial: str = "", subsequent: str = "") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=initial, subsequent_indent=subsequent,
                         break_long_words=False, break_on_hyphens=False)
