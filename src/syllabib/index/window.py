"""Editing a few entries of a large library without reading it: a window onto their texts.

With a fresh index, the entries to edit are read at their indexed byte offsets (checked against
their stored hashes) into a small `Library` holding one window file per entry, whose text is
just that entry. The ordinary `Writer` edits the windows; `WindowWriter.commit` then splices
each edited window back into its file's bytes (the rest copied unchanged), writes the file
atomically, and brings the index and the parse cache up to date. Anything unusual (an entry
that is a crossref parent, a changed file, an entry with problems) returns None, and the
caller edits the whole library instead.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..bibfile import EntryBlock, ParsedFile
from ..bibtext import BibText
from ..cache import content_hash
from ..config import load_config
from ..document import BibFile, commit_edits
from ..errors import ConflictError, Location, UsageError
from ..library import Library
from ..model import Entry
from ..resolve import LazyFields, apply_crossref
from ..store import atomic_write, read_bytes
from ..writer import Writer
from .entries import Cut, cut_of, read_cut
from .rows import entry_digest
from .store import file_identity

if TYPE_CHECKING:
    from .store import Index


def open_window(index: Index, keys: list[str]) -> tuple[Library, dict[str, Cut]] | None:
    """A small library of the entries `keys`, cut from their files; None when unsafe."""
    cuts: dict[str, Cut] = {}
    if set(keys) & set(json.loads(index.meta("duplicates") or "[]")):
        return None  # the library refuses to edit a key used twice; let it say so
    for key in dict.fromkeys(keys):
        cut = cut_of(index, key)
        if cut is None or index.select("SELECT 1 FROM entries WHERE parent = ? LIMIT 1", [key]):
            return None  # unknown (let the library say so), or a parent whose children inherit
        cuts[key] = cut
    macros = json.loads(index.meta("macros") or "{}")
    library = Library(index.root, load_config(index.root), macros=macros)
    for cut in cuts.values():
        window = _window(index, cut)
        if window is None:
            return None
        bib, block = window
        fields: Any = LazyFields(bib.text, 0, block.fields, macros)
        if cut.parent:
            cut.parent_fields = _parent_fields(index, cut.parent, macros)
            if cut.parent_fields is not None:
                fields = apply_crossref(dict(fields), cut.parent_fields)
                library.crossrefs[cut.key] = cut.parent
        entry = Entry(cut.key, block.entry_type.lower(), fields, Location(cut.shown, cut.line))
        library.files.append(bib)
        library.entries.append(entry)
        library._by_key[cut.key] = entry
        library._blocks[cut.key] = (bib, block)
    return library, cuts


def _window(index: Index, cut: Cut) -> tuple[BibFile, EntryBlock] | None:
    """The entry's own text as a one-entry file, laid out with its real file's style."""
    read = read_cut(cut)
    if read is None:
        return None
    data, text, scanned = read
    block = EntryBlock(scanned.entry_type, scanned.key, 0, len(text), cut.line, scanned.fields)
    parsed = ParsedFile(cut.shown, [block], block_count=1)
    bib = BibFile(cut.path, BibText(text, False), parsed, content_hash(data))
    style = index.select("SELECT style FROM files WHERE path = ?", [str(cut.path)])
    if not style:
        return None
    bib.__dict__["style"] = pickle.loads(style[0][0])  # the file's, not this one entry's
    return bib, block


def _parent_fields(index: Index, key: str, macros: dict[str, str]) -> dict[str, str] | None:
    """The resolved fields of a crossref parent, read at its offsets."""
    cut = cut_of(index, key)
    window = _window(index, cut) if cut is not None else None
    if window is None:
        return None
    bib, block = window
    return dict(LazyFields(bib.text, 0, block.fields, macros))


class WindowWriter(Writer):
    """A `Writer` over windows: commit splices them back into their files and the index."""

    def __init__(self, library: Library, cuts: dict[str, Cut], index: Index) -> None:
        super().__init__(library)
        self.cuts = cuts
        self.index = index

    def append(self, bib: BibFile, key: str, text: str) -> None:
        """Adding entries needs the whole library (keys must stay unique)."""
        raise UsageError("internal: a window cannot add entries")

    def commit(self, cache: Any = None) -> list[Path]:
        """Validate each edited window, splice it into its file, write, update the index."""
        updated: dict[str, BibFile] = {}
        for path, bib in self._files.items():
            new = commit_edits(bib, list(self._edits.get(path, {}).values()), [])
            if [b.key for b in new.parsed.entries] != [b.key for b in bib.parsed.entries]:
                raise UsageError("internal: a window edit changed its entry's key")
            updated[bib.parsed.entries[0].key] = new
        by_file: dict[Path, list[tuple[Cut, BibFile]]] = {}
        for key, new in updated.items():
            if new.text != self.library._blocks[key][0].text:
                by_file.setdefault(self.cuts[key].path, []).append((self.cuts[key], new))
        for path, changes in by_file.items():
            self._splice_file(path, sorted(changes, key=lambda c: c[0].byte_start))
        return self.written

    def _splice_file(self, path: Path, changes: list[tuple[Cut, BibFile]]) -> None:
        """Write `path` with each change spliced in, then update its index rows.

        The lock keeps other syllabib processes out; a file changed in any way since the index
        found it as indexed (an editor, `git pull`) is not written: its other entries' rows would
        no longer be true.
        """
        before = self.index.checked.get(str(path)) or file_identity(path)
        data = read_bytes(path)
        for cut, _ in changes:
            if entry_digest(data[cut.byte_start:cut.byte_end]) != cut.digest:
                _conflict(cut)
        pieces, cursor = [], 0
        for cut, new in changes:
            pieces += [data[cursor:cut.byte_start], new.text.encode("utf-8")]
            cursor = cut.byte_end
        pieces.append(data[cursor:])
        result = b"".join(pieces)
        if file_identity(path) != before:  # written by someone else since it was checked
            _conflict(changes[0][0])
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:  # hashing and writing both release the GIL
            digest = pool.submit(content_hash, result)
            atomic_write(path, result)
        self.written.append(path)
        from .update import after_splice

        after_splice(self.index, self.library, path, changes, len(result), digest.result())


def _conflict(cut: Cut) -> None:
    raise ConflictError("the file changed on disk while syllabib was editing it",
                        Location(cut.shown, cut.line),
                        hint="nothing was written; run the command again")
