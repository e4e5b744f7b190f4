"""The fuzz target and input mutations, shared by tests/test_fuzz.py and bench/fuzz.py.

The target is everything that reads a .bib file: bytes → text (`decode`), the block splitter and
scanner (`parse_text`), the library (`load_library`: macros, crossref, duplicate keys) and what a
listing reads of each entry. Whatever the bytes, it may raise only a `SyllabibError`, and it must
never write to the library's files.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from syllabib.bibfile import parse_text
from syllabib.bibtext import decode
from syllabib.errors import SyllabibError
from syllabib.library import load_library

CORPORA = Path(__file__).parent / "corpora"
CORPUS_FILES = sorted(CORPORA.rglob("*.bib"))
# Bytes that matter to a BibTeX reader, for insertions and replacements.
SPECIAL = [b"{", b"}", b"@", b'"', b",", b"=", b"#", b"%", b"(", b")", b"\\", b"\n", b"\r\n",
           b"\r", b" ", b"\t", b"\x00", b"\xff", b"\xc3", b"\xef\xbb\xbf", b"@string{", b"@comment",
           b"@preamble{", b"@article{k,", b"crossref = {", b"keywords = {", b"\xe2\x80\x94"]
OPS = ("flip", "insert", "delete", "truncate", "duplicate", "replace")
WINDOW = 6000  # bytes of a corpus file a mutation works on (big files make slow examples)

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its warnings are not results


class Mutation(NamedTuple):
    """One change to a byte string: where (a fraction of its length), what, with which bytes."""

    op: str
    at: float  # 0 <= at < 1
    size: int  # bytes deleted/duplicated, or the bit flipped
    payload: bytes  # inserted or replacing bytes


def mutate(data: bytes, mutations: Sequence[Mutation]) -> bytes:
    """`data` after every mutation, in order."""
    out = bytearray(data)
    for m in mutations:
        i = int(m.at * len(out))
        if m.op == "flip" and out:
            i = min(i, len(out) - 1)
            out[i] ^= 1 << (m.size % 8)
        elif m.op == "insert":
            out[i:i] = m.payload
        elif m.op == "delete":
            del out[i:i + m.size]
        elif m.op == "truncate":
            del out[i:]
        elif m.op == "duplicate":
            out[i:i] = out[i:i + m.size * 10]
        elif m.op == "replace":
            out[i:i + len(m.payload)] = m.payload
    return bytes(out)


def window(data: bytes, at: float) -> bytes:
    """At most WINDOW bytes of `data`, starting at the line start nearest to fraction `at`."""
    if len(data) <= WINDOW:
        return data
    start = data.rfind(b"\n", 0, int(at * (len(data) - WINDOW))) + 1
    return data[start:start + WINDOW]


def read_everything(data: bytes, root: Path) -> None:
    """Run every reader on `data`: only a SyllabibError may come out, and nothing is written.

    `root` must be an empty folder; the file is written to `root/bib/x.bib`.
    """
    try:
        text = decode(data, "x.bib").text
    except SyllabibError:
        text = None
    if text is not None:
        parsed = parse_text(text, "x.bib")
        parsed.diagnostics()
    bib = root / "bib"
    bib.mkdir(exist_ok=True)
    path = bib / "x.bib"
    path.write_bytes(data)
    before = sorted(p.name for p in bib.iterdir())
    try:
        library = load_library(root, use_cache=False)
        for entry in library.entries:
            dict(entry.fields)
            entry.summarize()
            library.parent(entry)
        library.diagnostics.sort(key=lambda d: (str(d.location.path), d.location.line or 0))
    except SyllabibError:
        pass
    finally:
        assert path.read_bytes() == data, "the reader changed the file"
        assert sorted(p.name for p in bib.iterdir()) == before, "the reader wrote in bib/"
