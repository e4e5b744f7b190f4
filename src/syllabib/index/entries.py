"""One indexed entry read back from its file: where it is now, and its bytes, hash-checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..bibscan import Scanned, scan_block
from .rows import entry_digest
from .schema import shifted

if TYPE_CHECKING:
    from .store import Index


@dataclass
class Cut:
    """Where one indexed entry lies in its file now."""

    key: str
    ord: int
    path: Path
    shown: str
    byte_start: int  # where the entry is now
    byte_end: int
    char_start: int
    line: int
    digest: str
    parent: str | None
    entry_type: str
    base: tuple[int, int, int]  # its byte start, char start and line as the index stores them
    parent_fields: dict[str, str] | None = None  # the crossref parent's, when it has one


def cut_of(index: Index, key: str) -> Cut | None:
    """Where `key` is now, from its stored base position and the shifts before it."""
    moved = shifted("byte_start", "bytes")
    found = index.select(
        f"SELECT key, ord, path, shown_path, {moved}, {moved} + byte_end - byte_start, "
        f"{shifted('char_start', 'chars')}, {shifted('line', 'lines')}, digest, parent, type, "
        "byte_start, char_start, line FROM entries WHERE key = ?", [key])
    if not found:
        return None
    key, ord_, path, *rest, base_byte, base_char, base_line = found[0]
    return Cut(key, ord_, Path(path), *rest, (base_byte, base_char, base_line))


def read_cut(cut: Cut) -> tuple[bytes, str, Scanned] | None:
    """The entry's bytes, text and scan, or None unless they are exactly the indexed entry."""
    try:
        with open(cut.path, "rb") as handle:
            handle.seek(cut.byte_start)
            data = handle.read(cut.byte_end - cut.byte_start)
    except OSError:
        return None
    if entry_digest(data) != cut.digest:
        return None  # the bytes at the offsets are not the indexed entry: ask the library
    text = data.decode("utf-8")
    scanned = scan_block(text, 0, len(text))
    if scanned.kind != "entry" or scanned.key != cut.key or scanned.problems:
        return None
    return data, text, scanned
