"""Printing: rich on a terminal, plain tab-separated text when piped, JSON on request."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from ..errors import SyllabibError


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, no_color="NO_COLOR" in os.environ or None,
                   soft_wrap=not sys.stdout.isatty())


def is_terminal() -> bool:
    """True when stdout is a terminal (rich tables); False when piped (plain text)."""
    return sys.stdout.isatty()


def print_error(exc: SyllabibError) -> None:
    """One red line `file:line: message`, then the hint and any further diagnostics."""
    from rich.markup import escape

    console = _console(stderr=True)
    console.print(f"[bold red]error:[/] {escape(str(exc))}")
    extra = getattr(exc, "diagnostics", ())[1:6]
    for diagnostic in extra:
        console.print(f"  also: {escape(str(diagnostic))}")
    caret = getattr(exc, "caret", None)
    if caret is not None:
        console.print(escape(caret()), style="yellow")
    if exc.hint:
        console.print(f"  hint: {escape(exc.hint)}")


def note(message: str) -> None:
    """A remark on stderr (never mixed into data on stdout)."""
    from rich.markup import escape

    _console(stderr=True).print(f"[dim]{escape(message)}[/]")


def done(message: str) -> None:
    """A success line on stderr."""
    from rich.markup import escape

    _console(stderr=True).print(f"[green]✓[/] {escape(message)}")


def print_json(data: Any) -> None:
    """Indented JSON on stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_text(text: str) -> None:
    """Raw text on stdout, exactly."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def print_entries(rows: list[dict[str, Any]]) -> None:
    """Entries as a rich table on a terminal, tab-separated lines otherwise."""
    if not is_terminal():
        for r in rows:
            sys.stdout.write("\t".join([r["key"], r["authors"], str(r["year"] or ""), r["title"],
                                        ",".join(r["themes"]), "*" if r["annotated"] else ""]) + "\n")
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for name, style in (("key", "cyan"), ("authors", ""), ("year", ""), ("title", ""),
                        ("themes", "magenta"), ("✎", "green")):
        table.add_column(name, style=style or None, overflow="fold",
                         no_wrap=name in ("key", "year"))
    for r in rows:
        table.add_row(*(escape(c) for c in (r["key"], r["authors"], str(r["year"] or ""),
                                              r["title"], ", ".join(r["themes"]))),
                      "✎" if r["annotated"] else "")
    _console().print(table)
