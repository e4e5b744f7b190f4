"""The index's tables, and the version that says when an old index must be rebuilt."""

from __future__ import annotations

FORMAT = 1  # bump when a table or what a column holds changes

TABLES = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY,      -- absolute path of a bib/*.bib file
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    digest TEXT NOT NULL,       -- blake2b of the bytes, as cache.content_hash
    checked_ns INTEGER NOT NULL -- when the digest was last verified against the bytes
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
    byte_start INTEGER NOT NULL,
    byte_end INTEGER NOT NULL,
    digest TEXT NOT NULL,       -- blake2b of the entry's bytes
    parent TEXT,                -- crossref parent key, if any
    listed TEXT NOT NULL        -- the line `list` prints when piped (services.indexed.tsv_line)
);
CREATE TABLE search (           -- apart from `entries`, so that listing never reads it
    ord INTEGER PRIMARY KEY,    -- the entry's
    folded TEXT NOT NULL        -- JSON {field: folded display text} of non-blank indexed fields
);
"""

# The fields whose folded text the index holds (what `field:word` and bare words search); a
# query reading another field (text or `has:`) is answered by loading the library instead.
INDEXED_FIELDS: frozenset[str] = frozenset({
    "title", "subtitle", "titleaddon", "shorttitle", "booktitle", "maintitle", "journal",
    "journaltitle", "abstract", "annotation", "annote", "author", "editor", "translator",
    "publisher", "institution", "school", "organization", "series", "keywords", "note", "doi",
    "howpublished", "address", "location", "year", "date",
})
