"""An entry's own fields (not inherited through crossref) with the line each one starts on."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import Location
from ..library import Library
from ..model import Entry


@dataclass(frozen=True, slots=True)
class Field:
    """One field written in an entry: value resolved (@string, `#`), LaTeX kept."""

    name: str  # lower-case
    value: str
    location: Location


def own_fields(library: Library, entry: Entry, names: frozenset[str]) -> Iterator[Field]:
    """The fields called one of `names` written in `entry` itself (first of a repeated name)."""
    bib, block = library.locate(entry.key)
    seen: set[str] = set()
    for span in block.fields:
        name = span.name.lower()
        if name in names and name not in seen and name in entry.fields:
            seen.add(name)
            line = block.line + bib.text.count("\n", block.start, block.start + span.start)
            yield Field(name, entry.fields[name], Location(entry.location.path, line))


def each_field(library: Library, names: frozenset[str]) -> Iterator[tuple[Entry, Field]]:
    """Every non-empty own field called one of `names`, entry by entry, in file order."""
    for entry in library.entries:
        if names.isdisjoint(entry.fields):
            continue
        for field in own_fields(library, entry, names):
            if field.value.strip():
                yield entry, field


def unbraced(value: str) -> str:
    """`value` without braces (escaped ones kept), for checks of plain identifiers."""
    from ..latex import strip_braces

    return strip_braces(value).strip()
