"""`syllabib duplicates`: likely duplicate entries across every file, and merging two of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConflictError, UsageError
from ..health.duplicates import Fingerprint, Group, find_groups, fingerprint
from ..library import Library
from ..model import Entry

_IDENTIFIERS = ("doi", "isbn")


def entry_print(library: Library, entry: Entry) -> Fingerprint:
    """The fingerprint of a library entry; DOI and ISBN only as written in it (not inherited)."""
    _, block = library.locate(entry.key)
    own = {n: entry.fields[n] for n in _IDENTIFIERS if block.field(n) is not None}
    return fingerprint(entry.key, entry.entry_type, entry.fields, own)


def find_duplicates(library: Library) -> list[Group]:
    """Groups of likely duplicate entries, in file order."""
    return find_groups(entry_print(library, e) for e in library.entries)


def group_data(library: Library, group: Group) -> dict[str, object]:
    """A group as JSON-ready data."""
    entries = [library.get(k) for k in group.keys]
    return {"keys": list(group.keys),
            "entries": [{"key": e.key, "type": e.entry_type, "file": str(e.location.path),
                         "line": e.location.line, "year": e.year, "title": e.text("title")}
                        for e in entries],
            "matches": [{"first": m.first, "second": m.second, "reason": m.reason}
                        for m in group.matches]}


@dataclass
class Merged:
    """What `merge_entries` did."""

    kept: str
    removed: str
    filled: list[str] = field(default_factory=list)  # fields copied into the kept entry
    differing: list[str] = field(default_factory=list)  # fields both have, with other values
    files: list[Path] = field(default_factory=list)


def merge_entries(root: Path, keep: str, drop: str) -> Merged:
    """Keep `keep`, fill the fields it lacks from `drop`, then delete `drop` (one write)."""
    from ..writer import writing

    if keep == drop:
        raise UsageError("cannot merge an entry with itself", hint="give two different keys")
    merged = Merged(keep, drop)
    with writing(root) as writer:
        library = writer.library
        kept, dropped = library.get(keep), library.get(drop)
        children = sorted(k for k, parent in library.crossrefs.items() if parent == drop)
        if children:
            raise ConflictError(f"'{drop}' is the crossref parent of {', '.join(children)}",
                                hint=f"point their crossref to '{keep}' first, or merge the "
                                "other way round")
        _fill(writer, library, kept, dropped, merged)
        writer.delete_entry(drop)
    merged.files = list(writer.written)
    return merged


def _fill(writer, library: Library, kept: Entry, dropped: Entry, merged: Merged) -> None:
    """Copy each field `kept` lacks; union the keywords; list the fields that differ."""
    from ..themes import split_keywords

    bib_a, block_a = library.locate(kept.key)
    bib_b, block_b = library.locate(dropped.key)
    for span in block_b.fields:
        name = span.name.lower()
        if name in merged.filled or name in merged.differing:
            continue
        if block_a.field(name) is None:
            writer.set_field(kept.key, name, copyable(block_b.raw_value(bib_b.text, span),
                                                      name, library.macros))
            merged.filled.append(name)
        elif name == "keywords":
            inner = _inner(block_a.raw_value(bib_a.text, block_a.field(name)))
            extra = [k for k in split_keywords(dropped.fields[name])
                     if k not in split_keywords(kept.fields[name])]
            if extra:
                writer.set_field(kept.key, name, _joined(inner, extra))
                merged.filled.append(name)
        elif kept.fields.get(name) != dropped.fields.get(name):
            merged.differing.append(name)


def copyable(raw: str, name: str, macros: dict[str, str]) -> str:
    """A value as written (delimiters included) as text for `Writer.set_field`.

    One braced or quoted piece is copied as it is; a bare month name becomes its number; other
    macros and `#` concatenations are copied resolved, since the other file may not define them.
    """
    from ..resolve import MONTHS, resolve_value

    if raw[:1] in '{"' and _inner(raw) == resolve_value(raw, {}):
        return _inner(raw)
    if name == "month" and raw.strip().lower() in MONTHS:
        return str(list(MONTHS).index(raw.strip().lower()) + 1)
    return resolve_value(raw, macros)


def _inner(raw: str) -> str:
    return raw[1:-1] if raw[:1] in '{"' else raw


def _joined(inner: str, extra: list[str]) -> str:
    from ..themes import detect_separator

    separator = detect_separator(inner)
    return inner.rstrip() + separator + separator.join(extra) if inner.strip() else ", ".join(extra)
