"""A reading list as one self-contained HTML page: inline CSS, no scripts, no external requests."""

from __future__ import annotations

from html import escape

from ..listdoc import ListDocument, ListItem, ListSection
from ..listterms import term
from ..mdtext import to_html
from ..model import Run
from ..writers.html import inline, language
from . import paragraphs

PAGE_CSS = """\
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font-family: Georgia, "Times New Roman", serif; line-height: 1.5; color: #1b1b1b;
       background: #fff; margin: 0 auto; padding: 1.25rem 1rem 3rem; max-width: 46rem;
       overflow-wrap: break-word; }
header h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 0.25rem; }
.subtitle { font-size: 1.15rem; color: #444; margin: 0 0 0.75rem; }
.meta { font-size: 0.9rem; color: #555; margin: 0.25rem 0; }
nav { border-top: 1px solid #ddd; border-bottom: 1px solid #ddd; margin: 1.25rem 0;
      padding: 0.5rem 0; font-size: 0.95rem; }
nav h2 { font-size: 1rem; margin: 0.25rem 0; }
nav ol { margin: 0.25rem 0; padding-left: 1.5rem; }
section { margin-top: 2rem; }
section h2 { font-size: 1.3rem; line-height: 1.25; margin: 0 0 0.5rem; }
.count { font-size: 0.85rem; font-weight: normal; color: #666; }
.intro { color: #333; }
ol.reading-items { list-style: none; margin: 0; padding: 0; }
li.reading-item { margin: 0 0 1rem; padding: 0.5rem 0 0.5rem 0.75rem;
                  border-left: 3px solid #e2e2e2; }
li.badge-essential-item { border-left-color: #9b2c2c; }
li.badge-recommended-item { border-left-color: #2b6cb0; }
.reference { margin: 0; }
.label { font-weight: bold; margin-right: 0.35em; }
.badge { display: inline-block; font-family: system-ui, -apple-system, "Segoe UI", sans-serif;
         font-size: 0.72rem; font-weight: 600; letter-spacing: 0.03em; text-transform: uppercase;
         padding: 0.05rem 0.45rem; border-radius: 0.6rem; margin: 0 0.45em 0.15rem 0;
         vertical-align: 0.1em; color: #fff; background: #666; }
.badge-essential { background: #9b2c2c; }
.badge-recommended { background: #2b6cb0; }
.badge-further { background: #5a5a5a; }
.reading-note { margin: 0.35rem 0 0; font-style: italic; color: #333; }
.annotation { margin: 0.35rem 0 0; font-size: 0.94rem; color: #333; }
.annotation p { margin: 0.3rem 0; }
a { color: #1a4d8f; overflow-wrap: anywhere; word-break: break-word; }
@media (max-width: 30rem) {
  body { padding: 1rem 0.75rem 2rem; font-size: 1rem; }
  header h1 { font-size: 1.45rem; }
  li.reading-item { padding-left: 0.5rem; }
}
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; color: #000; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  .badge { color: #000; background: none; border: 1px solid #000; }
  li.reading-item { border-left: none; padding-left: 0; break-inside: avoid; }
  section h2 { break-after: avoid; }
}
"""


def render(doc: ListDocument) -> bytes:
    """The list as a UTF-8 HTML page."""
    return to_page(doc).encode("utf-8")


def to_page(doc: ListDocument) -> str:
    """A complete `<!DOCTYPE html>` page."""
    used: set[str] = set()  # an entry listed in several sections gets one id per section
    body = "\n".join([_header(doc), _nav(doc), *(_section(doc, s, used) for s in doc.sections)])
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language(doc.locale))}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="syllabib">\n'
        f"<title>{escape(doc.title)}</title>\n"
        f"<style>\n{PAGE_CSS}</style>\n"
        "</head>\n"
        "<body>\n"
        f"{body}\n"
        "</body>\n"
        "</html>\n"
    )


def _header(doc: ListDocument) -> str:
    """Title, subtitle, description, audience and style."""
    parts = [f"<h1>{escape(doc.title)}</h1>"]
    if doc.subtitle:
        parts.append(f'<p class="subtitle">{escape(doc.subtitle)}</p>')
    if doc.description:
        parts.append(f'<div class="description">{to_html(doc.description)}</div>')
    if doc.audience:
        parts.append(f'<p class="meta"><strong>{escape(term(doc.locale, "audience"))}:</strong> '
                     f"{escape(doc.audience)}</p>")
    if doc.style_title:
        parts.append(f'<p class="meta">{escape(term(doc.locale, "style"))}: '
                     f"{escape(doc.style_title)}</p>")
    return "<header>\n" + "\n".join(parts) + "\n</header>"


def _nav(doc: ListDocument) -> str:
    """Links to every section."""
    links = "\n".join(f'<li><a href="#{escape(s.anchor)}">{escape(s.heading)}</a></li>'
                      for s in doc.sections)
    return (f'<nav aria-label="{escape(term(doc.locale, "contents"))}">\n'
            f"<h2>{escape(term(doc.locale, 'contents'))}</h2>\n<ol>\n{links}\n</ol>\n</nav>")


def _section(doc: ListDocument, section: ListSection, used: set[str]) -> str:
    """One `<section>`: heading with its count, intro, then the ordered items."""
    count = f'<span class="count">({len(section.items)} {escape(term(doc.locale, "references"))})</span>'
    parts = [f'<section class="reading-section" id="{escape(section.anchor)}">',
             f"<h2>{escape(section.heading)} {count}</h2>"]
    if section.intro:
        parts.append(f'<div class="intro">{to_html(section.intro)}</div>')
    parts.append('<ol class="reading-items">')
    parts.extend(_item(item, _item_id(item, section, used)) for item in section.items)
    parts.append("</ol>\n</section>")
    return "\n".join(parts)


def _item_id(item: ListItem, section: ListSection, used: set[str]) -> str:
    """`ref-KEY` for an entry's first occurrence, `<section anchor>-ref-KEY` after that."""
    ident = "ref-" + "-".join(item.reference.key.split())
    if ident in used:
        ident = f"{section.anchor}-{ident}"
    used.add(ident)
    return ident


def _item(item: ListItem, ident: str) -> str:
    """One `<li>`: badge, label and reference, the list's note, the annotation."""
    ref = item.reference
    classes = "reading-item csl-entry"
    badge = ""
    if item.importance:
        classes += f" badge-{escape(item.importance)}-item"
        badge = (f'<span class="badge badge-{escape(item.importance)}">'
                 f"{escape(item.importance_label or item.importance)}</span>")
    label = f'<span class="label">{escape(ref.label)}</span>' if ref.label else ""
    parts = [f'<li class="{classes}" id="{escape(ident)}">',
             f'<p class="reference">{badge}{label}{inline(ref.runs).strip()}</p>']
    if item.note:
        parts.append(f'<p class="reading-note">{inline([Run(item.note)])}</p>')
    blocks = paragraphs(item.annotation)
    if blocks:
        parts.append('<div class="annotation">'
                     + "".join(f"<p>{inline([Run(p)])}</p>" for p in blocks) + "</div>")
    return "".join(parts) + "</li>"
