"""A reading list as a Word document: title, headings per section, one paragraph per reference."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.shared import Inches, Pt, RGBColor

from ..listdoc import ListDocument, ListItem, ListSection
from ..listterms import term
from ..mdtext import Block, blocks
from ..model import Run
from ..writers.docx import add_run, new_document, saved
from ..writers.links import linkify
from . import paragraphs

HANG = Inches(0.4)
BADGE_COLORS = {"essential": RGBColor(0x9B, 0x2C, 0x2C), "recommended": RGBColor(0x2B, 0x6C, 0xB0)}


def render(doc: ListDocument) -> bytes:
    """The list as the bytes of a .docx file."""
    return saved(build(doc))


def build(doc: ListDocument) -> DocxDocument:
    """A python-docx document holding the whole list."""
    document = new_document(doc.locale)
    document.core_properties.title = doc.title
    document.add_heading(doc.title, level=0)
    if doc.subtitle:
        document.add_paragraph(doc.subtitle, style="Subtitle")
    _markdown(document, doc.description)
    if doc.audience:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{term(doc.locale, 'audience')}: ").bold = True
        paragraph.add_run(doc.audience)
    for section in doc.sections:
        _section(document, section)
    return document


def _section(document: DocxDocument, section: ListSection) -> None:
    document.add_heading(section.heading, level=1)
    _markdown(document, section.intro)
    for item in section.items:
        _item(document, item)


def _item(document: DocxDocument, item: ListItem) -> None:
    """The reference with a hanging indent, then the note and annotation indented under it."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.left_indent = HANG
    paragraph.paragraph_format.first_line_indent = -HANG
    paragraph.paragraph_format.space_after = Pt(3)
    if item.importance_label:
        badge = paragraph.add_run(f"{item.importance_label.upper()}  ")
        badge.bold = True
        badge.font.size = Pt(8)
        badge.font.color.rgb = BADGE_COLORS.get(item.importance or "", RGBColor(0x55, 0x55, 0x55))
    if item.reference.label:
        paragraph.add_run(item.reference.label + " ")
    for run in linkify(item.reference.runs):
        add_run(paragraph, run)
    extra = ([Run(item.note, italic=True)] if item.note else [])
    for runs in ([extra] if extra else []) + [[Run(p)] for p in paragraphs(item.annotation)]:
        note = document.add_paragraph()
        note.paragraph_format.left_indent = HANG
        note.paragraph_format.space_after = Pt(3)
        for run in linkify(runs):
            add_run(note, run)
    paragraph_gap = document.paragraphs[-1].paragraph_format
    paragraph_gap.space_after = Pt(10)


def _markdown(document: DocxDocument, markdown: str) -> None:
    """Markdown paragraphs, bullets and headings as Word paragraphs."""
    for block in blocks(markdown):
        _block(document, block)


def _block(document: DocxDocument, block: Block) -> None:
    style = {"li": "List Bullet", "h": "Heading 2"}.get(block.kind)
    paragraph = document.add_paragraph(style=style)
    for run in block.runs:
        add_run(paragraph, run)
