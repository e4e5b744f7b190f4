"""LaTeX: the references as a `list` environment (hanging indent or label column) + hyperref."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from ..model import Bibliography, Reference, Run
from . import annotation_paragraphs
from .links import linkify

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_SPECIAL = re.compile("|".join(re.escape(char) for char in _SPECIALS))
_WRAPPERS = (  # innermost first
    ("underline", r"\underline"),
    ("subscript", r"\textsubscript"),
    ("superscript", r"\textsuperscript"),
    ("smallcaps", r"\textsc"),
    ("italic", r"\emph"),
    ("bold", r"\textbf"),
)
HANG = "2em"

PREAMBLE = r"""\documentclass{article}
\usepackage[utf8]{inputenc}
\usepackage[T1]{fontenc}
\usepackage{hyperref}
\urlstyle{same}
"""


def render(bib: Bibliography, *, standalone: bool = False) -> bytes:
    """The bibliography as UTF-8 LaTeX: a fragment, or a whole document when `standalone`."""
    return (to_document(bib) if standalone else to_fragment(bib)).encode("utf-8")


def to_document(bib: Bibliography) -> str:
    """A minimal document (article, T1, hyperref) around the fragment."""
    title = escape(bib.title.strip() or bib.style_title.strip())
    meta = f"pdftitle={{{title}}}," if title else ""
    return (
        f"{PREAMBLE}\\hypersetup{{{meta}pdflang={{{escape(bib.locale.replace('_', '-'))}}}}}\n"
        f"\\begin{{document}}\n\n{to_fragment(bib)}\n\\end{{document}}\n"
    )


def to_fragment(bib: Bibliography) -> str:
    """An optional `\\section*` heading and the references as one list environment."""
    blocks = [f"\\section*{{{escape(bib.title.strip())}}}"] if bib.title.strip() else []
    if bib.references:
        indent = _annotation_indent(bib)
        items = [_item(ref, annotation_paragraphs(bib, ref), indent) for ref in bib.references]
        blocks.append("\n".join([_begin(bib), *items, r"\end{list}"]))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def escape(text: str) -> str:
    """`text` with LaTeX's special characters made literal."""
    return _SPECIAL.sub(lambda match: _SPECIALS[match.group(0)], text)


def inline(runs: Iterable[Run]) -> str:
    """Runs as LaTeX: escaped text in formatting commands, links as `\\url`/`\\href`."""
    return "".join(_run(run) for run in linkify(runs))


def _begin(bib: Bibliography) -> str:
    """`\\begin{list}` with a label column as wide as the widest label, or a hanging indent."""
    labels = [ref.label for ref in bib.references if ref.label]
    if labels:
        margins = [
            f"\\settowidth{{\\labelwidth}}{{{escape(max(labels, key=len))}}}",
            r"\setlength{\leftmargin}{\labelwidth}",
            r"\addtolength{\leftmargin}{\labelsep}",
        ]
    else:
        margins = [
            f"\\setlength{{\\leftmargin}}{{{HANG if bib.layout.hanging_indent else '0pt'}}}",
            r"\setlength{\itemindent}{-\leftmargin}",
            r"\setlength{\labelwidth}{0pt}",
            r"\setlength{\labelsep}{0pt}",
        ]
    gap = f"{bib.layout.entry_spacing}\\baselineskip" if bib.layout.entry_spacing else "0pt"
    margins += [f"\\setlength{{\\itemsep}}{{{gap}}}", r"\setlength{\parsep}{0pt}"]
    if bib.layout.line_spacing > 1:
        margins.append(f"\\linespread{{{bib.layout.line_spacing}}}\\selectfont")
    return "\\begin{list}{}{%\n  " + "%\n  ".join(margins) + "}"


def _annotation_indent(bib: Bibliography) -> str:
    """Extra indent for annotations when the list itself indents nothing."""
    if bib.layout.hanging_indent or any(ref.label for ref in bib.references):
        return ""
    return f"\\addtolength{{\\leftskip}}{{{HANG}}}"


def _item(ref: Reference, annotation: list[list[str]], indent: str) -> str:
    """One `\\item`: label, text, then the annotation as its own small paragraph(s)."""
    label = f"[{{{escape(ref.label)}}}]" if ref.label else "[]"
    runs = [replace(run, text=re.sub(r"\s*\n\s*", " ", run.text)) for run in ref.runs]
    text = f"\\item{label} {inline(runs).strip()}"
    if not annotation:
        return text
    paragraphs = r"\par\smallskip ".join(inline([Run("\n".join(lines))]) for lines in annotation)
    return f"{text}\n\\par\\smallskip{{\\small{indent} {paragraphs}\\par}}"


def _run(run: Run) -> str:
    """One run: escaped text inside its formatting commands, inside its link."""
    text = escape(run.text)
    formatted = False
    for flag, command in _WRAPPERS:
        if getattr(run, flag):
            text = f"{command}{{{text}}}"
            formatted = True
    if not run.link:
        return text
    if run.text == run.link and not formatted:
        return f"\\url{{{run.link}}}"
    return f"\\href{{{run.link}}}{{{text}}}"
