"""The file layer on real files: no-op writes, one-line edits, exact removals, CRLF and BOM."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from syllabib.bibedit import delete_entry
from syllabib.bibtext import BOM
from syllabib.document import commit_edits, verify_incremental
from syllabib.library import load_library
from syllabib.writer import writing

from .conftest import CORPUS_FILES, ENTRY_FILES, corpus_id

VARIANTS = ["lf", "crlf", "bom"]


def variant_bytes(path: Path, variant: str) -> bytes:
    data = path.read_bytes()
    if variant == "crlf":
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    elif variant == "bom":
        data = BOM + data
    return data


def middle_entry(root: Path) -> str:
    library = load_library(root, use_cache=False)
    bib = library.files[0]
    clean = [b for b in bib.parsed.entries if b.writable and b.fields]
    return clean[len(clean) // 2].key


@pytest.fixture(params=ENTRY_FILES, ids=corpus_id)
def corpus(request: pytest.FixtureRequest) -> Path:
    return request.param


@pytest.fixture(params=CORPUS_FILES, ids=corpus_id)
def any_corpus(request: pytest.FixtureRequest) -> Path:
    return request.param


@pytest.mark.parametrize("variant", VARIANTS)
def test_noop_write_is_byte_identical(any_corpus: Path, variant: str, make_library) -> None:
    data = variant_bytes(any_corpus, variant)
    root = make_library({"x.bib": data})
    library = load_library(root, use_cache=False)
    bib = library.files[0]
    assert bib.source.encode() == data
    assert commit_edits(bib, [], []).source.encode() == data
    with writing(root) as writer:
        assert not writer.pending
    assert (root / "bib" / "x.bib").read_bytes() == data


def diff(before: bytes, after: bytes) -> list[str]:
    old = before.decode("utf-8-sig").splitlines(keepends=True)
    new = after.decode("utf-8-sig").splitlines(keepends=True)
    return [line for line in difflib.unified_diff(old, new, n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("variant", VARIANTS)
def test_adding_a_field_adds_exactly_one_line(corpus: Path, variant: str, make_library) -> None:
    data = variant_bytes(corpus, variant)
    root = make_library({"x.bib": data})
    key = middle_entry(root)
    with writing(root) as writer:
        writer.set_field(key, "keywords-test", "communities/subculture")
    after = (root / "bib" / "x.bib").read_bytes()
    changed = diff(data, after)
    assert len(changed) == 1 and changed[0].startswith("+"), changed
    assert "communities/subculture" in changed[0]
    newline = b"\r\n" if variant == "crlf" else b"\n"
    assert after.count(newline) == data.count(newline) + 1
    assert after.startswith(BOM) == (variant == "bom")


def test_changing_a_value_changes_one_line_and_reverts(corpus: Path, make_library) -> None:
    data = corpus.read_bytes()
    root = make_library({"x.bib": data})
    key = middle_entry(root)
    library = load_library(root, use_cache=False)
    bib, block = library.locate(key)
    span = next(s for s in block.fields if "\n" not in block.raw_value(bib.text, s)
                and block.raw_value(bib.text, s)[:1] in '{"' and "#" not in block.raw_value(bib.text, s))
    old_value = block.raw_value(bib.text, span)
    with writing(root) as writer:
        writer.set_field(key, span.name, "Changed")
    changed = diff(data, (root / "bib" / "x.bib").read_bytes())
    assert len(changed) == 2 and changed[0][0] == "-" and changed[1][0] == "+"
    inner = old_value[1:-1]
    with writing(root) as writer:
        writer.set_field(key, span.name, inner)
    assert (root / "bib" / "x.bib").read_bytes() == data


def test_removing_an_entry_removes_exactly_its_lines(corpus: Path, make_library) -> None:
    data = corpus.read_bytes()
    root = make_library({"x.bib": data})
    key = middle_entry(root)
    library = load_library(root, use_cache=False)
    raw = library.raw(key)
    with writing(root) as writer:
        writer.delete_entry(key)
    bib, block = library.locate(key)
    cut = delete_entry(bib.text, block)
    removed = bib.text[cut.start:cut.end]
    assert (root / "bib" / "x.bib").read_bytes().decode() == bib.text[:cut.start] + bib.text[cut.end:]
    assert raw in removed and removed.replace(raw, "", 1).strip() == ""
    assert removed.count("\n") <= raw.count("\n") + 2  # its lines and one blank line
    assert key not in load_library(root, use_cache=False)


@pytest.mark.parametrize("corpus_file", [p for p in ENTRY_FILES if p.stat().st_size < 200_000],
                         ids=corpus_id)
def test_incremental_parse_equals_full_parse(corpus_file: Path, make_library) -> None:
    root = make_library({"x.bib": corpus_file})
    library = load_library(root, use_cache=False)
    bib = library.files[0]
    clean = [b for b in bib.parsed.entries if b.writable and b.fields]
    from syllabib.bibedit import delete_entry, insert_field
    from syllabib.document import EntryEdit

    edits = [EntryEdit(clean[0], [insert_field(bib.text, clean[0], "note", "a\nb", bib.style)]),
             EntryEdit(clean[-1], [delete_entry(bib.text, clean[-1])], delete=True)]
    new = commit_edits(bib, edits, ["@misc{added2026,\n  title = {Added}\n}"])
    assert verify_incremental(new)
