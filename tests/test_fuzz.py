"""Fuzzing the reader, bounded for CI (longer runs: `python bench/fuzz.py --minutes N`).

Random bytes, BibTeX-shaped token soup and mutated real files (tests/corpora: bits flipped, bytes
inserted, deleted, duplicated, files truncated) go through every reader (`tests/fuzzing.py`):
nothing but a SyllabibError may come out, and the file is never written. Below: the inputs the
fuzzer found, kept as regression tests.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from syllabib.bibfile import parse_text
from syllabib.library import load_library
from syllabib.writer import writing

from .fuzzing import CORPUS_FILES, OPS, SPECIAL, Mutation, mutate, read_everything, window

FUZZ = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_TOKENS = SPECIAL + [b"@article", b"@book(", b"key2020", b"title", b"author", b"Ann and Bob",
                     b"{\\\"o}", b"jan", b"1999", b"  ", b"\xc3\xa9", b"\xe6\x9d\xb1"]
_CORPUS = {path: path.read_bytes() for path in CORPUS_FILES}

mutation = st.builds(Mutation, st.sampled_from(OPS), st.floats(0, 1, exclude_max=True),
                     st.integers(0, 200), st.sampled_from(SPECIAL))


def check(data: bytes) -> None:
    with tempfile.TemporaryDirectory(prefix="syllabib-fuzz-") as tmp:
        read_everything(data, Path(tmp))


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    check(data)


@FUZZ
@given(st.lists(st.sampled_from(_TOKENS), max_size=120).map(b"".join))
def test_bibtex_shaped_token_soup(data: bytes) -> None:
    check(data)


@FUZZ
@given(st.sampled_from(sorted(_CORPUS)), st.floats(0, 1), st.lists(mutation, min_size=1,
                                                                   max_size=8))
def test_mutated_corpus_files(path: Path, at: float, mutations: list[Mutation]) -> None:
    check(mutate(window(_CORPUS[path], at), mutations))


def test_mutations_do_what_they_say() -> None:
    data = b"0123456789"
    assert mutate(data, [Mutation("flip", 0.0, 0, b"")]) == b"1123456789"
    assert mutate(data, [Mutation("insert", 0.5, 0, b"@")]) == b"01234@56789"
    assert mutate(data, [Mutation("delete", 0.5, 2, b"")]) == b"01234789"
    assert mutate(data, [Mutation("truncate", 0.3, 0, b"")]) == b"012"
    assert mutate(data, [Mutation("duplicate", 0.8, 1, b"")]) == b"012345678989"
    assert mutate(data, [Mutation("replace", 0.1, 0, b"{}")]) == b"0{}3456789"


def test_a_crash_in_the_reader_would_be_caught(monkeypatch) -> None:
    """The harness itself: an exception that is not a SyllabibError gets through."""
    monkeypatch.setattr("syllabib.bibfile.scan_block", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        check(b"@misc{k, title = {T}}\n")


# Found by the fuzzer: a '%' line ending an entry made the scanner read past the block
# (IndexError at the end of the file) or report a structural problem at the closing brace,
# which refused every edit to the whole file.
PERCENT_LAST = "@article{k,\n  title = {T},\n%  note = {old},\n}\n@misc{m, title = {M}}\n"


def test_percent_line_at_the_end_of_an_unclosed_block_is_not_a_crash() -> None:
    parsed = parse_text("@{,e={}t=h%\n", "x.bib")
    assert "unclosed-block" in {d.code for d in parsed.diagnostics()}


def test_percent_line_before_the_closing_brace_spoils_only_its_entry(make_library) -> None:
    parsed = parse_text(PERCENT_LAST, "x.bib")
    assert parsed.structurally_sound
    assert [d.code for d in parsed.diagnostics()] == ["commented-field"]
    assert [f.name for f in parsed.entries[0].fields] == ["title"]
    root = make_library({"x.bib": PERCENT_LAST})
    with writing(root) as writer:  # the other entry of the file may still be edited
        writer.set_field("m", "year", "2020")
    assert load_library(root, use_cache=False).get("m").fields["year"] == "2020"


def test_a_comma_just_after_an_unclosed_block_is_not_read_as_its_own() -> None:
    """Found by bench/fuzz.py: the scanner took the ',' after the block's end for the field's
    comma, then scanned from beyond the block (AttributeError)."""
    parsed = parse_text('@{,r=""e=""L="",\\=b,', "x.bib")
    codes = [d.code for d in parsed.diagnostics()]
    assert codes[0] == "unclosed-block" and "bad-field-name" in codes
    (entry,) = parsed.entries
    assert all(span.comma < entry.end - entry.start for span in entry.fields)
