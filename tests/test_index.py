"""The SQLite index: same answers as reading the files, always fresh, and disposable."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from syllabib.index.store import index_path, open_index
from syllabib.library import load_library
from syllabib.services.indexed import list_rows, shown_entry, snapshot
from syllabib.services.selection import describe, listing

CORPORA = Path(__file__).parent / "corpora"
OWN = Path(__file__).parent / "corpora-own" / "social-science.bib"
SORTS = [None, "key", "year", "year-desc", "author", "title"]


@pytest.fixture(scope="module")
def big_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of several real corpora (LaTeX, macros, crossrefs, non-ASCII, themes)."""
    root = tmp_path_factory.mktemp("indexed")
    (root / "bib").mkdir()
    for source in (CORPORA / "biblatex-examples.bib", CORPORA / "xampl.bib", OWN,
                   CORPORA / "tugboat.bib"):
        shutil.copyfile(source, root / "bib" / source.name)
    snapshot(root).close()  # build the index
    assert index_path(root).is_file()
    return root


def _by_library(root: Path, query: str, sort: str | None) -> list[dict]:
    return listing(load_library(root, use_cache=False), query, sort)


WORDS = ["knuth", "the", "child", "theory", "ä", "online", "sexual", "tex", "of", "a"]
FIELDS = ["title", "author", "journal", "abstract", "annotation", "keywords", "publisher",
          "booktitle", "editor", "note", "doi", "series", "date"]


def _terms() -> st.SearchStrategy[str]:
    word = st.sampled_from(WORDS)
    return st.one_of(
        word,
        st.builds(lambda f, w: f"{f}:{w}", st.sampled_from(FIELDS), word),
        st.builds(lambda t: f"theme:{t}", st.sampled_from(
            ["justifications", "offenders/characteristics", "theory", "nosuch"])),
        st.builds(lambda t: f"type:{t}", st.sampled_from(["article", "book", "misc"])),
        st.builds(lambda y, op: f"year{op}{y}", st.integers(1950, 2025),
                  st.sampled_from([":", ">=", "<", ">", "<="])),
        st.builds(lambda a, b: f"year:{a}..{b}", st.integers(1950, 1990), st.integers(1990, 2025)),
        st.builds(lambda k: f"key:{k}", st.sampled_from(["knuth", "ward*", "*:a", "2013"])),
        st.builds(lambda f: f"has:{f}", st.sampled_from(["doi", "annotation", "theme", "url"])),
    )


def _queries() -> st.SearchStrategy[str]:
    term = _terms()
    unary = st.one_of(term, st.builds(lambda t: f"-{t}", term))
    conj = st.lists(unary, min_size=1, max_size=3).map(" ".join)
    return st.one_of(conj, st.builds(lambda a, b: f"({a}) or {b}", conj, conj))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=_queries(), sort=st.sampled_from(SORTS))
def test_the_index_selects_and_orders_exactly_as_the_library(big_library: Path, query: str,
                                                             sort: str | None) -> None:
    assert list_rows(big_library, query, sort).rows == _by_library(big_library, query, sort)


def test_a_listing_comes_from_the_index_when_nothing_changed(big_library: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    list_rows(big_library, "child")  # the first text query stores the searchable text

    def refuse(*args, **kwargs):
        raise AssertionError("the library was loaded")

    monkeypatch.setattr("syllabib.library.load_library", refuse)
    found = list_rows(big_library, "theme:justifications year>=2010", "year")
    words = list_rows(big_library, "child has:doi -author:ward", "title")
    monkeypatch.undo()
    assert found.rows and all(r["year"] >= 2010 for r in found.rows)
    assert words.rows and found.total == len(load_library(big_library).entries)


def test_show_reads_the_entry_at_its_offsets(big_library: Path) -> None:
    library = load_library(big_library, use_cache=False)
    for entry in library.entries[::7]:
        found = shown_entry(big_library, entry.key)
        assert found is not None, entry.key
        shown, raw = found
        assert raw == library.raw(entry.key)
        assert describe(shown, full=True) == describe(entry, full=True)


def _library_copy(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    (root / "bib").mkdir(parents=True)
    shutil.copyfile(OWN, root / "bib" / "refs.bib")
    return root


def test_a_change_behind_the_tool_s_back_is_seen_at_once(tmp_path: Path) -> None:
    root = _library_copy(tmp_path)
    bib = root / "bib" / "refs.bib"
    before = list_rows(root, "author:krone").rows
    assert [r["key"] for r in before] == ["krone2004typology"]
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("author = {Krone, Tony}", "author = {Kzone, Tony}"),
                   encoding="utf-8")  # same size, written within the racy window
    assert list_rows(root, "author:krone").rows == []
    assert [r["key"] for r in list_rows(root, "author:kzone").rows] == ["krone2004typology"]


def test_a_same_size_edit_with_a_new_mtime_is_seen_long_after_indexing(tmp_path: Path) -> None:
    root = _library_copy(tmp_path)
    bib = root / "bib" / "refs.bib"
    old = time.time() - 3600
    os.utime(bib, (old, old))  # the file is old: the index will trust its stamp
    list_rows(root)
    text = bib.read_text(encoding="utf-8").replace("{Krone, Tony}", "{Kzone, Tony}")
    bib.write_text(text, encoding="utf-8")
    os.utime(bib, (old + 60, old + 60))  # an editor saving later, same size
    assert [r["key"] for r in list_rows(root, "author:kzone").rows] == ["krone2004typology"]


def test_added_and_removed_files_are_seen(tmp_path: Path) -> None:
    root = _library_copy(tmp_path)
    count = len(list_rows(root).rows)
    shutil.copyfile(CORPORA / "xampl.bib", root / "bib" / "xampl.bib")
    assert len(list_rows(root).rows) > count
    (root / "bib" / "xampl.bib").unlink()
    assert len(list_rows(root).rows) == count


@pytest.mark.parametrize("damage", ["garbage", "truncated", "old-version", "empty"])
def test_a_damaged_or_old_index_is_rebuilt_silently(tmp_path: Path, damage: str) -> None:
    root = _library_copy(tmp_path)
    expected = list_rows(root, "theory", "year").rows
    path = index_path(root)
    if damage == "garbage":
        path.write_bytes(b"not a database at all" * 100)
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:2048])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE meta SET value = 'format 0' WHERE name = 'code'")
    assert list_rows(root, "theory", "year").rows == expected
    assert open_index(root) is not None  # and it was written again


def test_stored_offsets_are_checked_before_they_are_used(tmp_path: Path) -> None:
    root = _library_copy(tmp_path)
    list_rows(root)
    with sqlite3.connect(index_path(root)) as conn:
        conn.execute("UPDATE entries SET byte_start = byte_start + 1 WHERE key = 'krone2004typology'")
    assert shown_entry(root, "krone2004typology") is None  # the bytes do not match: not trusted


def test_without_a_writable_state_folder_everything_still_works(tmp_path: Path) -> None:
    root = _library_copy(tmp_path)
    (root / ".syllabib").write_text("a file where the state folder should be")  # unwritable
    rows = list_rows(root, "theory").rows
    assert rows == _by_library(root, "theory", None)
    assert not index_path(root).exists()


def test_the_searchable_text_is_stored_by_the_first_query_that_needs_it(tmp_path: Path) -> None:
    from syllabib.index.store import open_index

    root = _library_copy(tmp_path)
    list_rows(root)
    index = open_index(root)
    assert index.meta("search") == "pending" and not index.select("SELECT 1 FROM search", [])
    index.close()
    assert list_rows(root, "year>=2010 theme:offenders").rows  # needs none
    assert open_index(root).meta("search") == "pending"
    assert list_rows(root, "author:krone").rows == _by_library(root, "author:krone", None)
    index = open_index(root)
    assert index.meta("search") == "ready"
    assert len(index.select("SELECT 1 FROM search", [])) == len(list_rows(root).rows)


def test_deleting_the_index_loses_nothing(tmp_path: Path) -> None:
    root = _library_copy(tmp_path)
    before = list_rows(root, "", "title").rows
    index_path(root).unlink()
    assert list_rows(root, "", "title").rows == before


# -- edits through the index (windows onto the entries) -----------------------------------------

EDITS = [
    ("tag", ["+window/test"]),
    ("tag", ["-window/test"]),
    ("set", ["note={Seen through a window}"]),
    ("annotate", ["--text", "Two paragraphs.\n\nThe second & last."]),
    ("unset", ["note"]),
]


def _edit(root: Path, key: str, command: str, args: list[str], env: dict[str, str]) -> None:
    from typer.testing import CliRunner

    from syllabib.cli import app

    argv = ["--library", str(root), command, key, *args]
    result = CliRunner().invoke(app, argv, env=env)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("corpus", [OWN, CORPORA / "xampl.bib", CORPORA / "biblatex-examples.bib"],
                         ids=lambda p: p.stem)
def test_edits_through_the_index_write_the_same_bytes_as_through_the_library(
        tmp_path: Path, corpus: Path) -> None:
    fast, slow = tmp_path / "fast", tmp_path / "slow"
    for root in (fast, slow):
        (root / "bib").mkdir(parents=True)
        shutil.copyfile(corpus, root / "bib" / "refs.bib")
        shutil.copyfile(CORPORA / "xampl.bib", root / "bib" / "other.bib")
    list_rows(fast)  # build the index
    keys = [e.key for e in load_library(slow, use_cache=False).entries
            if e.location.path.endswith("refs.bib")]
    chosen = keys[1::max(1, len(keys) // 6)][:6]
    for key in chosen:
        for command, args in EDITS:
            _edit(fast, key, command, args, {})
            _edit(slow, key, command, args, {"SYLLABIB_NO_CACHE": "1"})
            assert (fast / "bib" / "refs.bib").read_bytes() == \
                (slow / "bib" / "refs.bib").read_bytes(), (key, command)
    # the index followed every edit: same listing, same entries shown, same offsets
    for query, sort in (("", None), ("window", "year"), ("has:annotation", "key")):
        assert list_rows(fast, query, sort).rows == _by_library(fast, query, sort)
    library = load_library(fast, use_cache=False)
    for key in chosen:
        shown, raw = shown_entry(fast, key)
        assert raw == library.raw(key)
        assert describe(shown, full=True) == describe(library.get(key), full=True)


def test_an_edit_uses_the_window_and_not_the_whole_library(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = _library_copy(tmp_path)
    list_rows(root)

    def refuse(*args, **kwargs):
        raise AssertionError("the library was loaded")

    monkeypatch.setattr("syllabib.writer.load_library", refuse)
    from syllabib.services.editing import annotate, tag

    tag(root, ["krone2004typology"], ["window/fast"], [])
    annotate(root, "krone2004typology", "Read in a window.")
    monkeypatch.undo()
    entry = load_library(root, use_cache=False).get("krone2004typology")
    assert "window/fast" in entry.themes and entry.annotation == "Read in a window."


def test_an_entry_moved_by_an_editor_is_not_spliced_blindly(tmp_path: Path) -> None:
    from syllabib.services.editing import tag

    root = _library_copy(tmp_path)
    list_rows(root)
    bib = root / "bib" / "refs.bib"
    bib.write_text("% a new first line\n" + bib.read_text(encoding="utf-8"), encoding="utf-8")
    tag(root, ["krone2004typology"], ["moved/ok"], [])  # not fresh: the index is rebuilt first
    text = bib.read_text(encoding="utf-8")
    assert text.startswith("% a new first line\n") and "moved/ok" in text


def test_an_edit_without_an_index_builds_it_for_the_next_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from syllabib.services.editing import tag

    root = _library_copy(tmp_path)
    tag(root, ["krone2004typology"], ["first/edit"], [])
    index = open_index(root)
    assert index is not None and index.is_fresh()
    index.close()

    def refuse(*args, **kwargs):
        raise AssertionError("the library was loaded")

    monkeypatch.setattr("syllabib.writer.load_library", refuse)
    monkeypatch.setattr("syllabib.library.load_library", refuse)
    tag(root, ["krone2004typology"], ["second/edit"], [])
    monkeypatch.undo()
    entry = load_library(root, use_cache=False).get("krone2004typology")
    assert {"first/edit", "second/edit"} <= set(entry.themes)
    assert [r["key"] for r in list_rows(root, "theme:second/edit").rows] == ["krone2004typology"]


def test_a_file_changed_after_the_index_was_checked_is_not_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from syllabib.errors import ConflictError
    from syllabib.index import window
    from syllabib.services.editing import tag

    root = _library_copy(tmp_path)
    list_rows(root)
    bib = root / "bib" / "refs.bib"
    real_open = window.open_window
    theirs = bib.read_bytes().replace(b"@book{", b"@Book{", 1)  # another entry, same size
    assert theirs != bib.read_bytes() and theirs.index(b"@Book{") > 0

    def open_then_meddle(index, keys):  # an editor saves between the check and the write
        opened = real_open(index, keys)
        info = bib.stat()
        bib.write_bytes(theirs)
        os.utime(bib, ns=(info.st_atime_ns, info.st_mtime_ns))
        return opened

    monkeypatch.setattr(window, "open_window", open_then_meddle)
    with pytest.raises(ConflictError):
        tag(root, ["krone2004typology"], ["too/late"], [])
    monkeypatch.undo()
    assert bib.read_bytes() == theirs  # their version, as they left it
    assert list_rows(root, "theme:too/late").rows == []
