"""Reading commands answered from the index when the files are unchanged, else from the files.

`list` and `show` call these; they return what the library would give, byte for byte, and load
the library (rebuilding the index) whenever the index cannot vouch for the files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..listformat import SORTS, tsv_line

if TYPE_CHECKING:
    from ..library import Library
    from ..model import Entry

_ORDER = {
    None: "ord", "file": "ord", "key": "key_lower, ord",
    "year": "year IS NULL, year, ord", "year-desc": "year IS NULL, year DESC, ord",
    "author": "authors_folded, ord", "title": "title_folded, ord",
}
_LIST_COLUMNS = "key, type, shown_path, line, authors, year, title, themes, annotated"
@dataclass
class Snapshot:
    """A fresh index of the library, or the loaded library when there is no usable index."""

    index: Any = None  # syllabib.index.store.Index
    library: Library | None = None

    def close(self) -> None:
        """Close the index connection, if any."""
        if self.index is not None:
            self.index.close()


def snapshot(root: Path) -> Snapshot:
    """The index when every file is as indexed; otherwise the loaded library and the index
    rebuilt from it (None when it could not be written)."""
    from ..index.store import fresh_index, rebuild

    index = fresh_index(root)
    if index is not None:
        return Snapshot(index=index)
    library, index = rebuild(root)
    return Snapshot(index=index, library=library)


@dataclass
class Listing:
    """The rows of `list`, with what the note under them needs."""

    rows: list[dict[str, Any]]  # or, for `as_text`, one tab-separated line each
    total: int
    skipped: int
    unreadable: int


def list_rows(root: Path, query: str = "", sort: str | None = None,
              limit: int | None = None, as_text: bool = False) -> Listing:
    """The entries matching `query` as `describe` rows (or `tsv_line`s), sorted; indexed if it can."""
    from ..query import compile_query
    compiled = compile_query(query)
    if sort is not None and sort not in SORTS:
        from ..errors import UsageError

        raise UsageError(f"unknown sort '{sort}'", hint=f"use one of: {', '.join(SORTS)}")
    shot = snapshot(root)
    try:
        if shot.index is not None:
            from ..index.sql import answerable

            if answerable(compiled) and _searchable(root, shot, compiled):
                return _indexed_listing(shot.index, compiled, sort, limit, as_text)
        if shot.library is None:
            from ..library import load_library

            shot.library = load_library(root)
        found = _library_listing(shot.library, query, sort, limit)
        if as_text:
            found.rows = [tsv_line(row) for row in found.rows]
        return found
    finally:
        shot.close()


def _searchable(root: Path, shot: Snapshot, compiled: Any) -> bool:
    """True when the index holds the searchable text the query needs (stored now if missing)."""
    from ..index.sql import needs_search

    index = shot.index
    if not needs_search(compiled) or index.meta("search") == "ready":
        return True
    from ..config import state_dir
    from ..index.store import fill_search
    from ..library import load_library
    from ..store import library_lock

    with library_lock(state_dir(root)):  # no edit may change an entry while its text is stored
        if not index.is_fresh():
            return False
        fill_search(index, shot.library or load_library(root))
    return True


def _indexed_listing(index: Any, compiled: Any, sort: str | None, limit: int | None,
                     as_text: bool) -> Listing:
    from ..index.sql import condition

    where, params = condition(compiled.node)
    columns = "listed" if as_text else _LIST_COLUMNS
    if not as_text and index.select("SELECT 1 FROM shifts LIMIT 1", []):
        from ..index.schema import shifted

        columns = columns.replace("line", shifted("line", "lines"))
    sql = f"SELECT {columns} FROM entries WHERE {where} ORDER BY {_ORDER[sort]}"
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, max(limit, 0)]
    found = index.select(sql, params)
    if as_text:
        rows: list[Any] = [line for (line,) in found]
    else:
        rows = [{"key": key, "type": kind, "file": path, "line": line, "authors": authors,
                 "year": year, "title": title, "themes": themes.split("\n")[1:-1],
                 "annotated": bool(annotated)}
                for key, kind, path, line, authors, year, title, themes, annotated in found]
    return Listing(rows, int(index.meta("entries") or 0), int(index.meta("skipped") or 0),
                   int(index.meta("unreadable") or 0))


def _library_listing(library: Library, query: str, sort: str | None,
                     limit: int | None) -> Listing:
    from .selection import listing

    return Listing(listing(library, query, sort, limit), len(library.entries), library.skipped,
                   len(library.unreadable))


def shown_entry(root: Path, key: str) -> tuple[Entry, str] | None:
    """The entry `key` and its text as written, read at its indexed offsets; None if unsure."""
    shot = snapshot(root)
    try:
        if shot.index is None:
            return None
        return _entry_from_index(shot.index, key)
    finally:
        shot.close()


def _entry_from_index(index: Any, key: str, depth: int = 0) -> tuple[Entry, str] | None:
    """Build the entry from its bytes in the file, checked against the stored hash."""
    from ..errors import Location
    from ..index.entries import cut_of, read_cut
    from ..model import Entry
    from ..resolve import LazyFields, apply_crossref

    cut = cut_of(index, key) if depth <= 1 else None
    read = read_cut(cut) if cut is not None else None
    if cut is None or read is None:
        return None
    _, text, scanned = read
    macros = json.loads(index.meta("macros") or "{}")
    fields: Any = LazyFields(text, 0, scanned.fields, macros)
    if cut.parent:
        inherited = _entry_from_index(index, cut.parent, depth + 1)
        if inherited is not None:
            fields = apply_crossref(dict(fields), inherited[0].fields)
    return Entry(key, cut.entry_type, fields, Location(cut.shown, cut.line)), text
