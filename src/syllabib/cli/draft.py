"""The `cite` commands: in-text citations of keys, and checking a draft's citations.

    syllabib cite KEY… [';' KEY…]        in-text citations of entries (same as `cite keys`)
    syllabib cite check DRAFT            every citation of a draft matched to the library
    syllabib cite refs DRAFT -o refs.docx  the reference list of what the draft cites
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer
from typer.core import TyperGroup

from . import output
from .app import app, library_root
from .format import LOCALE_HELP, STYLE_HELP

_EXIT_CODES = ("Exit codes: 0 every citation matched (and every --expect entry cited); 1 some "
               "citation unresolved or an expected entry never cited; 2 bad arguments or query; "
               "3 unreadable draft; 4 no such draft, library or key.")
_STYLES = {"matched": "green", "ambiguous": "yellow", "suffix-needed": "yellow",
           "missing": "red"}


class _CiteGroup(TyperGroup):
    """`cite check …` and `cite refs …` are subcommands; anything else is `cite keys …`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["keys", *args]
        return super().parse_args(ctx, args)


cite_app = typer.Typer(
    cls=_CiteGroup, no_args_is_help=True,
    help="In-text citations of entries (cite KEY…), or a draft's citations checked against "
         "the library (cite check) and its reference list (cite refs).")
app.add_typer(cite_app, name="cite")


@cite_app.command("keys")
def cite_keys(
    ctx: typer.Context,
    keys: list[str] = typer.Argument(..., help="Citation keys, cited together; separate "
                                     "citations with ';' as its own argument.",
                                     show_default=False),
    style: str = typer.Option("apa", "--style", "-s", help=STYLE_HELP),
    locale: Optional[str] = typer.Option(None, "--locale", "-l", help=LOCALE_HELP),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Print the in-text citation of entries, e.g. (Ward & Keenan, 1999); `cite KEY…` too."""
    from ..errors import UsageError
    from ..library import load_library
    from ..services.formatting import citations

    clusters = _clusters(keys)
    if not clusters:
        raise UsageError("no keys given", hint="syllabib cite KEY [KEY ...]")
    library = load_library(library_root(ctx))
    texts = citations(library, clusters, style, locale)
    if json_out:
        output.print_json([{"keys": c, "text": t} for c, t in zip(clusters, texts)])
    else:
        output.print_text("\n".join(texts))


def _clusters(keys: list[str]) -> list[list[str]]:
    """Keys grouped into citations at each ';'."""
    clusters: list[list[str]] = [[]]
    for key in keys:
        for part in key.split(";"):
            if part.strip():
                clusters[-1].append(part.strip())
            if ";" in key:
                clusters.append([])
    return [c for c in clusters if c]


@cite_app.command("check", epilog=_EXIT_CODES)
def cite_check(
    ctx: typer.Context,
    draft: Path = typer.Argument(..., help="The draft: .txt, .md, .tex or .docx.",
                                 show_default=False),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    problems: bool = typer.Option(False, "--problems", "-p",
                                  help="Show only the citations that did not match."),
    expect: str = typer.Option("", "--expect", "-e", help="Query of entries the draft should "
                               "cite, e.g. 'theme:justifications'; those never cited are listed.",
                               show_default=False),
    expect_list: Optional[str] = typer.Option(
        None, "--expect-list", help="A reading list (readinglists/NAME.toml) whose entries the "
        "draft should cite; those never cited are listed.", show_default=False),
) -> None:
    """Match every in-text citation of a draft to the library (author-year, pandoc, LaTeX)."""
    from ..library import load_library
    from ..services.drafts import check_draft

    library = load_library(library_root(ctx))
    keys = None
    if expect_list:
        from ..services.building import list_keys

        keys = list_keys(library, expect_list)
    report = check_draft(library, draft, expect, keys)
    if json_out:
        output.print_json(report.to_dict())
    else:
        _print_report(report, problems)
    if not report.ok:
        raise typer.Exit(1)


def _print_report(report: Any, problems: bool) -> None:
    """The citations as a table (tab-separated when piped), uncited entries, a summary."""
    shown = report.unresolved if problems else report.resolutions
    rows = [(f"{r.citation.line}:{r.citation.column}", r.citation.text, r.status, _found(r))
            for r in shown]
    if output.is_terminal():
        _table(rows, ("line", "citation", "status", "key / candidates"))
    else:
        output.print_text("".join("\t".join(row) + "\n" for row in rows) or "\n")
    for c in report.uncited:
        output.note(f"never cited: {c.key} ({c.label})")
    counts = ", ".join(f"{n} {s}" for s, n in report.counts().items() if n)
    output.note(f"{report.path}: {len(report.resolutions)} citations of "
                f"{len(report.cited_keys)} works: {counts or 'none found'}"
                + (f"; {len(report.uncited)} of {report.expected} expected entries never cited"
                   if report.expected is not None else ""))


def _found(r: Any) -> str:
    """The matched key, or the candidates with their reasons, and any note."""
    text = r.key or "; ".join(f"{c.key} ({c.reason})" if c.reason else c.key
                              for c in r.candidates)
    return f"{text} — {r.note}" if r.note else text


def _grouped(resolutions: list[Any]) -> dict[tuple[str, str, str], list[str]]:
    """Unresolved citations of the same work and outcome together, with their lines."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for r in resolutions:
        label = r.citation.label if not r.citation.key else r.citation.text
        groups.setdefault((label, r.status, _found(r)), []).append(str(r.citation.line))
    return groups


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> None:
    """A rich table, the status coloured."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for name in header:
        table.add_column(name, overflow="fold", no_wrap=name in ("line", "status"))
    for line, text, status, found in rows:
        style = _STYLES.get(status, "")
        table.add_row(line, escape(text), f"[{style}]{status}[/]", escape(found))
    Console(highlight=False).print(table)


@cite_app.command("refs", epilog="Exit codes: 0 written with every citation included; 1 "
                  "written, but some citations could not be included (listed on stderr); "
                  "2 bad arguments; 3 unreadable draft; 4 no such draft or library.")
def cite_refs(
    ctx: typer.Context,
    draft: Path = typer.Argument(..., help="The draft: .txt, .md, .tex or .docx.",
                                 show_default=False),
    style: str = typer.Option("apa", "--style", "-s", help=STYLE_HELP),
    locale: Optional[str] = typer.Option(None, "--locale", "-l", help=LOCALE_HELP),
    to: Optional[str] = typer.Option(None, "--to", "-t", help="txt, md, html, docx or tex "
                                     "(default: from the -o suffix, else txt)."),
    out: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file."),
    title: str = typer.Option("", "--title", help="A heading above the references."),
    standalone: bool = typer.Option(False, "--standalone",
                                    help="A whole HTML page or LaTeX document."),
) -> None:
    """Write the reference list of every work the draft cites, in any CSL style."""
    from ..library import load_library
    from ..render.writers import writer_for
    from ..services.drafts import reference_list

    library = load_library(library_root(ctx))
    writer = writer_for(to, out)
    report, refs = reference_list(library, draft, style, locale, title)
    output.write_or_print(writer(refs.bibliography, standalone=standalone), out)
    for (label, status, found), lines in _grouped(refs.left_out).items():
        where = f"{report.path}:{lines[0]}" + (f" (also lines {', '.join(lines[1:])})"
                                               if len(lines) > 1 else "")
        output.note(f"not included: {where}: {label} ({status}{': ' + found if found else ''})")
    output.note(f"{len(refs.keys)} works listed; {len(refs.left_out)} citations left out")
    if refs.left_out:
        raise typer.Exit(1)
