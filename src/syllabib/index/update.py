"""Bringing the index up to date after entries were spliced into a file (see `window`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..document import BibFile
from ..errors import Location
from ..library import Library
from ..model import Entry
from ..resolve import LazyFields, apply_crossref
from .rows import entry_row

if TYPE_CHECKING:
    from .store import Index
    from .entries import Cut

_ROW_COLUMNS = ("ord, key, key_lower, type, year, themes, authors, authors_folded, title, "
                "title_folded, annotated, path, shown_path, line, byte_start, byte_end, "
                "char_start, char_end, digest, parent, listed")


def after_splice(index: Index, library: Library, path: Path, changes: list[tuple[Cut, BibFile]],
                 size: int, digest: str) -> None:
    """Shift the offsets after each change, recompute the changed rows, restamp the file (now
    `size` bytes hashing to `digest`)."""
    conn = index.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        for cut, new in reversed(changes):  # last first: earlier shifts then move later rows
            old = library._blocks[cut.key][0]
            _shift(conn, cut, new, old)
            row = _row(library, cut, new)
            placeholders = ", ".join("?" * (len(row) - 1))
            conn.execute(f"REPLACE INTO entries ({_ROW_COLUMNS}) VALUES ({placeholders})", row[:-1])
            conn.execute("REPLACE INTO search VALUES (?, ?)", (row[0], row[-1]))
        info = os.stat(path)
        conn.execute("UPDATE files SET size = ?, mtime_ns = ?, digest = ? WHERE path = ?",
                     (size, info.st_mtime_ns, digest, str(path)))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        _forget(index)  # the file is written; an index that cannot follow must go
        raise


def _shift(conn: Any, cut: Cut, new: BibFile, old: BibFile) -> None:
    """Record how far every later entry of the file moved (applied when offsets are read)."""
    delta_bytes = len(new.text.encode("utf-8")) - (cut.byte_end - cut.byte_start)
    delta_chars = len(new.text) - len(old.text)
    delta_lines = new.text.count("\n") - old.text.count("\n")
    if delta_bytes or delta_lines:
        conn.execute("INSERT INTO shifts VALUES (?, ?, ?, ?, ?)",
                     (str(cut.path), cut.base[0], delta_bytes, delta_chars, delta_lines))


def _row(library: Library, cut: Cut, new: BibFile) -> tuple:
    """The changed entry's new row."""
    block = new.parsed.entries[0]
    fields: Any = LazyFields(new.text, 0, block.fields, library.macros)
    if cut.parent_fields is not None:
        fields = apply_crossref(dict(fields), cut.parent_fields)
    entry = Entry(cut.key, block.entry_type.lower(), fields, Location(cut.shown, cut.base[2]))
    base_byte, base_char, _ = cut.base
    span = (base_byte, base_byte + len(new.text.encode("utf-8")), base_char)
    return entry_row(cut.ord, entry, str(cut.path), cut.shown, span, new.text, cut.parent)


def _forget(index: Index) -> None:
    """Delete the index file (it is rebuilt from the .bib files on the next read)."""
    from .store import index_path

    try:
        index.close()
        index_path(index.root).unlink()
    except OSError:
        pass
