"""All the citations of a draft's text, whatever their syntax, in reading order."""

from __future__ import annotations

from .authoryear import find_author_year
from .citation import Citation
from .latex import find_latex
from .pandoc import find_pandoc
from .source import normalise

KINDS = ("text", "markdown", "latex", "docx")


def extract_citations(text: str, kind: str = "text") -> list[Citation]:
    """Citations in `text` of a draft of `kind` (text, markdown, latex or docx)."""
    source = normalise(text)
    found: list[Citation] = []
    if kind != "latex":
        found.extend(find_pandoc(source, narrative=True))
    if kind in ("latex", "markdown"):
        found.extend(find_latex(source))
    found.extend(find_author_year(source))
    return sorted(found, key=lambda c: (c.line, c.column))
