"""A disposable cache of rendered bibliographies, keyed by the items, style, locale and engine."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
from importlib.metadata import version
from pathlib import Path
from typing import Any

from .model import Bibliography

FORMAT = 1  # bump when Bibliography or the engine's output changes
KEEP = 256  # rendered bibliographies kept; the least recently written go first


def code_stamp() -> list[tuple[str, int, int]]:
    """Size and modification time of syllabib's mapping and engine code (an edit there, or an
    upgrade, must not serve bibliographies rendered by the old code)."""
    package = Path(__file__).resolve().parent.parent
    files = sorted([*package.glob("csl/*.py"), *package.glob("render/*.py"), package / "latex.py",
                    package / "names.py"])
    return [(path.name, path.stat().st_size, path.stat().st_mtime_ns) for path in files]


def render_key(items: list[dict[str, Any]], style_path: Path, locale: str, **options: Any) -> str:
    """A hash of everything that decides the rendered output."""
    stat = style_path.stat()
    blob = json.dumps([FORMAT, version("citeproc-py"), code_stamp(), str(style_path),
                       stat.st_size, stat.st_mtime_ns, locale, options, items], sort_keys=True,
                      ensure_ascii=False, default=str)
    return hashlib.blake2b(blob.encode(), digest_size=20).hexdigest()


class RenderCache:
    """Bibliographies stored as pickles under `folder` (None, or SYLLABIB_NO_CACHE=1: off)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = None if os.environ.get("SYLLABIB_NO_CACHE") == "1" else folder

    def get(self, key: str) -> Bibliography | None:
        """The stored bibliography for `key`, if any and readable."""
        if self.folder is None:
            return None
        try:
            with (self.folder / f"{key}.pickle").open("rb") as handle:
                found = pickle.load(handle)
        except Exception:  # missing, truncated or from another version: render again
            return None
        return found if isinstance(found, Bibliography) else None

    def put(self, key: str, bib: Bibliography) -> None:
        """Store a bibliography; failures are ignored (the cache is an optimisation)."""
        if self.folder is None:
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f"{key}.{os.getpid()}.tmp"
            tmp.write_bytes(pickle.dumps(bib, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, self.folder / f"{key}.pickle")
            self._prune()

    def _prune(self) -> None:
        """Keep the cache folder bounded: delete all but the KEEP newest files."""
        assert self.folder is not None
        files = sorted(self.folder.glob("*.pickle"), key=lambda p: (p.stat().st_mtime_ns, p.name))
        for old in files[:-KEEP]:
            with contextlib.suppress(OSError):
                old.unlink()
