"""Formatting commands: format, styles (cite lives in draft.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import output
from .app import app

STYLE_HELP = "CSL style: an id (apa, ieee, chicago-author-date …), an alias or a .csl file."
LOCALE_HELP = "CSL locale, e.g. en-US, en-GB, fi-FI (default: the style's, else en-US)."


@app.command("format")
def format_entries(
    ctx: typer.Context,
    query: str = typer.Argument("", help="Query selecting the entries (all without one).",
                                show_default=False),
    style: str = typer.Option("apa", "--style", "-s", help=STYLE_HELP),
    locale: Optional[str] = typer.Option(None, "--locale", "-l", help=LOCALE_HELP),
    to: Optional[str] = typer.Option(None, "--to", "-t",
                                     help="txt, md, html, docx, tex, csljson or bibtex "
                                     "(default: from the -o suffix, else txt)."),
    out: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file."),
    annotated: bool = typer.Option(False, "--annotated", "-a",
                                   help="Print each entry's annotation under it."),
    standalone: bool = typer.Option(False, "--standalone",
                                    help="A whole HTML page or LaTeX document."),
    title: str = typer.Option("", "--title", help="A heading above the references."),
) -> None:
    """Format the matching entries as a bibliography in any CSL style."""
    from ..services import formatting
    from ..services.selection import select
    from .read import _load, _report_skipped

    library = _load(ctx)
    entries = select(library, query)
    from ..services.exporting import EXPORT_FORMATS, export_text

    suffix = out.suffix.lstrip(".").lower() if out else ""
    kind = (to or "").lower() or (suffix if suffix in EXPORT_FORMATS else None)
    if kind in EXPORT_FORMATS:
        output.write_or_print(export_text(library, entries, kind).encode("utf-8"), out)
        return
    from ..render.writers import writer_for

    writer = writer_for(kind, out)
    bib = formatting.bibliography(library, entries, style, locale, annotated, title)
    output.write_or_print(writer(bib, standalone=standalone), out)
    _report_skipped(library)


@app.command()
def styles(
    text: str = typer.Argument("", help="Words to find in style ids and titles.",
                               show_default=False),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    limit: int = typer.Option(50, "--limit", "-n", help="At most this many styles."),
) -> None:
    """Search the ~2,800 bundled CSL styles (and ~8,000 journal aliases) by id or title."""
    from ..render.styles import search_styles

    found = search_styles(text)
    shown = found[:limit] if limit else found
    if json_out:
        output.print_json([{"id": s.id, "title": s.title} for s in shown])
        return
    output.print_text("\n".join(f"{s.id}\t{s.title}" for s in shown))
    if len(found) > len(shown):
        output.note(f"{len(found) - len(shown)} more; narrow the search or use --limit 0")
