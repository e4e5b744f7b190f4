"""Reading lists: files that do not validate, keys the library lacks, unannotated entries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from ..errors import Diagnostic, Location, SyllabibError
from ..model import Entry
from ..readinglists.model import ReadingList
from .codes import diagnostic, severity_of

# Codes of the reading-list selection (services.building) → check codes.
SELECTION_CODES = {"unknown-key": "list-unknown-key", "repeated-entry": "list-repeated-entry",
                   "unlisted-entry": "list-unlisted-entry"}


def invalid_list(error: SyllabibError, path: str) -> Iterator[Diagnostic]:
    """`list-invalid`: every problem of a list file that does not load."""
    found = error.diagnostics or (Diagnostic(error.location or Location(path), "list-invalid",
                                             error.message, error.hint),)
    for d in found:
        yield diagnostic("list-invalid", d.location, d.message, d.hint)


def selection_problems(problems: Sequence[Diagnostic]) -> Iterator[Diagnostic]:
    """The selection's problems under their check codes (`list-unknown-key` …)."""
    for d in problems:
        code = SELECTION_CODES.get(d.code, "list-invalid")
        yield replace(d, code=code, severity=severity_of(code))


def unannotated(reading_list: ReadingList, sections: Sequence[Sequence[Entry]],
                where: str) -> Iterator[Diagnostic]:
    """`unannotated-in-list`: an entry an annotated list prints without an annotation."""
    if not reading_list.annotated:
        return
    seen: set[str] = set()
    for section, entries in zip(reading_list.sections, sections):
        for entry in entries:
            extras = section.extras.get(entry.key)
            if entry.key in seen or entry.annotation or (extras and extras.annotation):
                continue
            seen.add(entry.key)
            yield diagnostic("unannotated-in-list", entry.location,
                             f"'{entry.key}' has no annotation, but the annotated list {where} "
                             f"prints it (section '{section.heading}')",
                             f"write one with `syllabib annotate {entry.key}`, or give the list an "
                             f"annotation in [sections.entries.{entry.key}]")
