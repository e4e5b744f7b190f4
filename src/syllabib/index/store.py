"""Opening, checking, rebuilding and reading the SQLite index of a library."""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import state_dir
from .schema import FORMAT, TABLES

if TYPE_CHECKING:
    from ..library import Library

INDEX_NAME = "index.sqlite"
_MODULES = ("latex", "names", "resolve", "themes", "model", "textnorm", "bibscan", "bibfile",
            "library", "query", "listformat", "index/rows", "index/schema", "index/sql",
            "index/store", "index/update")
def index_path(root: Path) -> Path:
    """Where the index of the library at `root` lives."""
    return state_dir(root) / INDEX_NAME


def code_stamp() -> str:
    """Size and modification time of the modules that decide what the index holds."""
    here = Path(__file__).resolve().parent.parent
    parts = []
    for name in _MODULES:
        try:
            info = (here / f"{name}.py").stat()
            parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:-")
    return f"{FORMAT};" + ";".join(parts)


@dataclass(frozen=True, slots=True)
class Stamp:
    """What the index knows of one .bib file."""

    size: int
    mtime_ns: int
    digest: str


def file_digest(path: Path) -> str:
    """The file's content hash (as `cache.content_hash` of its bytes), read in chunks."""
    import hashlib

    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=16)).hexdigest()


def file_identity(path: Path) -> tuple[int, ...]:
    """Inode, size, modification and change times: what any write or `touch` of the file changes
    (the change time cannot be set back); () when it cannot be read."""
    try:
        info = path.stat()
    except OSError:
        return ()
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def bib_files(root: Path) -> list[Path]:
    """The library's .bib files, as `load_library` reads them."""
    return sorted((root / "bib").glob("*.bib"))


class Index:
    """An open index; `None`-returning lookups mean "ask the library instead"."""

    def __init__(self, conn: sqlite3.Connection, root: Path) -> None:
        self.conn = conn
        self.root = root
        self.checked: dict[str, tuple[int, ...]] = {}  # path → identity when found as indexed
        from .sql import register_functions

        register_functions(conn)

    def meta(self, name: str) -> str | None:
        """A stored value of the `meta` table."""
        row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def stamps(self) -> dict[str, Stamp]:
        """Path → stamp of every indexed file."""
        rows = self.conn.execute("SELECT path, size, mtime_ns, digest FROM files")
        return {path: Stamp(*rest) for path, *rest in rows}

    def is_fresh(self) -> bool:
        """True when every .bib file is exactly as indexed: same names, sizes and bytes.

        The bytes are hashed every time (about 40 ms for 42 MB): a size and modification time
        can stay the same across an edit (a copy keeping times, a coarse clock), a hash cannot.
        Each file's identity when its hash was taken is kept in `checked`: a write that splices
        into the file must find it unchanged since.
        """
        stored = self.stamps()
        current = bib_files(self.root)
        if sorted(stored) != sorted(str(p) for p in current):
            return False
        for path in current:
            stamp = stored[str(path)]
            identity = file_identity(path)
            try:
                if identity[1:2] != (stamp.size,) or file_digest(path) != stamp.digest:
                    return False
            except OSError:
                return False
            if file_identity(path) != identity:  # written while it was hashed
                return False
            self.checked[str(path)] = identity
        return True

    def select(self, sql: str, params: list[Any]) -> list[tuple]:
        """Rows of a read query."""
        return self.conn.execute(sql, params).fetchall()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def open_index(root: Path) -> Index | None:
    """The library's index when it exists and was written by this version of the code."""
    path = index_path(root)
    if _disabled() or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        found = conn.execute("SELECT value FROM meta WHERE name = 'code'").fetchone()
    except sqlite3.Error:  # corrupt, locked or not an index: it will be rebuilt
        return None
    if not found or found[0] != code_stamp():
        conn.close()
        return None
    conn.close()
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA query_only = 0")
    except sqlite3.Error:
        return None
    return Index(conn, root)


def known_summaries(index: Index, macros: dict[str, str]) -> dict[str, tuple]:
    """Entry digest → (authors, year, title, themes, annotated) of the index's entries without a
    crossref parent, if it was built with these macros (else nothing is known)."""
    try:
        if index.meta("macros") != json.dumps(macros, ensure_ascii=False):
            return {}
        found = index.select("SELECT digest, authors, year, title, themes, annotated "
                             "FROM entries WHERE parent IS NULL", [])
    except sqlite3.Error:
        return {}
    return {digest: rest for digest, *rest in found}


def write_index(library: Library, stamps: dict[str, Stamp], search: bool = False,
                known: dict[str, tuple] | None = None) -> Path | None:
    """Write a new index of `library` next to the old one and swap it in; None if impossible.

    The searchable text is left for the first query that needs it (`fill_search`) unless
    `search`: a first `list` of a large library should not pay for decoding every abstract.
    `known` are summaries by entry digest (`known_summaries` of the old index): not recomputed.
    """
    if _disabled():
        return None
    from .rows import library_rows

    target = index_path(library.root)
    tmp = target.with_name(f"{INDEX_NAME}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.executescript(TABLES)
            conn.execute("BEGIN")
            for rows in library_rows(library, search, known or {}):
                conn.executemany(_INSERT_ENTRY, (row[:-1] for row in rows))
                if search:
                    conn.executemany("INSERT INTO search VALUES (?, ?)",
                                     ((r[0], r[-1]) for r in rows))
            styles = {str(bib.path): (int(bib.source.bom), pickle.dumps(bib.style))
                      for bib in library.files}
            conn.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)",
                             [(p, s.size, s.mtime_ns, s.digest, *styles[p])
                              for p, s in stamps.items()])
            meta = {**_meta(library), "search": "ready" if search else "pending"}
            conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            conn.execute("COMMIT")
        finally:
            conn.close()
        os.replace(tmp, target)
        return target
    except (OSError, sqlite3.Error):  # a read-only disk, a full disk: work without an index
        with contextlib.suppress(OSError):
            tmp.unlink()
        return None


def fill_search(index: Index, library: Library) -> None:
    """Store the searchable text of every entry of `library` (the index's own, checked fresh)."""
    from .rows import search_rows

    rows = search_rows(library)
    conn = index.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM search")
        conn.executemany("INSERT INTO search VALUES (?, ?)", rows)
        conn.execute("UPDATE meta SET value = 'ready' WHERE name = 'search'")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


_INSERT_ENTRY = "INSERT INTO entries VALUES (" + ",".join("?" * 21) + ")"


def _disabled() -> bool:
    """True when SYLLABIB_NO_CACHE=1 (every cache) or SYLLABIB_NO_INDEX=1 turns the index off."""
    return "1" in (os.environ.get("SYLLABIB_NO_CACHE"), os.environ.get("SYLLABIB_NO_INDEX"))


def _meta(library: Library) -> dict[str, str]:
    """Library-wide values: the code stamp, the macros, and what was skipped."""
    return {
        "code": code_stamp(),
        "macros": json.dumps(library.macros, ensure_ascii=False),
        "skipped": str(library.skipped),
        "unreadable": str(len(library.unreadable)),
        "entries": str(len(library.entries)),
        "duplicates": json.dumps(sorted(library.duplicate_keys)),
    }


def stamp_files(library: Library, started_ns: int) -> dict[str, Stamp] | None:
    """The stamps of the library's files as loaded; None when a file changed meanwhile."""
    stamps = {}
    for bib in library.files:
        try:
            info = bib.path.stat()
        except OSError:
            return None
        if info.st_mtime_ns >= started_ns:  # written while we read it: do not vouch for it
            return None
        stamps[str(bib.path)] = Stamp(info.st_size, info.st_mtime_ns, bib.digest)
    if sorted(stamps) != sorted(str(p) for p in bib_files(library.root)):
        return None
    return stamps


def fresh_index(root: Path) -> Index | None:
    """The library's index if every file is exactly as indexed, else None."""
    index = open_index(root)
    if index is None:
        return None
    try:
        if index.is_fresh():
            return index
    except Exception:  # an unreadable index is only a missed shortcut
        pass
    index.close()
    return None


def rebuild(root: Path) -> tuple[Library, Index | None]:
    """The library read from its files, and its index written anew (None when it cannot be).

    Entries whose text (and the @string macros) did not change since the old index keep their
    listing columns (`known_summaries`) instead of being decoded again.
    """
    import time

    from ..library import load_library

    old = open_index(root)
    started = time.time_ns()
    library = load_library(root)
    known: dict[str, tuple] = {}
    if old is not None:
        known = known_summaries(old, library.macros)
        old.close()
    stamps = stamp_files(library, started)
    written = write_index(library, stamps, known=known) if stamps is not None else None
    return library, open_index(root) if written else None
