"""Themes: used in keywords but not declared in bib/themes.toml, and declared but unused."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..catalogue import ThemeInfo
from ..errors import Diagnostic, Location
from ..library import Library
from ..model import Entry
from ..themes import under
from .codes import diagnostic


def undeclared_themes(library: Library, declared: Mapping[str, ThemeInfo],
                      catalogue: Path | str) -> Iterator[Diagnostic]:
    """`undeclared-theme`: one diagnostic per theme, at the first entry that uses it."""
    users: dict[str, list[Entry]] = {}
    for entry in library.entries:
        for theme in entry.themes:
            if theme not in declared:
                users.setdefault(theme, []).append(entry)
    for theme, entries in users.items():
        others = f" (and {len(entries) - 1} more)" if len(entries) > 1 else ""
        yield diagnostic("undeclared-theme", entries[0].location,
                         f"theme '{theme}' of '{entries[0].key}'{others} is not declared in "
                         f"{catalogue}", f'add [themes."{theme}"] with label = "…" to {catalogue}, '
                         "or fix the spelling in keywords")


def unused_themes(library: Library, declared: Mapping[str, ThemeInfo], catalogue: Path | str,
                  text: str) -> Iterator[Diagnostic]:
    """`unused-theme`: a declared theme that no entry carries, itself or below it."""
    used = {theme for entry in library.entries for theme in entry.themes}
    for slug in declared:
        if not any(under(theme, slug) for theme in used):
            yield diagnostic("unused-theme", Location(catalogue, header_line(text, slug)),
                             f"theme '{slug}' is declared but no entry uses it",
                             f"tag entries with `syllabib tag KEY +{slug}`, or remove its table")


def header_line(text: str, slug: str) -> int | None:
    """The line of the `[themes."slug"]` header in themes.toml text."""
    pattern = re.compile(r"^[ \t]*\[[ \t]*themes[ \t]*\.[ \t]*(?:\"" + re.escape(slug) + r"\"|'"
                         + re.escape(slug) + "'|" + re.escape(slug) + r")[ \t]*\]", re.MULTILINE)
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None
