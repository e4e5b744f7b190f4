"""A disposable memo of what `list` shows of each entry, so that a warm listing decodes no LaTeX.

An entry's `Summary` depends on its text, on the library's @string macros, on its crossref parent
and on the code that decodes it. Rows are keyed by a hash of the entry's text (and of its parent's)
in a table that holds for one set of macros and one version of that code. The hashes of a file's
entries are kept under the file's content hash, so an unchanged file is not hashed entry by entry.
A missing, corrupt or old memo is silently rebuilt; SYLLABIB_NO_CACHE=1 bypasses it.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

from .cache import dump_pickle, gc_paused, load_pickle, no_cache
from .document import BibFile
from .library import Library, state_dir
from .model import Entry, Summary

FORMAT = 1  # bump when Summary changes
MEMO_NAME = "display.pickle"
_CODE = ("latex", "names", "resolve", "themes", "model", "memo")  # the modules behind a Summary

Row = tuple  # a Summary as a plain tuple
_WIDTH = len(Summary._fields)


def _digest(data: bytes) -> bytes:
    """A 16-byte hash."""
    return hashlib.blake2b(data, digest_size=16).digest()


def code_stamp() -> tuple[tuple[str, int, int], ...]:
    """Size and modification time of each source file that computes a Summary."""
    here = Path(__file__).parent
    files = [here / f"{name}.py" for name in _CODE]
    spec = importlib.util.find_spec("pylatexenc")  # its decoder, in latex.py's slow path
    if spec is not None and spec.origin:
        files.append(Path(spec.origin))
    stamp = []
    for path in files:
        try:
            info = path.stat()
            stamp.append((path.name, info.st_size, info.st_mtime_ns))
        except OSError:
            stamp.append((path.name, -1, -1))
    return tuple(stamp)


def context_digest(macros: dict[str, str]) -> bytes:
    """What every row depends on besides the entries' texts: the macros and the code."""
    return _digest(repr((FORMAT, code_stamp(), sorted(macros.items()))).encode())


def text_digests(bib: BibFile) -> list[bytes]:
    """A hash of each entry's text as written, in file order."""
    text = bib.text
    return [_digest(text[b.start:b.end].encode()) for b in bib.parsed.entries]


class DisplayMemo:
    """The memo of one library: `recall` gives entries their stored summaries, `keep` stores."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.path = None if no_cache() else state_dir(library.root) / "cache" / MEMO_NAME
        self._texts: dict[str, list[bytes]] = {}  # file content hash -> text_digests
        self._rows: dict[bytes, Row] = {}
        self._keys: dict[str, bytes] = {}  # entry key -> row key, for entries that can be kept
        self._recalled = 0
        self._stale = False  # True when the stored text hashes are not those of the files

    def recall(self) -> int:
        """Give each entry its stored summary, if any; returns how many got one."""
        if self.path is None:
            return 0
        with gc_paused():
            self._load(context_digest(self.library.macros))
            self._keys = self._row_keys()
            for entry in self.library.entries:
                row = self._rows.get(self._keys.get(entry.key, b""))
                if entry.summary is None and type(row) is tuple and len(row) == _WIDTH:
                    entry.summary = Summary._make(row)
                    self._recalled += 1
        return self._recalled

    def keep(self) -> None:
        """Store the summaries computed since `recall`; rows of entries gone are dropped."""
        if self.path is None:
            return
        kept = [e for e in self.library.entries if e.summary is not None and e.key in self._keys]
        if len(kept) > self._recalled or self._stale:
            rows = {self._keys[e.key]: tuple(e.summary) for e in kept}
            dump_pickle(self.path, (FORMAT, context_digest(self.library.macros), self._texts, rows))

    def _load(self, context: bytes) -> None:
        """Read the stored table; rows made under another context are left out."""
        stored = load_pickle(self.path)
        try:
            version, stored_context, texts, rows = stored
            if version != FORMAT or not isinstance(texts, dict) or not isinstance(rows, dict):
                return
        except Exception:  # missing, corrupt or from another version: start afresh
            return
        self._texts = texts
        if stored_context == context:
            self._rows = rows

    def _row_keys(self) -> dict[str, bytes]:
        """The row key of every entry that can be kept."""
        texts: dict[str, bytes] = {}
        fresh: dict[str, list[bytes]] = {}
        for bib in self.library.files:
            digests = self._texts.get(bib.digest)
            if not isinstance(digests, list) or len(digests) != len(bib.parsed.entries):
                digests = text_digests(bib)
            fresh[bib.digest] = digests
            for block, digest in zip(bib.parsed.entries, digests):
                texts.setdefault(block.key, digest)  # the first block of a key is its entry
        self._stale = fresh != self._texts
        self._texts = fresh
        keys = {}
        for entry in self.library.entries:
            key = self._row_key(entry, texts)
            if key is not None:
                keys[entry.key] = key
        return keys

    def _row_key(self, entry: Entry, texts: dict[str, bytes]) -> bytes | None:
        """The entry's text hash, with its crossref parent's; None for a chain of crossrefs."""
        own = texts[entry.key]
        if entry.key not in self.library.crossrefs:
            return own
        parent = self.library.parent(entry)
        if parent is None:
            return _digest(own + b"(no parent)")
        if parent.key in self.library.crossrefs:
            return None
        return _digest(own + texts[parent.key])
