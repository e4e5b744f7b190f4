"""HTML: a citeproc-style `csl-bib-body` fragment, or a whole self-contained page."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ..model import Bibliography, Layout, Reference, Run
from . import aligned, annotation_paragraphs, label_width
from .links import linkify

HANG = "2em"  # hanging indent, and the annotation's indent when there is none

PAGE_CSS = """\
body { font-family: Georgia, "Times New Roman", serif; line-height: 1.4; max-width: 46em;
       margin: 2em auto; padding: 0 1em; color: #111; background: #fff;
       overflow-wrap: break-word; }
h1 { font-size: 1.5em; }
.annotation { font-size: 0.92em; color: #333; }
.annotation p { margin: 0.3em 0; }
a { color: #1a4d8f; overflow-wrap: anywhere; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; color: #000; }
  a { color: inherit; text-decoration: none; }
  .csl-entry { break-inside: avoid; }
}
"""


def render(bib: Bibliography, *, standalone: bool = False) -> bytes:
    """The bibliography as UTF-8 HTML: a fragment, or a full page when `standalone`."""
    return (to_page(bib) if standalone else to_fragment(bib)).encode("utf-8")


def to_fragment(bib: Bibliography, heading: str = "h2") -> str:
    """An optional heading and the `<div class="csl-bib-body">` holding one div per entry."""
    lines = [f"<{heading}>{escape(bib.title.strip())}</{heading}>"] if bib.title.strip() else []
    lines.append(f"<div{_attrs(_body_class(bib.layout), _body_style(bib.layout))}>")
    styles = _styles(bib)
    lines.extend(_entry(ref, annotation_paragraphs(bib, ref), styles) for ref in bib.references)
    lines.append("</div>")
    return "\n".join(lines) + "\n"


def to_page(bib: Bibliography) -> str:
    """A complete `<!DOCTYPE html>` page with inline CSS and no external resources."""
    title = bib.title.strip() or bib.style_title.strip() or "Bibliography"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language(bib.locale))}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>\n{PAGE_CSS}</style>\n"
        "</head>\n"
        "<body>\n"
        f"{to_fragment(bib, heading='h1')}"
        "</body>\n"
        "</html>\n"
    )


def language(locale: str) -> str:
    """A BCP 47 language tag from a CSL locale ("fi-FI" → "fi-FI", "de_AT" → "de-AT")."""
    return locale.strip().replace("_", "-") or "en"


def inline(runs: Iterable[Run]) -> str:
    """Runs as escaped inline HTML with their formatting tags and links."""
    return "".join(_run(run) for run in linkify(runs))


def _entry(ref: Reference, annotation: list[list[str]], styles: dict[str, str]) -> str:
    """One `csl-entry` div: label and text, then the annotation."""
    body = inline(ref.runs).strip()
    if ref.label:
        body = (
            f'<span{_attrs("csl-left-margin", styles["label"])}>{escape(ref.label)}</span> '
            f'<span{_attrs("csl-right-inline", styles["text"])}>{body}</span>'
        )
    if annotation:
        paragraphs = ("<p>" + inline([Run("\n".join(lines))]) + "</p>" for lines in annotation)
        body += f'<div{_attrs("annotation", styles["annotation"])}>{"".join(paragraphs)}</div>'
    ident = "ref-" + "-".join(ref.key.split())
    style = f' style="{styles["entry"]}"' if styles["entry"] else ""
    return f'  <div class="csl-entry" id="{escape(ident)}"{style}>{body}</div>'


def _run(run: Run) -> str:
    """One run: its escaped text inside its formatting tags, inside its link."""
    text = escape(run.text, quote=False)
    for flag, open_tag, close_tag in (
        (run.underline, "<u>", "</u>"),
        (run.subscript, "<sub>", "</sub>"),
        (run.superscript, "<sup>", "</sup>"),
        (run.smallcaps, '<span style="font-variant:small-caps">', "</span>"),
        (run.italic, "<i>", "</i>"),
        (run.bold, "<b>", "</b>"),
    ):
        if flag:
            text = f"{open_tag}{text}{close_tag}"
    return f'<a href="{escape(run.link)}">{text}</a>' if run.link else text


def _body_class(layout: Layout) -> str:
    """The body div's classes."""
    return "csl-bib-body hanging-indent" if layout.hanging_indent else "csl-bib-body"


def _body_style(layout: Layout) -> str:
    """Inline CSS for the body div: line spacing."""
    return f"line-height:{layout.line_spacing}" if layout.line_spacing > 1 else ""


def _styles(bib: Bibliography) -> dict[str, str]:
    """Inline CSS for entries, labels, texts and annotations (hanging indent or label column)."""
    gap = bib.layout.entry_spacing
    spacing = f"margin:0 0 {gap}em" if gap else "margin:0"
    if aligned(bib):
        column = f"{label_width(bib) + 1}ch"
        return {
            "entry": f"{spacing};overflow:hidden",
            "label": f"float:left;width:{column}",
            "text": f"display:block;margin-left:{column}",
            "annotation": f"margin-left:{column}",
        }
    if bib.layout.hanging_indent:
        hang = f"padding-left:{HANG};text-indent:-{HANG}"
        return {"entry": f"{spacing};{hang}", "label": "", "text": "",
                "annotation": "text-indent:0"}
    return {"entry": spacing, "label": "", "text": "", "annotation": f"margin-left:{HANG}"}


def _attrs(classes: str, style: str = "") -> str:
    """` class="…"` and, when there is CSS, ` style="…"`."""
    return f' class="{classes}"' + (f' style="{style}"' if style else "")
