"""Reading commands answered from the index when the files are unchanged, else from the files.

`list` and `show` call these; they return what the library would give, byte for byte, and load
the library (rebuilding the index) whenever the index cannot vouch for the files.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Location
from ..library import Library, load_library
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
    """The index when every file is as indexed; otherwise the library, and a rebuilt index."""
    from ..index.store import open_index, stamp_files, write_index

    index = open_index(root)
    if index is not None:
        try:
            if index.is_fresh():
                return Snapshot(index=index)
        except Exception:  # an unreadable index is only a missed shortcut
            pass
        index.close()
    started = time.time_ns()
    library = load_library(root)
    from ..memo import DisplayMemo

    memo = DisplayMemo(library)
    memo.recall()
    stamps = stamp_files(library, started)
    if stamps is not None:
        write_index(library, stamps)
    memo.keep()
    return Snapshot(library=library)


@dataclass
class Listing:
    """The rows of `list`, with what the note under them needs."""

    rows: list[dict[str, Any]]
    total: int
    skipped: int
    unreadable: int


def list_rows(root: Path, query: str = "", sort: str | None = None,
              limit: int | None = None) -> Listing:
    """The entries matching `query` as `describe` rows, sorted, from the index when it can."""
    from ..query import compile_query
    from .selection import SORTS

    compiled = compile_query(query)
    if sort is not None and sort not in SORTS:
        from .selection import sort_entries

        sort_entries([], sort)  # raises the usage error
    shot = snapshot(root)
    try:
        if shot.index is not None:
            from ..index.sql import answerable

            if answerable(compiled):
                return _indexed_listing(shot.index, compiled, sort, limit)
            shot.close()
            shot = Snapshot(library=load_library(root))
        return _library_listing(shot.library, query, sort, limit)
    finally:
        shot.close()


def _indexed_listing(index: Any, compiled: Any, sort: str | None, limit: int | None) -> Listing:
    from ..index.sql import condition

    where, params = condition(compiled.node)
    sql = f"SELECT {_LIST_COLUMNS} FROM entries WHERE {where} ORDER BY {_ORDER[sort]}"
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, max(limit, 0)]
    rows = [{"key": key, "type": kind, "file": path, "line": line, "authors": authors,
             "year": year, "title": title, "themes": themes.split("\n")[1:-1],
             "annotated": bool(annotated)}
            for key, kind, path, line, authors, year, title, themes, annotated
            in index.select(sql, params)]
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
    from ..bibscan import scan_block
    from ..index.rows import entry_digest
    from ..resolve import LazyFields, apply_crossref

    found = index.select("SELECT path, shown_path, line, byte_start, byte_end, digest, parent, "
                         "type FROM entries WHERE key = ?", [key])
    if not found or depth > 1:
        return None
    path, shown, line, start, end, digest, parent, kind = found[0]
    try:
        with open(path, "rb") as handle:
            handle.seek(start)
            data = handle.read(end - start)
    except OSError:
        return None
    if entry_digest(data) != digest:
        return None  # the bytes at the offsets are not the indexed entry: ask the library
    text = data.decode("utf-8")
    scanned = scan_block(text, 0, len(text))
    macros = json.loads(index.meta("macros") or "{}")
    fields: Any = LazyFields(text, 0, scanned.fields, macros)
    if parent:
        inherited = _entry_from_index(index, parent, depth + 1)
        if inherited is not None:
            fields = apply_crossref(dict(fields), inherited[0].fields)
    return Entry(key, kind, fields, Location(shown, line)), text
