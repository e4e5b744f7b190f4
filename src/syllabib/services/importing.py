"""`import` of BibTeX, CSL-JSON and RIS: read, convert, key, then add through `adding`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..interchange.record import Record, valid_key
from .adding import ImportReport, Incoming, add_entries, read_incoming

FORMATS = ("bibtex", "csljson", "ris")
_SUFFIXES = {".bib": "bibtex", ".bibtex": "bibtex", ".biblatex": "bibtex", ".json": "csljson",
             ".csljson": "csljson", ".csl": "csljson", ".ris": "ris"}
_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}


@dataclass(frozen=True)
class ImportOptions:
    """How incoming entries are read and keyed."""

    format: str | None = None  # bibtex, csljson or ris; None: by suffix, else by content
    keep_keys: bool | None = None  # None: keep Better BibTeX citation keys (and .bib keys)
    notes_as_annotation: bool = False  # RIS N1 / CSL note → annotation instead of note


def detect_format(label: str, text: str) -> str:
    """The format of an input: by its file suffix, else by its first characters."""
    suffix = Path(label).suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    head = text.lstrip("\ufeff \t\r\n")
    if head[:1] in "[{":
        return "csljson"
    if re.match(r"TY\s{1,2}-", head):
        return "ris"
    if head[:1] == "@" or re.search(r"(?m)^\s*@\w+\s*[{(]", text[:20000]):
        return "bibtex"
    if head[:1] == "%":
        return "ris"  # EndNote tagged text: the RIS reader explains what to do instead
    raise UsageError(f"{label}: cannot tell the format (BibTeX, CSL-JSON or RIS)",
                     hint="give the file a .bib, .json or .ris suffix, or pass --format")


@dataclass
class Imported:
    """What an import did, and the incoming keywords that read as themes."""

    report: ImportReport
    themelike: list[str]


def import_text(root: Path, text: str, label: str, options: ImportOptions = ImportOptions(),
                file: str | None = None, themes: Sequence[str] = (),
                annotation: str | None = None, on_duplicate: str = "skip") -> Imported:
    """Read `text` (any supported format), key its entries and add them to the library."""
    kind = (options.format or detect_format(label, text)).lower()
    if kind not in FORMATS:
        raise UsageError(f"unknown import format '{kind}'", hint=f"use {', '.join(FORMATS)}")
    if kind == "bibtex":
        incoming = read_incoming(text, label)
        if options.keep_keys is False:
            incoming = _rekeyed(root, incoming)
    else:
        incoming = _keyed(root, _records(kind, text, label, options), options.keep_keys)
    themelike = _themelike(incoming) if kind != "bibtex" else []
    report = add_entries(root, incoming, file, themes, annotation, on_duplicate)
    return Imported(report, themelike)


def _themelike(incoming: list[Incoming]) -> list[str]:
    """Keywords of the input shaped like theme slugs (`classic`, `meta-analysis`): syllabib
    reads every such keyword as a theme, so the user is told which ones came in."""
    from ..themes import is_theme, split_keywords

    found: dict[str, None] = {}
    for item in incoming:
        value = item.value("keywords")
        for keyword in split_keywords(_inner(value) if value else None):
            if is_theme(keyword):
                found[keyword] = None
    return list(found)


def _records(kind: str, text: str, label: str, options: ImportOptions) -> list[Record]:
    from ..interchange import csljson, fromcsl

    if kind == "csljson":
        pairs = csljson.read_items(text, label)
    else:
        from ..interchange import ris

        pairs = [(ris.to_csl(r), r.line) for r in ris.read_ris(text, label)]
    return [fromcsl.to_record(item, line, options.notes_as_annotation) for item, line in pairs]


class _Taken:
    """Keys in use: the library's (entries with problems too) and those given in this import;
    compared case-insensitively, as BibTeX compares keys."""

    def __init__(self, root: Path) -> None:
        from ..library import load_library

        self.library = load_library(root)
        self.lowered = {e.key.lower() for e in self.library.entries}

    def add(self, key: str) -> None:
        """Mark `key` as used."""
        self.lowered.add(key.lower())

    def __contains__(self, key: object) -> bool:
        return str(key).lower() in self.lowered or str(key) in self.library


def _keyed(root: Path, records: list[Record], keep: bool | None) -> list[Incoming]:
    """Each record with a key: the one it offers when kept, else one made by the pattern."""
    from ..interchange.keys import make_key, unique_key

    taken = _Taken(root)
    pattern = taken.library.config.key_pattern
    out: list[Incoming] = []
    for record in records:
        offered = record.key if keep is not False else None
        if keep and not offered:
            offered = record.source_id
        if offered and valid_key(offered):
            key = offered  # an offered key is the work's identity: a clash is a duplicate
        else:
            key = unique_key(make_key(record.fields, pattern), taken)
        taken.add(key)
        out.append(Incoming(record.entry_type, key, as_written(record), record.line))
    return out


def _rekeyed(root: Path, incoming: list[Incoming]) -> list[Incoming]:
    """BibTeX entries with keys made by the pattern (`--no-keep-keys`)."""
    from ..interchange.keys import make_key, unique_key

    taken = _Taken(root)
    pattern = taken.library.config.key_pattern
    out = []
    for item in incoming:
        fields = {n: _inner(v) for n, v in item.fields}
        key = unique_key(make_key(fields, pattern), taken)
        taken.add(key)
        out.append(Incoming(item.entry_type, key, item.fields, item.line))
    return out


def _inner(value: str) -> str:
    return value[1:-1] if value[:1] in '{"' and len(value) > 1 else value


def as_written(record: Record) -> list[tuple[str, str]]:
    """A record's fields as BibTeX values are written: braced, a month macro bare."""
    out = []
    for name, value in record.fields.items():
        if name in record.bare and value in _MONTHS:
            out.append((name, value))
        else:
            out.append((name, "{" + value + "}"))
    return out
