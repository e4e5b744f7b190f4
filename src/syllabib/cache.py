"""A disposable cache of parsed files, keyed by the hash of their bytes.

The .bib files stay the only source of truth: a cache entry is used only when the file's
content hash matches, and a missing, corrupt or old cache is silently rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path

from .bibfile import ParsedFile

FORMAT = 2  # bump when ParsedFile or the scanner changes


def content_hash(data: bytes) -> str:
    """A short, fast hash of a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class ParseCache:
    """Parsed files stored as pickles under `folder`."""

    def __init__(self, folder: Path | None) -> None:
        disabled = os.environ.get("SYLLABIB_NO_CACHE") == "1"
        self.folder = None if disabled else folder

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
        try:
            with cached.open("rb") as handle:
                version, stored_digest, parsed = pickle.load(handle)
        except Exception:  # missing, truncated, from another version: rebuild
            return None
        if version != FORMAT or stored_digest != digest or not isinstance(parsed, ParsedFile):
            return None
        return parsed

    def put(self, path: Path, digest: str, parsed: ParsedFile) -> None:
        """Store a parse; failures are ignored (the cache is an optimisation)."""
        cached = self._file(path)
        if cached is None:
            return
        with contextlib.suppress(OSError):
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as handle:
                pickle.dump((FORMAT, digest, parsed), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cached)
