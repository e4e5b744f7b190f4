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


def own_fields(library: Library, entry: Entry) -> dict[str, Field]:
    """The fields written in `entry` itself, by lower-case name (first one of a repeated name)."""
    bib, block = library.locate(entry.key)
    found: dict[str, Field] = {}
    line, cursor = block.line, block.start
    for span in block.fields:
        at = block.start + span.start
        line += bib.text.count("\n", cursor, at)
        cursor = at
        name = span.name.lower()
        if name not in found and name in entry.fields:
            found[name] = Field(name, entry.fields[name], Location(entry.location.path, line))
    return found


def each_field(library: Library, names: frozenset[str]) -> Iterator[tuple[Entry, Field]]:
    """Every own field called one of `names`, entry by entry, in file order."""
    for entry in library.entries:
        if not names.intersection(entry.fields):
            continue
        for name, field in own_fields(library, entry).items():
            if name in names and field.value.strip():
                yield entry, field


def unbraced(value: str) -> str:
    """`value` without braces (escaped ones kept), for checks of plain identifiers."""
    from ..latex import strip_braces

    return strip_braces(value).strip()
