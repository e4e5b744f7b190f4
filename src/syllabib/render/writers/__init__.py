"""Output writers for formatted bibliographies, looked up by name or by the output file's suffix."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Protocol, cast

from ...errors import UsageError
from ..model import Bibliography, Reference

# Format name → module in this package; each module has `render(bib, *, standalone=False)`.
# ("csljson" and "bibtex" exports live elsewhere; they are not formatted bibliographies.)
_MODULES: dict[str, str] = {
    "txt": "text",
    "md": "markdown",
    "html": "html",
    "tex": "latex",
    "docx": "docx",
}
FORMATS: tuple[str, ...] = tuple(_MODULES)
SUFFIXES: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".tex": "tex",
    ".docx": "docx",
}
DEFAULT_FORMAT = "txt"


class Writer(Protocol):
    """Renders a bibliography as the bytes of one output format."""

    def __call__(self, bib: Bibliography, *, standalone: bool = False) -> bytes: ...


def format_for(name: str | None, output: Path | None) -> str:
    """The format name: `name` if given, else from `output`'s suffix, else "txt"."""
    hint = f"formats: {', '.join(FORMATS)} (or an output file ending in {', '.join(SUFFIXES)})"
    if name:
        if name.lower() not in _MODULES:
            raise UsageError(f"unknown output format '{name}'", hint=hint)
        return name.lower()
    if output is None or not output.suffix:
        return DEFAULT_FORMAT
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"cannot tell the output format from '{output.name}'", hint=hint)
    return SUFFIXES[suffix]


def writer_for(name: str | None, output: Path | None) -> Writer:
    """The writer for an explicit format name, else for `output`'s suffix, else plain text."""
    module = importlib.import_module(f"{__name__}.{_MODULES[format_for(name, output)]}")
    return cast(Writer, module.render)


# Shared by the writers.


def label_width(bib: Bibliography) -> int:
    """The width of the widest label (0 when no reference has one)."""
    return max((len(ref.label) for ref in bib.references if ref.label), default=0)


def aligned(bib: Bibliography) -> bool:
    """True when labels sit in their own column (CSL second-field-align) and there are labels."""
    return bool(bib.layout.second_field_align) and label_width(bib) > 0


def annotation_paragraphs(bib: Bibliography, ref: Reference) -> list[list[str]]:
    """The annotation to print under `ref`: paragraphs, each a list of stripped lines."""
    if not bib.annotated or not ref.annotation or not ref.annotation.strip():
        return []
    blocks = re.split(r"\n\s*\n", ref.annotation.strip())
    return [[line.strip() for line in block.strip().splitlines()] for block in blocks]
