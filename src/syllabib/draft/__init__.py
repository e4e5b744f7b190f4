"""Draft checking: in-text citations read from a manuscript (author-year, pandoc, LaTeX).

The pure core of `syllabib cite check` / `cite refs`: reading a draft (reading), normalising its
text while keeping line numbers (source), finding citations (authoryear, pandoc, latex) and
matching them to library entries (matching), with the result as data (report).
"""

from .citation import Citation
from .extract import extract_citations
from .reading import Draft, read_draft

__all__ = ["Citation", "Draft", "extract_citations", "read_draft"]
