"""Shared fixtures: the real-world corpora and throwaway libraries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CORPORA = Path(__file__).parent / "corpora"
CORPUS_FILES = sorted(CORPORA.rglob("*.bib"))


def corpus_id(path: Path) -> str:
    """A readable test id for a corpus file."""
    return str(path.relative_to(CORPORA))


@pytest.fixture
def make_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Build a library in a temporary folder from {filename: text or bytes} (or corpus paths)."""
    monkeypatch.delenv("SYLLABIB_LIBRARY", raising=False)

    def make(files: dict[str, str | bytes | Path]) -> Path:
        root = tmp_path / "lib"
        (root / "bib").mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            target = root / "bib" / name
            if isinstance(content, Path):
                shutil.copyfile(content, target)
            elif isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_bytes(content.encode("utf-8"))
        return root

    return make


def _has_entries(path: Path) -> bool:
    import re

    text = path.read_text(encoding="utf-8", errors="replace")
    return re.search(r"(?im)^@(?!string|comment|preamble)\w+\s*[{(]", text) is not None


ENTRY_FILES = [p for p in CORPUS_FILES if _has_entries(p)]  # the others hold only @string macros
