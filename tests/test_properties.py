"""Property-based round trips over generated BibTeX (see tests/bibgen.py for what is generated).

For any well-formed file, in any layout, line endings, BOM or none, through the public services:
* it reads with no diagnostic and every key is found;
* a no-op write leaves it byte-identical;
* an edit (set, tag, annotate) changes only the bytes of its entry;
* changing a value and changing it back gives back the original bytes;
* adding a field and removing it again gives back the original bytes in the usual layout (one
  field per line, no trailing blanks, one kind of line ending); in other layouts the entry keeps
  its fields and values but the spacing may differ — the known cases are the strict xfails below.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from syllabib.bibfile import EntryBlock
from syllabib.bibtext import BOM
from syllabib.document import BibFile, commit_edits
from syllabib.library import Library, load_library
from syllabib.services.editing import annotate, set_fields, tag, unset_fields
from syllabib.writer import writing

from .bibgen import GeneratedFile, bib_file

PROPERTY = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
NEW_THEME = "generated/round-trip"
_TRAILING_BLANK = re.compile(r"[ \t]\r?\n")
_BARE_LF = re.compile(r"(?<!\r)\n")


@contextmanager
def library_of(data: bytes) -> Iterator[Path]:
    """A throwaway library whose only file holds `data`."""
    with tempfile.TemporaryDirectory(prefix="syllabib-prop-") as tmp:
        root = Path(tmp)
        (root / "bib").mkdir()
        (root / "bib" / "x.bib").write_bytes(data)
        yield root


def file_bytes(root: Path) -> bytes:
    return (root / "bib" / "x.bib").read_bytes()


def loaded(root: Path) -> Library:
    """The library, with the generator's promise checked: no diagnostic at all."""
    library = load_library(root)
    assert [str(d) for d in library.diagnostics] == []
    return library


def assert_only_entry_changed(before: bytes, after: bytes, library: Library, key: str) -> None:
    """Every byte before and after the entry `key` is as it was."""
    bib, block = library.locate(key)
    bom = BOM if before.startswith(BOM) else b""
    head, tail = bom + bib.text[:block.start].encode(), bib.text[block.end:].encode()
    assert after != before
    assert after.startswith(head), "bytes before the entry changed"
    assert after.endswith(tail), "bytes after the entry changed"
    assert len(after) >= len(head) + len(tail)


def fields_as_written(library: Library, key: str) -> list[tuple[str, str]]:
    bib, block = library.locate(key)
    return [(span.name, block.raw_value(bib.text, span)) for span in block.fields]


def usual_layout(bib: BibFile, block: EntryBlock) -> bool:
    """One field per line, no trailing blanks, one kind of line ending, a comma to insert after."""
    text, raw = bib.text, bib.text[block.start:block.end]
    own_lines = all(not text[text.rfind("\n", 0, block.start + f.start) + 1:
                             block.start + f.start].strip() for f in block.fields)
    mixed = "\r\n" in text and _BARE_LF.search(text) is not None
    comma = len(block.fields) >= 2 or (len(block.fields) == 1 and block.fields[0].comma >= 0)
    return "\n" in raw and own_lines and not mixed and comma and not _TRAILING_BLANK.search(raw)


def assert_added_and_removed(before: bytes, root: Path, library: Library, key: str) -> None:
    """Back to the original bytes in the usual layout; otherwise the same fields and values."""
    bib, block = library.locate(key)
    after = file_bytes(root)
    event(f"new field, {'usual' if usual_layout(bib, block) else 'other'} layout")
    if usual_layout(bib, block):
        assert after == before
    elif after != before:
        assert fields_as_written(loaded(root), key) == fields_as_written(library, key)
        bom = BOM if before.startswith(BOM) else b""
        assert after.startswith(bom + bib.text[:block.start].encode())
        assert after.endswith(bib.text[block.end:].encode())


def one_piece(library: Library, key: str, name: str) -> str | None:
    """The inner text of field `name` when it is one braced or quoted piece (so settable back)."""
    bib, block = library.locate(key)
    span = block.field(name)
    if span is None:
        return None
    raw = block.raw_value(bib.text, span)
    return raw[1:-1] if raw[:1] in '{"' and _closes_at_end(raw) else None


def delimiter(library: Library, key: str, name: str) -> str:
    """The first character of the value of field `name` as written."""
    bib, block = library.locate(key)
    return block.raw_value(bib.text, block.field(name))[:1]


def _closes_at_end(raw: str) -> bool:
    """True when the group that `raw` opens closes at its last character (no `#` after it)."""
    depth = 0
    for i, ch in enumerate(raw):
        depth += (ch == "{") - (ch == "}")
        if (raw[0] == "{" and depth == 0) or (raw[0] == '"' and i and ch == '"' and depth == 0):
            return i == len(raw) - 1
    return False


@PROPERTY
@given(bib_file())
def test_read_and_noop_write_are_byte_identical(generated: GeneratedFile) -> None:
    with library_of(generated.data) as root:
        library = loaded(root)
        assert [e.key for e in library.entries] == list(generated.keys)
        bib = library.files[0]
        assert bib.source.encode() == generated.data
        assert commit_edits(bib, [], []).source.encode() == generated.data
        with writing(root) as writer:
            assert not writer.pending
        assert file_bytes(root) == generated.data
        assert loaded(root).files[0].parsed.entries == bib.parsed.entries  # now from the cache


_field = st.sampled_from(["title", "note", "year", "x-extra", "NOTE", "doi", "pages"])
_new_value = st.sampled_from(["Changed", "A {Braced} Title", "Münster–Łódź", "2024",
                              "with \"quotes\" inside", "multi\nline"])


@PROPERTY
@given(bib_file(), st.data(), _field, _new_value)
def test_set_then_set_back_changes_only_the_entry(generated: GeneratedFile, data: st.DataObject,
                                                  name: str, value: str) -> None:
    key = data.draw(st.sampled_from(generated.keys), label="key")
    with library_of(generated.data) as root:
        library = loaded(root)
        existing = [span.name for span in library.locate(key)[1].fields]
        if existing and data.draw(st.booleans(), label="existing field"):
            name = data.draw(st.sampled_from(existing), label="field")
        old = one_piece(library, key, name)
        present = library.locate(key)[1].field(name) is not None
        if old == value or (present and old is None):
            event("skipped: same value, or a macro/`#` value")
            return  # nothing to change, or a macro/`#` value that `set` cannot write back
        set_fields(root, key, [f"{name}={value}"])
        assert_only_entry_changed(generated.data, file_bytes(root), library, key)
        assert one_piece(loaded(root), key, name) in (value, None)  # digits stay bare
        if present and delimiter(loaded(root), key, name) != delimiter(library, key, name):
            event("skipped: a quote in the value forced braces")  # so braces stay when set back
        elif present:
            event("value changed and changed back")
            with writing(root) as writer:  # `set` strips blanks; the writer takes the value as is
                writer.set_field(key, name, old)
            assert file_bytes(root) == generated.data
        else:
            unset_fields(root, key, [name])
            assert_added_and_removed(generated.data, root, library, key)


@PROPERTY
@given(bib_file(), st.data())
def test_tag_then_untag_changes_only_the_entry(generated: GeneratedFile,
                                               data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(generated.keys), label="key")
    with library_of(generated.data) as root:
        library = loaded(root)
        assert tag(root, [key], [NEW_THEME], []).changed == [key]
        assert_only_entry_changed(generated.data, file_bytes(root), library, key)
        assert NEW_THEME in loaded(root).get(key).themes
        assert tag(root, [key], [NEW_THEME], []).unchanged == [key]  # idempotent
        tag(root, [key], [], [NEW_THEME])
        if library.locate(key)[1].field("keywords") is not None:
            event("theme added to keywords and removed")
            assert file_bytes(root) == generated.data
        else:
            assert_added_and_removed(generated.data, root, library, key)


_prose = st.lists(st.sampled_from(["Read", "twice", "for", "week", "3:", "50%", "R&D", "café",
                                   "#1", "a_b", "{kept}", "“quoted”"]),
                  min_size=1, max_size=8).map(" ".join)


@PROPERTY
@given(bib_file(), st.data(), _prose)
def test_annotate_then_restore_changes_only_the_entry(generated: GeneratedFile,
                                                      data: st.DataObject, prose: str) -> None:
    key = data.draw(st.sampled_from(generated.keys), label="key")
    with library_of(generated.data) as root:
        library = loaded(root)
        present = library.locate(key)[1].field("annotation") is not None
        old = one_piece(library, key, "annotation")
        if present and old is None:
            event("skipped: a macro/`#` annotation")
            return  # a macro or `#` annotation cannot be written back as raw text
        annotate(root, key, prose)
        if file_bytes(root) == generated.data:  # that very annotation was there already
            assert old is not None
            return
        assert_only_entry_changed(generated.data, file_bytes(root), library, key)
        if present:
            event("annotation replaced and restored")
            with writing(root) as writer:  # `annotate` strips blanks; the writer keeps them
                writer.set_field(key, "annotation", old)
            assert file_bytes(root) == generated.data
        else:
            annotate(root, key, "")  # an empty annotation removes the field
            assert_added_and_removed(generated.data, root, library, key)


# Layouts where adding a field and removing it leave a trace, found by the properties above.
# bibedit.insert_field/delete_field are not inverse there; strict, so a fix shows up as XPASS.
ASYMMETRIC = {
    "no-fields": "@misc{k,}\n",
    "one-field-no-comma": "@misc{k,\n  title = {T}\n}\n",
    "one-line-trailing-comma": "@misc{k, title = {T},}\n",
    "one-line-no-comma": "@misc{k, title = {T}}\n",
    "trailing-blank-after-comma": "@misc{k,\n  title = {T},  \n  year = {2020}\n}\n",
    "mixed-line-endings": "@misc{k,\n  title = {T},\r\n}\n",
}


@pytest.mark.xfail(strict=True, reason="bibedit: insert_field and delete_field are not inverse "
                   "in this layout (a comma, blank or line ending is left behind)")
@pytest.mark.parametrize("layout", sorted(ASYMMETRIC))
def test_a_new_field_removed_again_gives_the_file_back(layout: str, make_library) -> None:
    data = ASYMMETRIC[layout].encode()
    root = make_library({"x.bib": data})
    set_fields(root, "k", ["note=N"])
    unset_fields(root, "k", ["note"])
    assert (root / "bib" / "x.bib").read_bytes() == data


def test_a_new_field_removed_again_in_the_usual_layout(make_library) -> None:
    """The control for the xfails: the same edit in the usual layout is exact."""
    data = b"@misc{k,\r\n  title = {T},\r\n  year = 2020\r\n}\r\n"
    root = make_library({"x.bib": data})
    set_fields(root, "k", ["note=N"])
    assert b"  note = {N},\r\n" in (root / "bib" / "x.bib").read_bytes()
    unset_fields(root, "k", ["note"])
    assert (root / "bib" / "x.bib").read_bytes() == data
