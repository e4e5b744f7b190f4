"""Markdown (CommonMark): one paragraph per reference, annotations as block quotes under it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from ..model import Bibliography, Reference, Run
from . import annotation_paragraphs
from .links import linkify

_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")  # `&amp;` would otherwise print as `&`
_LIST_NUMBER = re.compile(r"(\d{1,9})([.)])")
_BLOCK_START = "#+-=~"  # characters that open a heading, list, rule or fence at a line start


def render(bib: Bibliography, *, standalone: bool = False) -> bytes:
    """The bibliography as UTF-8 Markdown (`standalone` changes nothing)."""
    return to_markdown(bib).encode("utf-8")


def to_markdown(bib: Bibliography) -> str:
    """The bibliography as Markdown: an optional `##` heading, then blank-line-separated entries."""
    blocks = [f"## {escape(bib.title.strip())}"] if bib.title.strip() else []
    for ref in bib.references:
        blocks.append(_reference(ref))
        paragraphs = annotation_paragraphs(bib, ref)
        if paragraphs:
            blocks.append("\n>\n".join(_quoted(lines) for lines in paragraphs))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def escape(text: str) -> str:
    """`text` with Markdown's special characters backslash-escaped."""
    return _ENTITY.sub("&amp;", _SPECIAL.sub(r"\\\1", text))


def inline(runs: Iterable[Run]) -> str:
    """Runs as inline Markdown: emphasis, links, `<sup>`/`<sub>`."""
    return "".join(_run(run) for run in linkify(runs))


def _reference(ref: Reference) -> str:
    """One entry: its label (if any), a space, then the formatted text on one line."""
    runs = [replace(run, text=re.sub(r"\s*\n\s*", " ", run.text)) for run in ref.runs]
    text = inline(runs).strip()
    if ref.label:
        text = f"{escape(ref.label)} {text}"
    return _line_start(text)


def _quoted(lines: list[str]) -> str:
    """One annotation paragraph as block-quote lines."""
    return "\n".join(f"> {_line_start(inline([Run(line)]))}".rstrip() for line in lines)


def _run(run: Run) -> str:
    """One run: escaped text inside its link, tags and emphasis markers."""
    text = escape(run.text)
    if run.link:
        target = run.link.replace("(", "%28").replace(")", "%29")
        text = f"<{run.link}>" if run.text == run.link else f"[{text}]({target})"
    if run.superscript:
        text = f"<sup>{text}</sup>"
    if run.subscript:
        text = f"<sub>{text}</sub>"
    marker = "*" * (int(run.italic) + 2 * int(run.bold))
    return _emphasize(text, marker) if marker else text


def _emphasize(text: str, marker: str) -> str:
    """`text` between emphasis markers, with its outer spaces kept outside them."""
    core = text.strip()
    if not core:
        return text
    start = text.index(core)
    return f"{text[:start]}{marker}{core}{marker}{text[start + len(core):]}"


def _line_start(line: str) -> str:
    """`line` escaped so that it cannot start a heading, list, rule or code fence."""
    number = _LIST_NUMBER.match(line)
    if number:
        return f"{number.group(1)}\\{line[number.end(1):]}"
    if line and line[0] in _BLOCK_START:
        return "\\" + line
    return line

