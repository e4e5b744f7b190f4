"""Exports: BibTeX as written (with the macros and parents the entries need), biblatex, CSL-JSON
or RIS. Exporting never changes the library."""

from __future__ import annotations

import re

from ..library import Library
from ..model import Entry
from ..resolve import MONTHS, pieces

_WORD = re.compile(r"[A-Za-z][\w.:+-]*")
EXPORT_FORMATS = {"bibtex": "bibtex", "bib": "bibtex", "csljson": "csljson", "json": "csljson",
                  "ris": "ris", "biblatex": "biblatex"}


def export_text(library: Library, entries: list[Entry], kind: str) -> str:
    """The entries as `bibtex` (as written), `biblatex`, `csljson` or `ris`."""
    from ..errors import UsageError

    found = EXPORT_FORMATS.get(kind.lower())
    if found is None:
        raise UsageError(f"unknown export format '{kind}'",
                         hint="use --to bibtex, biblatex, csljson or ris")
    if found == "csljson":
        from .formatting import csl_json

        return csl_json(entries)
    if found == "ris":
        return export_ris(entries)
    if found == "biblatex":
        return export_biblatex(library, entries)
    return export_bibtex(library, entries)


def export_ris(entries: list[Entry]) -> str:
    """RIS records (the citation key as ID, keywords and themes as KW, notes as N1)."""
    from ..csl.mapping import NOT_REFERENCES, to_csl
    from ..interchange.ris_out import ris_text
    from ..latex import to_unicode
    from ..themes import split_keywords

    pairs = [(to_csl(e), [to_unicode(k) for k in split_keywords(e.fields.get("keywords"))])
             for e in entries if e.entry_type not in NOT_REFERENCES]
    return ris_text(pairs)


def export_biblatex(library: Library, entries: list[Entry]) -> str:
    """Like the BibTeX export, with each entry's types and fields as biblatex prefers them."""
    from ..bibstyle import format_entry
    from ..interchange.biblatex import to_biblatex

    keys = _with_parents(library, entries)
    bodies = []
    for key in keys:
        bib, block = library.locate(key)
        fields = [(span.name, block.raw_value(bib.text, span)) for span in block.fields]
        entry_type, converted = to_biblatex(block.entry_type, fields, library.get(key).fields)
        bodies.append(format_entry(entry_type, block.key, converted, bib.style))
    return "\n\n".join(_used_strings(library, keys) + bodies) + "\n"


def export_bibtex(library: Library, entries: list[Entry]) -> str:
    """A self-contained .bib text: used @string definitions, the entries, crossref parents."""
    keys = _with_parents(library, entries)
    bodies = [library.raw(k) for k in keys]
    strings = _used_strings(library, keys)
    return "\n\n".join(strings + bodies) + "\n"


def _with_parents(library: Library, entries: list[Entry]) -> list[str]:
    """The keys of the entries, then of the crossref parents they need."""
    keys = [e.key for e in entries]
    wanted = set(keys)
    for entry in entries:
        parent = entry.fields.get("crossref", "").strip()
        if parent and parent in library and parent not in wanted:
            keys.append(parent)
            wanted.add(parent)
    return keys


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
