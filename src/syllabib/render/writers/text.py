"""Plain text: one reference per paragraph, annotations indented under it, no formatting marks."""

from __future__ import annotations

from ..model import Bibliography, Reference
from . import aligned, annotation_paragraphs, label_width

INDENT = "    "


def render(bib: Bibliography, *, standalone: bool = False) -> bytes:
    """The bibliography as UTF-8 plain text (`standalone` changes nothing)."""
    return to_text(bib).encode("utf-8")


def to_text(bib: Bibliography) -> str:
    """The bibliography as plain text: paragraphs separated by blank lines."""
    width = label_width(bib) if aligned(bib) else 0
    blocks = [bib.title.strip()] if bib.title.strip() else []
    for ref in bib.references:
        blocks.append(_reference(ref, width))
        blocks.extend(_indented(lines) for lines in annotation_paragraphs(bib, ref))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _reference(ref: Reference, width: int) -> str:
    """The reference's text, after its label (padded to `width`) and a space."""
    text = ref.text.strip()
    if ref.label:
        text = f"{ref.label.ljust(width)} {text}"
    return "\n".join(line.rstrip() for line in text.splitlines())


def _indented(lines: list[str]) -> str:
    """One annotation paragraph, every line indented."""
    return "\n".join(INDENT + line if line else "" for line in lines)
