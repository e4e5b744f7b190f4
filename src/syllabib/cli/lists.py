"""Reading-list commands: build, lists, list-new."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import output
from .app import app
from .format import LOCALE_HELP, STYLE_HELP


@app.command()
def build(
    ctx: typer.Context,
    names: Optional[list[str]] = typer.Argument(
        None, help="Lists to build (file stems in readinglists/). Default: all.",
        show_default=False),
    to: Optional[str] = typer.Option(None, "--to", "-t", help="Formats, comma-separated: html, "
                                     "md, docx, txt, tex (default: the list's `formats`)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o",
                                       help="Output folder (default: out/ in the library)."),
    style: Optional[str] = typer.Option(None, "--style", "-s", help=STYLE_HELP +
                                        " Overrides the list's style."),
    locale: Optional[str] = typer.Option(None, "--locale", "-l", help=LOCALE_HELP),
) -> None:
    """Render reading lists to out/<list>.<format>.

    Every list is built even when one fails; the exit code is then the first failure's
    (3 invalid list file, 4 unknown key or style).
    """
    from ..errors import SyllabibError
    from ..library import display_path
    from ..readinglists.loading import load_list
    from ..services.building import OUT_FOLDER, build_list, find_list, lists_dir
    from .read import _load

    library = _load(ctx)
    formats = _formats(to)
    paths = ([find_list(library, n) for n in names] if names
             else sorted(lists_dir(library).glob("*.toml")))
    if not paths:
        output.note(f"no reading lists in {lists_dir(library)} — create one with "
                    "`syllabib list-new NAME`")
        return
    out_dir = out or library.root / OUT_FOLDER
    failed: list[SyllabibError] = []
    for path in _progress(paths):
        try:
            written = build_list(library, load_list(path), out_dir, formats, style, locale)
        except SyllabibError as exc:
            output.print_error(exc)
            failed.append(exc)
            continue
        output.done(f"{path.stem}: " + ", ".join(display_path(p) for p in written))
    if failed:
        raise typer.Exit(failed[0].exit_code)


def _formats(to: str | None) -> list[str] | None:
    """The formats of --to, checked."""
    if not to:
        return None
    from ..errors import UsageError
    from ..readinglists.model import FORMATS

    formats = [f.strip().lower() for f in to.split(",") if f.strip()]
    for name in formats:
        if name not in FORMATS:
            raise UsageError(f"unknown output format '{name}'", hint=f"formats: {', '.join(FORMATS)}")
    return formats


def _progress(paths: list[Path]):
    """The paths, with a progress bar on a terminal when there are several."""
    if len(paths) < 3 or not output.is_terminal():
        return paths
    from rich.progress import track

    return track(paths, description="building", transient=True)


@app.command("lists")
def list_lists(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show the reading lists: sections, entries, missing keys, last built."""
    from ..services.listfiles import statuses
    from .read import _load

    rows = statuses(_load(ctx))
    if as_json:
        output.print_json([row.as_dict() for row in rows])
        return
    output.print_table(
        ["list", "title", "sections", "entries", "missing", "built"],
        [[row.name, row.error and f"error: {row.error}" or row.title, str(row.sections),
          str(row.entries), ", ".join(row.missing), _when(row.built)] for row in rows])
    if any(row.error or row.missing for row in rows):
        raise typer.Exit(1)


def _when(built) -> str:
    return built.strftime("%Y-%m-%d %H:%M") if built else "never"


@app.command("list-new")
def list_new(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="File stem: readinglists/NAME.toml."),
    title: Optional[str] = typer.Option(None, "--title", help="The list's title."),
    theme: Optional[list[str]] = typer.Option(None, "--theme",
                                              help="A section per theme (repeatable)."),
) -> None:
    """Create a reading-list file from a commented template."""
    from ..library import display_path
    from ..services.listfiles import scaffold
    from .read import _load

    path = scaffold(_load(ctx), name, title, theme)
    output.done(f"created {display_path(path)} — edit it, then `syllabib build {name}`")
