"""The index's tables, and the version that says when an old index must be rebuilt."""

from __future__ import annotations

FORMAT = 4  # bump when a table or what a column holds changes

TABLES = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY,      -- absolute path of a bib/*.bib file
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    digest TEXT NOT NULL,       -- blake2b of the bytes, as cache.content_hash
    bom INTEGER NOT NULL,       -- the file starts with a UTF-8 byte order mark
    style BLOB NOT NULL         -- pickled bibstyle.FileStyle: how new fields are laid out
);
CREATE TABLE entries (
    ord INTEGER PRIMARY KEY,    -- library order: files by name, entries in file order
    key TEXT NOT NULL UNIQUE,
    key_lower TEXT NOT NULL,
    type TEXT NOT NULL,
    year INTEGER,
    themes TEXT NOT NULL,       -- "\\n" + one theme per line + "\\n"
    authors TEXT NOT NULL,
    authors_folded TEXT NOT NULL,
    title TEXT NOT NULL,
    title_folded TEXT NOT NULL,
    annotated INTEGER NOT NULL,
    path TEXT NOT NULL,         -- the file, as in `files`
    shown_path TEXT NOT NULL,   -- the file as messages show it
    line INTEGER NOT NULL,
    byte_start INTEGER NOT NULL, -- where the entry was when the index was built ("base");
    byte_end INTEGER NOT NULL,   -- start + its current length; add `shifts` before it to
    char_start INTEGER NOT NULL, -- get where it is now (chars: in the decoded text, BOM
    char_end INTEGER NOT NULL,   -- excluded; `line` too is a base value)
    digest TEXT NOT NULL,       -- blake2b of the entry's bytes
    parent TEXT,                -- crossref parent key, if any
    listed TEXT NOT NULL        -- the line `list` prints when piped (services.indexed.tsv_line)
);
CREATE TABLE shifts (           -- one per entry edited in place since the index was built
    path TEXT NOT NULL,
    at INTEGER NOT NULL,        -- the edited entry's base byte_start: later entries moved
    bytes INTEGER NOT NULL, chars INTEGER NOT NULL, lines INTEGER NOT NULL
);
CREATE INDEX shifts_at ON shifts (path, at);
CREATE TABLE search (           -- apart from `entries`, so that listing never reads it
    ord INTEGER PRIMARY KEY,    -- the entry's
    folded TEXT NOT NULL        -- JSON {field: folded display text} of non-blank indexed fields
);
"""


def shifted(column: str, unit: str) -> str:
    """SQL for an entries column moved by the edits before it (unit: bytes, chars or lines)."""
    return (f"({column} + (SELECT coalesce(sum(s.{unit}), 0) FROM shifts s "
            f"WHERE s.path = entries.path AND s.at < entries.byte_start))")


# The fields whose folded text the index holds (what `field:word` and bare words search); a
# query reading another field (text or `has:`) is answered by loading the library instead.
INDEXED_FIELDS: frozenset[str] = frozenset({
    "title", "subtitle", "titleaddon", "shorttitle", "booktitle", "maintitle", "journal",
    "journaltitle", "abstract", "annotation", "annote", "author", "editor", "translator",
    "publisher", "institution", "school", "organization", "series", "keywords", "note", "doi",
    "howpublished", "address", "location", "year", "date",
})
