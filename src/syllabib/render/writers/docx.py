"""Word (.docx): a paragraph per reference, hanging indent or label column, real hyperlinks."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Length, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run as DocxRun

from ..model import Bibliography, Layout, Reference, Run
from . import annotation_paragraphs, label_width
from .links import linkify

HANG = Inches(0.5)
LINK_COLOR = RGBColor(0x05, 0x63, 0xC1)
NEAR = Pt(3)  # between a reference and its annotation, and between annotation paragraphs


def render(bib: Bibliography, *, standalone: bool = False) -> bytes:
    """The bibliography as the bytes of a .docx file (always a whole document)."""
    return saved(build(bib))


def new_document(locale: str) -> DocxDocument:
    """An empty Word document whose proofing language is `locale`."""
    document = Document()
    set_language(document, locale)
    return document


def saved(document: DocxDocument) -> bytes:
    """The bytes of a .docx file holding `document`."""
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build(bib: Bibliography) -> DocxDocument:
    """A python-docx document holding the bibliography."""
    document = new_document(bib.locale)
    if bib.title.strip() or bib.style_title.strip():
        document.core_properties.title = bib.title.strip() or bib.style_title.strip()
    if bib.title.strip():
        document.add_heading(bib.title.strip(), level=1)
    indent = _indent(bib)
    gap = Pt(12 * bib.layout.entry_spacing)
    for ref in bib.references:
        paragraphs = annotation_paragraphs(bib, ref)
        _reference(document, ref, bib.layout, indent).paragraph_format.space_after = (
            NEAR if paragraphs else gap
        )
        for number, lines in enumerate(paragraphs, start=1):
            note = _annotation(document, " ".join(lines), bib.layout, indent or HANG)
            note.paragraph_format.space_after = gap if number == len(paragraphs) else NEAR
    return document


def _indent(bib: Bibliography) -> Length | None:
    """The hanging indent: the label column when there are labels, else 0.5 in (or none)."""
    width = label_width(bib)
    if width:
        return max(HANG, Inches(0.1 * (width + 1)))
    return HANG if bib.layout.hanging_indent else None


def _reference(
    document: DocxDocument, ref: Reference, layout: Layout, indent: Length | None
) -> Paragraph:
    """One reference paragraph: label and tab (with a matching tab stop), then the runs."""
    paragraph = document.add_paragraph()
    _spacing(paragraph, layout)
    if indent is not None:
        paragraph.paragraph_format.left_indent = indent
        paragraph.paragraph_format.first_line_indent = -indent
    if ref.label and indent is not None:
        paragraph.paragraph_format.tab_stops.add_tab_stop(indent)
        paragraph.add_run(ref.label + "\t")
    for run in linkify(ref.runs):
        add_run(paragraph, run)
    return paragraph


def _annotation(document: DocxDocument, text: str, layout: Layout, indent: Length) -> Paragraph:
    """One annotation paragraph, indented under the reference (not hanging)."""
    paragraph = document.add_paragraph()
    _spacing(paragraph, layout)
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.first_line_indent = 0
    for run in linkify([Run(text)]):
        add_run(paragraph, run)
    return paragraph


def _spacing(paragraph: Paragraph, layout: Layout) -> None:
    """The style's line spacing, and no space before."""
    paragraph.paragraph_format.line_spacing = float(layout.line_spacing)
    paragraph.paragraph_format.space_before = 0


def add_run(paragraph: Paragraph, run: Run) -> None:
    """Append one run to a paragraph, as a hyperlink when it has a link."""
    if run.link:
        _add_hyperlink(paragraph, run, run.link)
    else:
        _format(paragraph.add_run(run.text), run)


def _add_hyperlink(paragraph: Paragraph, run: Run, url: str) -> None:
    """Append a `w:hyperlink` to an external relationship, holding one blue underlined run."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    target = paragraph.add_run(run.text)
    _format(target, run)
    target.font.color.rgb = LINK_COLOR
    target.font.underline = True
    link.append(target._r)  # moves the run from the paragraph into the hyperlink
    paragraph._p.append(link)


def _format(target: DocxRun, run: Run) -> None:
    """Copy the run's formatting (only what is on, so no explicit `off` properties)."""
    font = target.font
    for flag, attribute in (
        ("italic", "italic"),
        ("bold", "bold"),
        ("smallcaps", "small_caps"),
        ("superscript", "superscript"),
        ("subscript", "subscript"),
        ("underline", "underline"),
    ):
        if getattr(run, flag):
            setattr(font, attribute, True)


def set_language(document: DocxDocument, locale: str) -> None:
    """Set the proofing language (`w:lang`) of the default run properties."""
    styles = document.styles.element
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), locale.strip().replace("_", "-") or "en-US")
