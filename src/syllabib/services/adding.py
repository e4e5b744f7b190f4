"""New entries: `add` and `import` from BibTeX, written in the target file's own style."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..bibfile import EntryBlock, parse_text
from ..bibstyle import format_entry
from ..errors import BibSyntaxError, ConflictError, UsageError
from ..health.duplicates import DuplicateIndex, Fingerprint, fingerprint
from ..writer import Writer, writing
from .textvalue import prose_to_bibtex

POLICIES = ("error", "skip", "rename", "merge")


@dataclass
class Incoming:
    """One entry to add: type, key and fields as (name, value as written)."""

    entry_type: str
    key: str
    fields: list[tuple[str, str]]
    line: int = 0

    def value(self, name: str) -> str | None:
        """The value as written (delimiters included) of field `name`, if present."""
        return next((v for n, v in self.fields if n.lower() == name), None)


@dataclass
class ImportReport:
    """What happened to each incoming entry."""

    added: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (key, reason)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (old key, new key)
    merged: list[tuple[str, list[str]]] = field(default_factory=list)  # (key, fields filled)
    files: list[Path] = field(default_factory=list)


def read_incoming(text: str, label: str) -> list[Incoming]:
    """Entries of a BibTeX text; any problem in it refuses the whole input."""
    parsed = parse_text(text, label)
    problems = parsed.diagnostics()
    if problems:
        d = problems[0]
        raise BibSyntaxError(f"{d.code}: {d.message}", d.location, d.hint, tuple(problems))
    if not parsed.entries:
        raise UsageError(f"{label}: no BibTeX entry found", hint="is this a .bib file?")
    return [_incoming(text, block) for block in parsed.entries]


def _incoming(text: str, block: EntryBlock) -> Incoming:
    fields = [(span.name.lower(), block.raw_value(text, span)) for span in block.fields]
    return Incoming(block.entry_type.lower(), block.key, fields, block.line)


def add_entries(root: Path, incoming: Sequence[Incoming], file: str | None = None,
                themes: Sequence[str] = (), annotation: str | None = None,
                on_duplicate: str = "error") -> ImportReport:
    """Append entries to a library file, with themes and an annotation, by a duplicate policy."""
    from ..themes import validate_slug

    if on_duplicate not in POLICIES:
        raise UsageError(f"unknown policy '{on_duplicate}'", hint=f"use {', '.join(POLICIES)}")
    themes = [validate_slug(t) for t in themes]
    note = prose_to_bibtex(annotation) if annotation else None
    report = ImportReport()
    with writing(root) as writer:
        target = writer.library.file_for(file)
        index = _index(writer)
        for item in incoming:
            item = _with_extras(item, themes, note, target.style.quote)
            found = _duplicate_of(writer, item, index)
            if found is None:
                _append(writer, target, item, report)
                index.add(_print(writer, item))
            else:
                _resolve_duplicate(writer, target, item, found, on_duplicate, report)
    report.files = writer.written
    return report


def _index(writer: Writer) -> DuplicateIndex:
    """The library's entries indexed by DOI, ISBN and first author + year (for titles)."""
    from .dedupe import entry_print

    library = writer.library
    return DuplicateIndex(entry_print(library, e) for e in library.entries)


def _print(writer: Writer, item: Incoming) -> Fingerprint:
    """The fingerprint of an incoming entry (its values resolved with the library's @strings)."""
    from ..resolve import resolve_value

    fields = {n: resolve_value(v, writer.library.macros) for n, v in reversed(item.fields)}
    return fingerprint(item.key, item.entry_type, fields)


def _duplicate_of(writer: Writer, item: Incoming, index: DuplicateIndex) -> tuple[str, str] | None:
    """The key of the entry `item` duplicates and why: same key, DOI, ISBN, or title, year and
    first author (see health.duplicates); None when it is new."""
    if item.key in writer.library or item.key in writer._new_keys:
        return item.key, "same key"
    match = index.first_match(_print(writer, item))
    return (match.first, f"{match.reason} as '{match.first}'") if match else None


def _with_extras(item: Incoming, themes: Sequence[str], note: str | None, quote: str) -> Incoming:
    from ..bibstyle import delimit
    from ..themes import add_themes

    fields = list(item.fields)
    if themes:
        old = item.value("keywords")
        inner = old[1:-1] if old and old[0] in '{"' else old
        new = add_themes(inner, themes)
        if new is not None:
            fields = [(n, v) for n, v in fields if n != "keywords"] + [("keywords", delimit(new, quote))]
    if note:
        fields = [(n, v) for n, v in fields if n != "annotation"] + [("annotation", delimit(note, quote))]
    return Incoming(item.entry_type, item.key, fields, item.line)


def _append(writer: Writer, target, item: Incoming, report: ImportReport) -> None:
    text = format_entry(item.entry_type, item.key, item.fields, target.style)
    writer.append(target, item.key, text)
    report.added.append(item.key)


def _resolve_duplicate(writer: Writer, target, item: Incoming, found: tuple[str, str],
                       policy: str, report: ImportReport) -> None:
    existing, reason = found
    if policy == "error":
        raise ConflictError(f"'{item.key}' is already in the library ({reason})",
                            hint="use --on-duplicate skip, rename or merge")
    if policy == "skip":
        report.skipped.append((item.key, reason))
    elif policy == "rename":  # added anyway, under a free key (its own when only content matched)
        taken = item.key in writer.library or item.key in writer._new_keys
        new_key = _free_key(writer, item.key) if taken else item.key
        _append(writer, target, Incoming(item.entry_type, new_key, item.fields, item.line), report)
        if taken:
            report.renamed.append((item.key, new_key))
    elif existing in writer._new_keys:
        report.skipped.append((item.key, reason + " (added earlier in this import)"))
    else:
        report.merged.append((existing, _merge(writer, existing, item)))


def _free_key(writer: Writer, key: str) -> str:
    for suffix in "abcdefghijklmnopqrstuvwxyz":
        candidate = key + suffix
        if candidate not in writer.library and candidate not in writer._new_keys:
            return candidate
    raise ConflictError(f"no free key for '{key}'", hint="rename the entry by hand")


def _merge(writer: Writer, key: str, item: Incoming) -> list[str]:
    """Fill the fields the existing entry lacks; never overwrite."""
    bib, block = writer.library.locate(key)
    filled = []
    for name, value in item.fields:
        if block.field(name) is None and name not in filled:
            inner = value[1:-1] if value[:1] in '{"' else value
            writer.set_field(key, name, inner)
            filled.append(name)
    return filled
