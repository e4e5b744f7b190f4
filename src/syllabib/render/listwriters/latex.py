"""A reading list as a biblatex document over the list's own .bib file.

Each section prints its entries with `\\printbibliography` filtered by a biblatex keyword (when
the section is exactly one theme, as stored in `keywords`) or by a bibliography category that
names its entries. Importance labels, notes and annotations are printed after each entry.
Entries appear in the order of the biblatex style (sections keep their membership).
"""

from __future__ import annotations

from ..listdoc import ListDocument, ListItem, ListSection
from ..listterms import term
from ..mdtext import Block, blocks
from ..writers.latex import escape, inline
from . import paragraphs

# CSL style id → biblatex style (the closest standard or widely installed one).
BIBLATEX_STYLES = {
    "apa": "apa", "ieee": "ieee", "modern-language-association": "mla",
    "nature": "nature", "nlm-citation-sequence": "numeric-comp",
    "chicago-notes-bibliography": "authoryear", "chicago-author-date": "authoryear",
    "harvard-cite-them-right": "authoryear",
}
BABEL = {"en": "english", "fi": "finnish", "sv": "swedish", "de": "ngerman", "fr": "french"}


def render(doc: ListDocument) -> bytes:
    """The list as a UTF-8 LaTeX document (its .bib is written beside it as `<name>.bib`)."""
    return to_document(doc).encode("utf-8")


def to_document(doc: ListDocument) -> str:
    """Preamble, title block, one part per section."""
    body = "\n\n".join(_section(doc, index, section)
                       for index, section in enumerate(doc.sections, start=1))
    return f"{_preamble(doc)}\n\\begin{{document}}\n{_title(doc)}\n\n{body}\n\n\\end{{document}}\n"


def _preamble(doc: ListDocument) -> str:
    language = doc.locale.replace("_", "-").split("-")[0].lower()
    style = BIBLATEX_STYLES.get(doc.style, "authoryear")
    lines = [
        r"\documentclass{article}",
        r"\usepackage[T1]{fontenc}",
        rf"\usepackage[{BABEL.get(language, 'english')}]{{babel}}",
        r"\usepackage{csquotes}",
        rf"\usepackage[style={style},backend=biber]{{biblatex}}",
        rf"\addbibresource{{{doc.name}.bib}}",
        r"\usepackage{hyperref}",
        r"\newcommand*{\readingnote}[2]{\csgdef{readingnote@#1}{#2}}",
        r"\renewbibmacro*{finentry}{\finentry\ifcsdef{readingnote@\thefield{entrykey}}"
        r"{\par\smallskip\begingroup\small\csuse{readingnote@\thefield{entrykey}}\endgroup}{}}",
    ]
    for section_index, section in enumerate(doc.sections, start=1):
        if section.keyword is None:
            lines.append(rf"\DeclareBibliographyCategory{{section{section_index}}}")
    return "\n".join(lines) + "\n"


def _title(doc: ListDocument) -> str:
    lines = [rf"\section*{{{escape(doc.title)}}}"]
    if doc.subtitle:
        lines.append(rf"\textit{{{escape(doc.subtitle)}}}\par")
    lines.extend(_markdown(doc.description))
    if doc.audience:
        lines.append(rf"\textbf{{{escape(term(doc.locale, 'audience'))}:}} {escape(doc.audience)}\par")
    return "\n\n".join(lines)


def _section(doc: ListDocument, index: int, section: ListSection) -> str:
    keys = [item.reference.key for item in section.items]
    lines = [rf"\subsection*{{{escape(section.heading)}}}", *_markdown(section.intro)]
    lines.append(rf"\nocite{{{','.join(keys)}}}" if keys else "")
    if section.keyword is None:
        lines.extend(rf"\addtocategory{{section{index}}}{{{key}}}" for key in keys)
        chosen = f"category=section{index}"
    else:
        chosen = f"keyword={{{section.keyword}}}"
    lines.extend(_note(item) for item in section.items if _note(item))
    lines.append(rf"\printbibliography[{chosen},heading=none]")
    return "\n".join(line for line in lines if line)


def _note(item: ListItem) -> str:
    """`\\readingnote{key}{…}`: importance, the list's note and the annotation."""
    parts = []
    if item.importance_label:
        parts.append(rf"\textbf{{{escape(item.importance_label)}.}}")
    if item.note:
        parts.append(rf"\emph{{{escape(item.note)}}}")
    parts.extend(escape(p) for p in paragraphs(item.annotation))
    return rf"\readingnote{{{item.reference.key}}}{{{' '.join(parts)}}}" if parts else ""


def _markdown(markdown: str) -> list[str]:
    """Markdown paragraphs and bullets as LaTeX paragraphs."""
    return [_block(block) for block in blocks(markdown)]


def _block(block: Block) -> str:
    text = inline(block.runs)
    return {"li": rf"\textbullet\ {text}\par", "h": rf"\paragraph*{{{text}}}"}.get(block.kind,
                                                                                  text + r"\par")
