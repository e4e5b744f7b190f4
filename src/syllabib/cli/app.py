"""The typer application, global options and the mapping of errors to exit codes."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from typer.core import TyperGroup

from ..errors import SyllabibError


class _Group(TyperGroup):
    """Turns a SyllabibError into a red line, a hint and its exit code (tracebacks with --debug)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except SyllabibError as exc:
            if (ctx.obj or {}).get("debug"):
                raise
            from .output import print_error

            print_error(exc)
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=_Group,
    help="syllabib: a plain-text BibTeX library with themes, annotations and reading lists.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _global(
    ctx: typer.Context,
    library: Optional[Path] = typer.Option(
        None, "--library", "-L", help="Library folder (holds bib/). Default: $SYLLABIB_LIBRARY, "
        "then the nearest folder above with bib/.", show_default=False),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
) -> None:
    ctx.obj = {"library": library, "debug": debug}
    from .progressbar import bar_on_terminal

    ctx.with_resource(bar_on_terminal())  # the core's long reads shown on stderr, if a terminal


def library_root(ctx: typer.Context) -> Path:
    """The library root chosen by --library, the environment or the working directory."""
    from ..config import find_root

    return find_root(ctx.obj.get("library") if ctx.obj else None)


def main() -> None:
    """Console entry point."""
    gc.disable()  # one short command: refcounting frees its garbage; the cyclic collector would
    # only walk every loaded entry again and again (~0.1 s of a 10k-entry `list`)
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
