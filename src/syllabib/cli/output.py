"""Printing: rich on a terminal, plain tab-separated text when piped, JSON on request."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from ..errors import SyllabibError

_TAG = re.compile(r"\[/?[a-z ]*\]")  # the markup of the templates below
_CONTROL = dict.fromkeys([7, 8, 11, 12, 13])  # control codes rich drops


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, no_color="NO_COLOR" in os.environ or None,
                   soft_wrap=not sys.stdout.isatty(), emoji=False)


def is_terminal() -> bool:
    """True when stdout is a terminal (rich tables); False when piped (plain text)."""
    return sys.stdout.isatty()


def _plain_stderr() -> bool:
    """True when rich would write stderr as plain, unwrapped text (so it need not be imported)."""
    if os.environ.get("TTY_COMPATIBLE") or os.environ.get("FORCE_COLOR"):
        return False  # rich's own overrides: leave them to rich
    return not sys.stdout.isatty() and not sys.stderr.isatty()


def _say(lines: list[tuple[str, str]], style: str | None = None) -> None:
    """(template, text) lines on stderr: `{}` in the rich markup template is the escaped text."""
    if _plain_stderr():
        sys.stderr.write("".join(_TAG.sub("", template).format(text).translate(_CONTROL)
                                 .expandtabs(8) + "\n" for template, text in lines))
        return
    from rich.markup import escape

    console = _console(stderr=True)
    for template, text in lines:
        console.print(template.format(escape(text)), style=style)


def print_error(exc: SyllabibError) -> None:
    """One red line `file:line: message`, then the hint and any further diagnostics."""
    _say([("[bold red]error:[/] {}", str(exc))]
         + [("  also: {}", str(d)) for d in getattr(exc, "diagnostics", ())[1:6]])
    caret = getattr(exc, "caret", None)
    if caret is not None:
        _say([("{}", caret())], style="yellow")
    if exc.hint:
        _say([("  hint: {}", exc.hint)])


def note(message: str) -> None:
    """A remark on stderr (never mixed into data on stdout)."""
    _say([("[dim]{}[/]", message)])


def done(message: str) -> None:
    """A success line on stderr."""
    _say([("[green]✓[/] {}", message)])


def print_json(data: Any) -> None:
    """Indented JSON on stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_text(text: str) -> None:
    """Raw text on stdout, exactly."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def print_lines(lines: list[str]) -> None:
    """Lines that already end in a newline, on stdout in one write."""
    sys.stdout.write("".join(lines))


def write_or_print(data: bytes, out: Path | None) -> None:
    """Bytes to `out` atomically (and say so), or UTF-8 text to stdout; a .docx needs a file."""
    if out is None:
        if data[:2] == b"PK":
            from ..errors import UsageError

            raise UsageError("DOCX output needs a file", hint="add -o refs.docx")
        print_text(data.decode("utf-8"))
        return
    from ..store import atomic_write

    atomic_write(out, data)
    done(f"wrote {out}")


def print_entries(rows: list[dict[str, Any]]) -> None:
    """Entries as a rich table on a terminal, tab-separated lines otherwise."""
    if not is_terminal():
        from ..listformat import tsv_line

        sys.stdout.write("".join(tsv_line(r) for r in rows))
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


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    """Rows as a rich table on a terminal, tab-separated lines (no header) otherwise."""
    if not is_terminal():
        for row in rows:
            sys.stdout.write("\t".join(cell.replace("\t", " ") for cell in row) + "\n")
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    _console().print(table)
