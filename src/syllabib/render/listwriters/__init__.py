"""Writers of whole reading lists (sections, importance labels, notes, annotations) by format."""

from __future__ import annotations

import importlib
from typing import Protocol, cast

from ...errors import UsageError
from ..listdoc import ListDocument

_MODULES: dict[str, str] = {
    "html": "html",
    "md": "markdown",
    "txt": "text",
    "docx": "docx",
    "tex": "latex",
}
FORMATS: tuple[str, ...] = tuple(_MODULES)


class ListWriter(Protocol):
    """Renders a reading list as the bytes of one output format."""

    def __call__(self, doc: ListDocument) -> bytes: ...


def list_writer(name: str) -> ListWriter:
    """The writer for a format name (html, md, txt, docx, tex)."""
    module = _MODULES.get(name.lower())
    if module is None:
        raise UsageError(f"unknown output format '{name}'", hint=f"formats: {', '.join(FORMATS)}")
    return cast(ListWriter, importlib.import_module(f"{__name__}.{module}").render)


def paragraphs(text: str | None) -> list[str]:
    """Plain-text paragraphs (blank-line separated), each joined onto one line."""
    import re

    if not text or not text.strip():
        return []
    return [" ".join(line.strip() for line in block.splitlines())
            for block in re.split(r"\n\s*\n", text.strip())]
