"""Choosing and ordering entries, and describing them as plain data."""

from __future__ import annotations

from typing import Any

from ..errors import UsageError
from ..library import Library
from ..listformat import SORTS
from ..model import Entry


def select(library: Library, query: str = "", sort: str | None = None) -> list[Entry]:
    """Entries matching `query`, sorted by `sort` (file order when None)."""
    entries = library.entries
    if query.strip():
        from ..query import compile_query

        compiled = compile_query(query)
        entries = [e for e in entries if compiled.matches(e)]
    return sort_entries(list(entries), sort)


def sort_entries(entries: list[Entry], sort: str | None) -> list[Entry]:
    """Sort by one of SORTS; ties keep file order."""
    if sort in (None, "file"):
        return entries
    if sort not in SORTS:
        raise UsageError(f"unknown sort '{sort}'", hint=f"use one of: {', '.join(SORTS)}")
    from ..textnorm import fold

    keys = {
        "key": lambda e: e.key.lower(),
        "year": lambda e: (e.year is None, e.year or 0),
        "year-desc": lambda e: (e.year is None, -(e.year or 0)),
        "author": lambda e: fold(e.summarize().authors),
        "title": lambda e: fold(e.summarize().title),
    }
    return sorted(entries, key=keys[sort])


def authors_short(entry: Entry) -> str:
    """'Ward & Keenan', 'Ward et al.' or the editors, for tables."""
    return entry.summarize().authors


def listing(library: Library, query: str = "", sort: str | None = None,
            limit: int | None = None) -> list[dict[str, Any]]:
    """The rows of `list`, through the display memo (a warm listing decodes no LaTeX)."""
    from ..memo import DisplayMemo

    memo = DisplayMemo(library)
    memo.recall()
    rows = [describe(e) for e in select(library, query, sort)[:limit]]
    memo.keep()
    return rows


def describe(entry: Entry, full: bool = False) -> dict[str, Any]:
    """An entry as JSON-ready data (`full` adds every field, LaTeX decoded)."""
    summary = entry.summarize()
    data: dict[str, Any] = {
        "key": entry.key,
        "type": entry.entry_type,
        "file": str(entry.location.path),
        "line": entry.location.line,
        "authors": summary.authors,
        "year": summary.year,
        "title": summary.title,
        "themes": list(summary.themes),
        "annotated": summary.annotated,
    }
    if full:
        data["fields"] = {name: entry.text(name) for name in entry.fields}
    return data
