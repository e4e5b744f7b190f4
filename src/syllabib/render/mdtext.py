"""The Markdown of list descriptions and intros: as HTML, or as blocks of runs for other writers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .model import Run


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph ("p"), a list item ("li") or a heading ("h") as runs."""

    kind: str
    runs: tuple[Run, ...]


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    # CommonMark without raw HTML: a list file cannot inject markup or scripts into a page.
    return MarkdownIt("commonmark", {"html": False, "typographer": False})


def to_html(markdown: str) -> str:
    """Markdown as an HTML fragment (raw HTML in the source is escaped, not passed through)."""
    return _parser().render(markdown) if markdown.strip() else ""


def blocks(markdown: str) -> list[Block]:
    """Markdown as paragraphs, list items and headings of formatted runs."""
    found: list[Block] = []
    kind = "p"
    for token in _parser().parse(markdown) if markdown.strip() else []:
        if token.type == "list_item_open":
            kind = "li"
        elif token.type == "heading_open":
            kind = "h"
        elif token.type == "paragraph_open" and kind != "li":
            kind = "p"
        elif token.type == "inline":
            found.append(Block(kind, _runs(token.children or [])))
            kind = "li" if kind == "li" else "p"
        elif token.type == "list_item_close":
            kind = "p"
    return found


def _runs(children: list[Any]) -> tuple[Run, ...]:
    """Inline tokens as runs: emphasis, strong, links and code."""
    runs: list[Run] = []
    italic = bold = 0
    link: str | None = None
    for child in children:
        kind = child.type
        if kind in ("em_open", "em_close"):
            italic += 1 if kind == "em_open" else -1
        elif kind in ("strong_open", "strong_close"):
            bold += 1 if kind == "strong_open" else -1
        elif kind == "link_open":
            link = str(child.attrs.get("href", "")) or None
        elif kind == "link_close":
            link = None
        elif kind in ("text", "code_inline"):
            runs.append(Run(child.content, italic=italic > 0, bold=bold > 0, link=link))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run(" " if kind == "softbreak" else "\n"))
    return tuple(runs)


def plain(markdown: str) -> str:
    """Markdown as plain text: blocks separated by blank lines, list items with a dash."""
    lines = []
    for block in blocks(markdown):
        text = "".join(run.text for run in block.runs)
        lines.append(f"- {text}" if block.kind == "li" else text)
    return "\n\n".join(lines)
