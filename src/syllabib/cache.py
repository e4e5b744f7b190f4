"""A disposable cache of parsed files, keyed by the hash of their bytes.

The .bib files stay the only source of truth: a cache entry is used only when the file's
content hash matches, and a missing, corrupt or old cache is silently rebuilt. Blocks are stored
as plain tuples (`bibfile.pack`): pickling a NamedTuple costs a Python call per object.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .bibfile import ParsedFile, pack, unpack

FORMAT = 5  # bump when ParsedFile, its blocks or the scanner change


def content_hash(data: bytes) -> str:
    """A short, fast hash of a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def no_cache() -> bool:
    """True when SYLLABIB_NO_CACHE=1 turns every cache off."""
    return os.environ.get("SYLLABIB_NO_CACHE") == "1"


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector while many long-lived, acyclic objects are built."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_pickle(path: Path) -> Any:
    """The object pickled in `path`, or None when it is missing or unreadable."""
    try:
        with path.open("rb") as handle, gc_paused():
            return pickle.load(handle)
    except Exception:  # missing, truncated, from another version: rebuild
        return None


def dump_pickle(path: Path, data: Any) -> None:
    """Write `data` to `path` atomically; failures are ignored (caches are optimisations)."""
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as handle:
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:  # a full or read-only disk: no cache, and no half-written temporary file
        with contextlib.suppress(OSError):
            tmp.unlink()


class ParseCache:
    """Parsed files stored as pickles under `folder`."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = None if no_cache() else folder

    def _file(self, path: Path) -> Path | None:
        if self.folder is None:
            return None
        name = hashlib.blake2b(str(path.resolve()).encode(), digest_size=8).hexdigest()
        return self.folder / f"{name}.pickle"

    def get(self, path: Path, digest: str) -> ParsedFile | None:
        """The cached parse of `path` if it was made from bytes with this hash."""
        cached = self._file(path)
        if cached is None:
            return None
        stored = load_pickle(cached)
        try:
            version, stored_digest, flat = stored
            if version != FORMAT or stored_digest != digest:
                return None
            with gc_paused():
                return unpack(flat)
        except Exception:  # not what this version writes: rebuild
            return None

    def put(self, path: Path, digest: str, parsed: ParsedFile) -> None:
        """Store a parse; failures are ignored (the cache is an optimisation)."""
        cached = self._file(path)
        if cached is not None:
            dump_pickle(cached, (FORMAT, digest, pack(parsed)))
