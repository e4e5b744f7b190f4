"""The checks of entries, in the order they run (themes and lists need more input: see services)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..errors import Diagnostic
from ..library import Library
from . import casing, identifiers, latexcheck, required, values

EntryCheck = Callable[[Library], Iterable[Diagnostic]]

ENTRY_CHECKS: tuple[EntryCheck, ...] = (
    required.missing_crossrefs,
    required.missing_fields,
    identifiers.bad_dois,
    identifiers.bad_isbns,
    identifiers.bad_issns,
    identifiers.bad_urls,
    values.bad_years,
    values.bad_dates,
    values.bad_pages,
    latexcheck.latex_errors,
    latexcheck.unknown_commands,
    casing.unprotected_acronyms,
    casing.unbraced_corporate_authors,
)


def check_entries(library: Library) -> Iterator[Diagnostic]:
    """Every diagnostic of every entry check."""
    for check in ENTRY_CHECKS:
        yield from check(library)
