"""The index rows of a loaded library: what `list` shows and what queries read, per entry."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

from ..bibtext import BOM
from ..document import BibFile
from ..library import Library
from ..listformat import tsv_line
from ..model import Entry, Summary
from ..textnorm import fold
from .schema import INDEXED_FIELDS

Row = tuple  # the columns of `entries`, in table order


def entry_digest(data: bytes) -> str:
    """The hash of an entry's bytes, as stored and as checked before it is used."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def byte_spans(bib: BibFile) -> dict[str, tuple[int, int, str, int]]:
    """Key → (byte start, byte end, text, char start) of the first block of each key in `bib`."""
    text = bib.text
    base = len(BOM) if bib.source.bom else 0
    spans: dict[str, tuple[int, int, str, int]] = {}
    ascii_only = text.isascii()
    offset, cursor = base, 0
    for block in bib.parsed.entries:
        raw = text[block.start:block.end]
        if ascii_only:
            start = base + block.start
            end = start + len(raw)
        else:
            start = offset + len(text[cursor:block.start].encode("utf-8"))
            end = start + len(raw.encode("utf-8"))
            offset, cursor = end, block.end
        spans.setdefault(block.key, (start, end, raw, block.start))
    return spans


def folded_fields(entry: Entry) -> str:
    """JSON of the folded display text of the entry's non-blank indexed fields."""
    folded: dict[str, str] = {}
    for name in entry.fields:
        if name in INDEXED_FIELDS:
            value = entry.text(name)
            if value and value.strip():
                folded[name] = fold(value)
    return json.dumps(folded, ensure_ascii=False, separators=(",", ":"))


CHUNK = 8192  # entries whose rows are computed, written and dropped together (memory bound)


def library_rows(library: Library, search: bool = True,
                 known: dict[str, tuple] | None = None) -> Iterator[list[Row]]:
    """The rows of every entry, in chunks in library order, computed on the free cores.

    Without `search` the last column (the folded searchable text) is None: it is the slow part
    (LaTeX decoding of abstracts and notes) and only text queries need it (`search_rows`).
    Chunks keep the rows of a large library from being held all at once; the caller's work on
    a chunk (writing it) overlaps the computing of the next one by forked children.
    An entry whose digest is in `known` (see `store.known_summaries`) keeps that summary.
    """
    from ..progress import report
    from ..workers import chunked_ranges

    files = {bib.parsed.path: bib for bib in library.files}
    spans = {bib.parsed.path: byte_spans(bib) for bib in library.files}
    entries = library.entries

    def rows(lo: int, hi: int) -> list[Row]:
        found = []
        for ord_ in range(lo, hi):
            entry = entries[ord_]
            shown = str(entry.location.path)
            start, end, raw, char_start = spans[shown][entry.key]
            found.append(entry_row(ord_, entry, str(files[shown].path), shown,
                                   (start, end, char_start), raw,
                                   library.crossrefs.get(entry.key), search, known))
        return found

    total, done = len(entries), 0
    for chunk in chunked_ranges(rows, total, CHUNK):
        yield chunk
        done += len(chunk)
        if total > CHUNK:
            report(f"indexing {total} entries", done, total)


def search_rows(library: Library) -> list[tuple[int, str]]:
    """(ord, folded searchable text) of every entry, computed on the free cores."""
    from ..workers import map_ranges

    entries = library.entries
    return map_ranges(lambda lo, hi: [(i, folded_fields(entries[i])) for i in range(lo, hi)],
                      len(entries))


def entry_row(ord_: int, entry: Entry, path: str, shown: str, span: tuple[int, int, int],
              raw: str, parent: str | None, search: bool = True,
              known: dict[str, tuple] | None = None) -> Row:
    """The row of one entry whose text as written is `raw` at (byte start, byte end, char start);
    its summary is taken from `known` (by digest) when there, and it has no crossref parent."""
    byte_start, byte_end, char_start = span
    digest = entry_digest(raw.encode("utf-8"))
    if known and parent is None and entry.summary is None and digest in known:
        authors, year, title, stored_themes, annotated = known[digest]
        entry.summary = Summary(authors, year, title, tuple(stored_themes.split("\n")[1:-1]),
                                bool(annotated))
    summary = entry.summarize()
    themes = "\n" + "".join(t + "\n" for t in summary.themes)
    listed = tsv_line({"key": entry.key, "authors": summary.authors, "year": summary.year,
                       "title": summary.title, "themes": summary.themes,
                       "annotated": summary.annotated})
    return (ord_, entry.key, entry.key.lower(), entry.entry_type, summary.year, themes,
            summary.authors, fold(summary.authors), summary.title, fold(summary.title),
            int(summary.annotated), path, shown, entry.location.line or 0, byte_start, byte_end,
            char_start, char_start + len(raw), digest, parent, listed,
            folded_fields(entry) if search else None)
