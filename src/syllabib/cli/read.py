"""Read-only commands: list, show, themes, export, check."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .app import app, library_root
from . import output

themes_app = typer.Typer(help="Show the theme tree; rename or merge themes.", no_args_is_help=False)
app.add_typer(themes_app, name="themes")

QUERY_HELP = ("Query, e.g. 'theme:justifications year>=2010 -type:misc'. Terms: field:value, theme:, "
              "type:, key:, author:, year:2010..2020, year>=2010, has:doi, words, \"phrases\"; "
              "or, not/-, parentheses.")


def _load(ctx: typer.Context):
    from ..library import load_library

    library = load_library(library_root(ctx))
    return library


def _report_skipped(library) -> None:
    _note_skipped(library.skipped, len(library.unreadable))


def _note_skipped(skipped: int, unreadable: int) -> None:
    if skipped or unreadable:
        parts = []
        if skipped:
            parts.append(f"{skipped} entr{'y' if skipped == 1 else 'ies'} skipped "
                         "because of problems")
        if unreadable:
            parts.append(f"{unreadable} file(s) unreadable")
        output.note("note: " + "; ".join(parts) + " — run `syllabib check`")


@app.command("list")
def list_entries(
    ctx: typer.Context,
    query: str = typer.Argument("", help=QUERY_HELP, show_default=False),
    sort: Optional[str] = typer.Option(None, "--sort", "-s",
                                       help="key, year, year-desc, author, title or file."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", help="At most this many entries."),
) -> None:
    """List the entries that match a query (all entries without one)."""
    from ..services.indexed import list_rows

    plain = not json_out and not output.is_terminal()
    found = list_rows(library_root(ctx), query, sort, limit, as_text=plain)
    if plain:
        output.print_lines(found.rows)
    elif json_out:
        output.print_json(found.rows)
    else:
        output.print_entries(found.rows)
        if output.is_terminal():
            output.note(f"{len(found.rows)} of {found.total} entries")
    _note_skipped(found.skipped, found.unreadable)


@app.command()
def show(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="Citation key."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON (every field, decoded)."),
    bibtex: bool = typer.Option(False, "--bibtex", help="Print the entry exactly as written."),
) -> None:
    """Show one entry: its fields, themes and annotation."""
    from ..services.indexed import shown_entry
    from ..services.selection import describe

    found = shown_entry(library_root(ctx), key)
    if found is None:  # no usable index, or a key it does not hold: the library decides
        library = _load(ctx)
        found = library.get(key), library.raw(key)
    entry, raw = found
    if bibtex:
        output.print_text(raw)
        return
    data = describe(entry, full=True)
    if json_out:
        output.print_json(data)
        return
    lines = [f"@{entry.entry_type}{{{entry.key}}}  {entry.location}"]
    width = max((len(n) for n in data["fields"]), default=0)
    for name, value in data["fields"].items():
        lines.append(f"  {name.ljust(width)}  {value}")
    output.print_text("\n".join(lines))


@themes_app.callback(invoke_without_command=True)
def themes_tree(
    ctx: typer.Context,
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The theme tree with entry counts (entries in the subtree, and tagged exactly)."""
    if ctx.invoked_subcommand is not None:
        return
    from ..services.themes_ops import theme_tree

    library = _load(ctx)
    tree = theme_tree(library)
    if json_out:
        output.print_json([_node_data(n) for n in tree])
        return
    lines: list[str] = []
    for node in tree:
        _node_lines(node, 0, lines)
    output.print_text("\n".join(lines) if lines else "(no themes yet: tag entries with "
                      "`syllabib tag KEY +theme`)")
    _report_skipped(library)


def _node_data(node) -> dict:
    return {"slug": node.slug, "label": node.label, "count": node.count, "total": node.total,
            "children": [_node_data(c) for c in node.children]}


def _node_lines(node, depth: int, lines: list[str]) -> None:
    name = node.slug.rsplit("/", 1)[-1]
    label = f"  {node.label}" if node.label and node.label.lower() != name.replace("-", " ") else ""
    lines.append(f"{'  ' * depth}{name} ({node.total}){label}")
    for child in node.children:
        _node_lines(child, depth + 1, lines)


@app.command()
def export(
    ctx: typer.Context,
    query: str = typer.Argument("", help=QUERY_HELP, show_default=False),
    to: str = typer.Option("bibtex", "--to", "-t",
                           help="Output format: bibtex, biblatex, csljson or ris."),
    out: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file."),
) -> None:
    """Export the matching entries: BibTeX as written (with the @strings they use), biblatex,
    CSL-JSON or RIS. The library is never changed."""
    from ..services.exporting import export_text
    from ..services.selection import select

    library = _load(ctx)
    text = export_text(library, select(library, query), to)
    output.write_or_print(text.encode("utf-8"), out)


@app.command()
def check(
    ctx: typer.Context,
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too (exit 1)."),
    ignore: list[str] = typer.Option([], "--ignore", metavar="CODE",
                                     help="Do not report CODE (repeatable); see docs/check-codes.md."),
) -> None:
    """Report every problem of the library, its themes and reading lists: `file:line: code: message`.

    Exit 1 when there are errors (or warnings, with --strict); 0 otherwise.
    """
    from ..services.checking import check_library, report_data

    library = _load(ctx)
    report = check_library(library, ignore)
    if json_out:
        output.print_json(report_data(report))
    else:
        for d in report.diagnostics:
            output.print_text(str(d) + (f"\n  hint: {d.hint}" if d.hint else ""))
        silenced = f", {report.ignored} ignored" if report.ignored else ""
        output.note(f"{report.count('error')} error(s), {report.count('warning')} warning(s)"
                    f"{silenced} in {report.files} file(s), {report.entries} clean entries, "
                    f"{report.lists} reading list(s)")
    if report.failed(strict):
        raise typer.Exit(1)
