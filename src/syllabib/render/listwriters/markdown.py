"""A reading list as Markdown: headings per section, one list item per reference."""

from __future__ import annotations

import re
from dataclasses import replace

from ..listdoc import ListDocument, ListItem, ListSection
from ..listterms import term
from ..writers.markdown import escape, inline
from . import paragraphs


def render(doc: ListDocument) -> bytes:
    """The list as UTF-8 Markdown."""
    return to_markdown(doc).encode("utf-8")


def to_markdown(doc: ListDocument) -> str:
    """Title, subtitle, description and audience, then every section."""
    blocks = [f"# {escape(doc.title)}"]
    if doc.subtitle:
        blocks.append(f"*{escape(doc.subtitle)}*")
    if doc.description:
        blocks.append(doc.description.strip())  # already Markdown
    if doc.audience:
        blocks.append(f"**{escape(term(doc.locale, 'audience'))}:** {escape(doc.audience)}")
    blocks.extend(_section(section) for section in doc.sections)
    return "\n\n".join(blocks) + "\n"


def _section(section: ListSection) -> str:
    """A `##` heading, the intro, then a bullet per item."""
    blocks = [f"## {escape(section.heading)}"]
    if section.intro:
        blocks.append(section.intro)
    blocks.extend(_item(item) for item in section.items)
    return "\n\n".join(blocks)


def _item(item: ListItem) -> str:
    """`- **Essential** Reference`, then the note and the annotation as indented paragraphs."""
    ref = item.reference
    runs = [replace(run, text=re.sub(r"\s*\n\s*", " ", run.text)) for run in ref.runs]
    head = inline(runs).strip()
    if ref.label:
        head = f"{escape(ref.label)} {head}"
    if item.importance_label:
        head = f"**{escape(item.importance_label)}** · {head}"
    lines = [f"- {head}"]
    if item.note:
        lines += ["", f"  *{escape(item.note)}*"]
    for paragraph in paragraphs(item.annotation):
        lines += ["", f"  {escape(paragraph)}"]
    return "\n".join(lines)
