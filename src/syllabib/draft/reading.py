"""Reading a draft: plain text, Markdown, LaTeX (comments blanked out) or DOCX (python-docx)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import BibSyntaxError, Location, NotFoundError, StorageError, UsageError

KIND_BY_SUFFIX = {".md": "markdown", ".markdown": "markdown", ".qmd": "markdown",
                  ".rmd": "markdown", ".tex": "latex", ".ltx": "latex", ".docx": "docx"}
UNREADABLE = (".pdf", ".doc", ".odt", ".rtf", ".pages")
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")


@dataclass(frozen=True, slots=True)
class Draft:
    """A manuscript's text; for DOCX, line N is its Nth paragraph."""

    path: Path
    kind: str  # text, markdown, latex or docx
    text: str


def read_draft(path: Path) -> Draft:
    """The draft at `path`, its kind chosen by the suffix (plain text otherwise)."""
    suffix = path.suffix.lower()
    if suffix in UNREADABLE:
        raise UsageError(f"cannot read {suffix} drafts: {path}",
                         hint="save it as .docx, .md, .tex or .txt")
    if not path.is_file():
        raise NotFoundError(f"no such file: {path}")
    kind = KIND_BY_SUFFIX.get(suffix, "text")
    if kind == "docx":
        return Draft(path, kind, _docx_text(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror}") from None
    return draft_from_text(_decode(data), kind, path)


def draft_from_text(text: str, kind: str = "text", path: Path = Path("<text>")) -> Draft:
    """A Draft of text already in memory (LaTeX comments blanked, lengths kept)."""
    if kind == "latex":
        text = _COMMENT.sub(lambda m: " " * len(m.group()), text).replace("~", " ")
    return Draft(path, kind, text)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as most word processors save it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _docx_text(path: Path) -> str:
    """The body paragraphs of a .docx, one per line, then the paragraphs of its tables."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise BibSyntaxError(f"not a readable .docx file: {exc}", Location(path)) from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(p.text for cell in row.cells for p in cell.paragraphs)
    return "\n".join(lines)
