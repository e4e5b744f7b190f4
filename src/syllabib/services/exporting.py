"""Exports: BibTeX as written (with the macros and parents the entries need), or CSL-JSON."""

from __future__ import annotations

import re

from ..library import Library
from ..model import Entry
from ..resolve import MONTHS, pieces

_WORD = re.compile(r"[A-Za-z][\w.:+-]*")
EXPORT_FORMATS = {"bibtex": "bibtex", "bib": "bibtex", "csljson": "csljson", "json": "csljson"}


def export_text(library: Library, entries: list[Entry], kind: str) -> str:
    """The entries as `bibtex` (as written) or `csljson`; other names are a usage error."""
    from ..errors import UsageError

    found = EXPORT_FORMATS.get(kind.lower())
    if found is None:
        raise UsageError(f"unknown export format '{kind}'", hint="use --to bibtex or --to csljson")
    if found == "csljson":
        from .formatting import csl_json

        return csl_json(entries)
    return export_bibtex(library, entries)


def export_bibtex(library: Library, entries: list[Entry]) -> str:
    """A self-contained .bib text: used @string definitions, the entries, crossref parents."""
    keys = [e.key for e in entries]
    wanted = set(keys)
    for entry in entries:
        parent = entry.fields.get("crossref", "").strip()
        if parent and parent in library and parent not in wanted:
            keys.append(parent)
            wanted.add(parent)
    bodies = [library.raw(k) for k in keys]
    strings = _used_strings(library, keys)
    return "\n\n".join(strings + bodies) + "\n"


def _used_strings(library: Library, keys: list[str]) -> list[str]:
    defined = {s.name.lower(): s for bib in library.files for s in bib.parsed.strings}
    needed: list[str] = []
    for key in keys:
        bib, block = library.locate(key)
        for span in block.fields:
            for kind, text in pieces(block.raw_value(bib.text, span)):
                if kind == "bare" and text.lower() in defined and text.lower() not in needed:
                    needed.append(text.lower())
    out = []
    for name in _with_dependencies(needed, defined):
        string = defined[name]
        out.append(f"@string{{{string.name} = {string.value}}}")
    return out


def _with_dependencies(names: list[str], defined: dict) -> list[str]:
    ordered: list[str] = []

    def visit(name: str) -> None:
        if name in ordered or name not in defined or name in MONTHS and name not in defined:
            return
        for kind, text in pieces(defined[name].value):
            if kind == "bare":
                visit(text.lower())
        ordered.append(name)

    for name in names:
        visit(name)
    return ordered
