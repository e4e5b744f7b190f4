"""The disposable caches: the parse cache and the display memo stay invisible and always correct.

Both live under `.syllabib/cache/`; a file changed behind the tool's back, a corrupt cache file or
SYLLABIB_NO_CACHE=1 must never change what a command shows.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from syllabib import latex
from syllabib.bibfile import pack, parse_text, unpack
from syllabib.cache import FORMAT, ParseCache, content_hash
from syllabib.cli import app
from syllabib.library import load_library, state_dir
from syllabib.memo import MEMO_NAME, DisplayMemo
from syllabib.services.selection import listing

from .conftest import CORPORA

BOOK = """\
@book{knuth1984,
  author    = {Knuth, Donald E.},
  title     = {The {\\TeX}book},
  publisher = AW,
  year      = {1984},
  keywords  = {typesetting/tex, classic},
}

@inproceedings{ward1999,
  author    = {Ward, Tony and Keenan, Thomas},
  title     = {Implicit Theories in M\\"unster},
  crossref  = {proc1999},
  annote    = {Read twice.},
}
"""
PARENT = """\
@string{AW = {Addison-Wesley}}
@string{conf = {Conference on Offending}}

@proceedings{proc1999,
  title     = {Proceedings of the } # conf,
  year      = {1999},
  editor    = {Marshall, William},
}
"""


@pytest.fixture
def lib(make_library, monkeypatch) -> Path:
    monkeypatch.delenv("SYLLABIB_NO_CACHE", raising=False)
    root = make_library({"a.bib": BOOK, "b.bib": PARENT})
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def memo_lib(lib, monkeypatch) -> Path:
    """The library without an index: the display memo is what a warm `list` reads."""
    monkeypatch.setenv("SYLLABIB_NO_INDEX", "1")
    return lib


def rows(root: Path) -> list[dict]:
    result = CliRunner().invoke(app, ["list", "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def by_key(root: Path) -> dict[str, dict]:
    return {r["key"]: r for r in rows(root)}


def memo_file(root: Path) -> Path:
    return state_dir(root) / "cache" / MEMO_NAME


def rewrite(path: Path, old: str, new: str) -> None:
    """Edit the bytes behind the tool's back, keeping the modification time."""
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


@pytest.mark.parametrize("indexed", [True, False])
def test_a_warm_listing_decodes_nothing(lib, monkeypatch, indexed: bool) -> None:
    if not indexed:
        monkeypatch.setenv("SYLLABIB_NO_INDEX", "1")
    first = rows(lib)
    assert memo_file(lib).exists() is not indexed  # with an index, the index is the memo
    assert first[0]["title"] == "The TeXbook" and first[1]["year"] == 1999  # from the parent

    def refuse(value: str) -> str:
        raise AssertionError(f"decoded {value!r} again")

    monkeypatch.setattr(latex, "to_unicode", refuse)
    monkeypatch.setattr("syllabib.names.to_unicode", refuse)
    assert rows(lib) == first


def test_an_entry_changed_behind_the_tools_back_is_seen(lib) -> None:
    rows(lib)
    rewrite(lib / "bib" / "a.bib", "The {\\TeX}book", "The {\\TeX}buch")
    assert by_key(lib)["knuth1984"]["title"] == "The TeXbuch"
    rewrite(lib / "bib" / "a.bib", "typesetting/tex, classic", "typesetting/tex, fonts/cm")
    assert by_key(lib)["knuth1984"]["themes"] == ["typesetting/tex", "fonts/cm"]


def test_a_crossref_parent_in_another_file_is_followed(lib) -> None:
    assert by_key(lib)["ward1999"]["year"] == 1999
    rewrite(lib / "bib" / "b.bib", "{1999}", "{2001}")
    assert by_key(lib)["ward1999"]["year"] == 2001
    rewrite(lib / "bib" / "b.bib", "proc1999,", "proc2001,")  # the parent is gone
    assert by_key(lib)["ward1999"]["year"] is None
    assert by_key(lib)["ward1999"]["annotated"] is True


def test_a_macro_changed_in_another_file_is_followed(make_library, monkeypatch) -> None:
    root = make_library({"a.bib": "@book{k,\n  title = {On } # topic,\n}\n",
                         "b.bib": "@string{topic = {Tea}}\n"})
    monkeypatch.chdir(root)
    assert by_key(root)["k"]["title"] == "On Tea"
    rewrite(root / "bib" / "b.bib", "{Tea}", "{Tee}")
    assert by_key(root)["k"]["title"] == "On Tee"


@pytest.mark.parametrize("content", [
    b"", b"not a pickle at all", pickle.dumps("a string")[:-3],  # empty, garbage, truncated
    pickle.dumps((1, b"context", {}, {})), pickle.dumps((99, b"c", {}, {})),
    pickle.dumps((1, b"c", {"x": [b"d"]}, {b"d": ("too", "short")})),
])
def test_a_corrupt_memo_is_ignored_and_rebuilt(memo_lib, content: bytes) -> None:
    expected = rows(memo_lib)
    memo_file(memo_lib).write_bytes(content)
    assert rows(memo_lib) == expected
    assert rows(memo_lib) == expected


def test_a_memo_with_the_right_keys_is_used_and_no_cache_bypasses_it(memo_lib, monkeypatch) -> None:
    rows(memo_lib)
    version, context, texts, stored = pickle.loads(memo_file(memo_lib).read_bytes())
    poisoned = {k: ("Nobody", 1066, "Poisoned", (), False) for k in stored}
    memo_file(memo_lib).write_bytes(pickle.dumps((version, context, texts, poisoned)))
    assert {r["title"] for r in rows(memo_lib)} == {"Poisoned"}  # proof that the memo is read
    monkeypatch.setenv("SYLLABIB_NO_CACHE", "1")
    assert by_key(memo_lib)["knuth1984"]["title"] == "The TeXbook"
    memo_file(memo_lib).unlink()
    rows(memo_lib)
    assert not memo_file(memo_lib).exists()


def test_memo_rows_of_the_wrong_shape_are_ignored(memo_lib) -> None:
    expected = rows(memo_lib)
    version, context, texts, stored = pickle.loads(memo_file(memo_lib).read_bytes())
    broken = {k: ("too", "short") for k in stored}
    memo_file(memo_lib).write_bytes(pickle.dumps((version, context, texts, broken)))
    assert rows(memo_lib) == expected


def test_a_query_and_a_sort_use_the_same_values(lib) -> None:
    library = load_library(lib)
    cold = listing(library, "year>=1980 -type:misc", "author")
    warm = listing(load_library(lib), "year>=1980 -type:misc", "author")
    assert cold == warm and [r["key"] for r in warm] == ["knuth1984", "proc1999", "ward1999"]


def test_the_memo_drops_rows_of_entries_gone(memo_lib) -> None:
    rows(memo_lib)
    rewrite(memo_lib / "bib" / "a.bib", "@book{knuth1984", "@book{knuth1984b")
    rewrite(memo_lib / "bib" / "a.bib", "The {\\TeX}book", "The {\\TeX}book, again")
    rows(memo_lib)
    stored = pickle.loads(memo_file(memo_lib).read_bytes())[3]
    assert sorted(r[2] for r in stored.values()) == [
        "Implicit Theories in Münster", "Proceedings of the Conference on Offending",
        "The TeXbook, again"]


def test_a_memo_keeps_entry_hashes_by_file(memo_lib) -> None:
    rows(memo_lib)
    library = load_library(memo_lib)
    memo = DisplayMemo(library)
    assert memo.recall() == 3
    memo.keep()  # nothing new: nothing written
    assert memo._stale is False


@pytest.mark.parametrize("name", ["biblatex-examples.bib", "xampl.bib"])
def test_the_parse_cache_round_trip_is_exact(name: str) -> None:
    path = CORPORA / name
    parsed = parse_text(path.read_text(encoding="utf-8"), path)
    again = unpack(pickle.loads(pickle.dumps(pack(parsed))))
    assert again == parsed
    assert [type(e.fields[0]).__name__ for e in again.entries if e.fields][:1] == ["FieldSpan"]


def test_the_parse_cache_serves_another_working_directory(make_library, monkeypatch) -> None:
    root = make_library({"x.bib": "@book{a, title = {A}}\n@ book{b, title = {B}}\n"})
    monkeypatch.chdir(root)
    first = load_library(root)
    assert str(first.diagnostics[0].location).startswith("bib/x.bib:2")
    monkeypatch.chdir(root / "bib")
    monkeypatch.setattr("syllabib.document.parse_text", lambda *a: pytest.fail("parsed again"))
    second = load_library(root)
    assert str(second.diagnostics[0].location).startswith("x.bib:2")
    assert second.files[0].parsed.entries == first.files[0].parsed.entries


def test_a_corrupt_parse_cache_is_ignored(make_library, monkeypatch) -> None:
    root = make_library({"x.bib": BOOK})
    cache = ParseCache(state_dir(root) / "cache")
    path = root / "bib" / "x.bib"
    load_library(root)
    stored = cache._file(path)
    wrong = ("x", [1], [], [], 0)  # the current format, but not blocks
    for content in (b"junk", pickle.dumps((FORMAT, content_hash(path.read_bytes()), wrong))):
        stored.write_bytes(content)
        assert cache.get(path, content_hash(path.read_bytes())) is None
        assert [e.key for e in load_library(root).entries] == ["knuth1984", "ward1999"]


def test_a_warm_piped_listing_imports_neither_rich_nor_the_parser(lib) -> None:
    rows(lib)
    code = ("import sys\nfrom syllabib.cli import main\nsys.argv = ['syllabib', 'list']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(repr(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'rich', 'bibtexparser', 'pylatexenc'})))\n")
    env = dict(os.environ, SYLLABIB_LIBRARY=str(lib))
    env.pop("FORCE_COLOR", None)
    env.pop("TTY_COMPATIBLE", None)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         stdin=subprocess.DEVNULL)
    assert out.stdout.startswith("knuth1984\t")
    assert out.stderr.strip().endswith("[]")


def poison_index_title(root: Path, key: str) -> None:
    import sqlite3

    from syllabib.index.store import index_path

    conn = sqlite3.connect(index_path(root))
    conn.execute("UPDATE entries SET title = 'Kept' WHERE key = ?", (key,))
    conn.commit()
    conn.close()


def test_a_rebuilt_index_keeps_the_summaries_of_unchanged_entries(lib) -> None:
    rows(lib)
    poison_index_title(lib, "knuth1984")
    rewrite(lib / "bib" / "a.bib", "Read twice.", "Read thrice.")  # the file changed: rebuilt
    found = by_key(lib)
    assert found["knuth1984"]["title"] == "Kept"  # proof that the old row was reused
    assert found["ward1999"]["title"] == "Implicit Theories in Münster"


def test_changed_macros_or_entries_are_summarised_again(lib) -> None:
    rows(lib)
    poison_index_title(lib, "knuth1984")
    rewrite(lib / "bib" / "a.bib", "The {\\TeX}book", "The {\\TeX}buch")
    assert by_key(lib)["knuth1984"]["title"] == "The TeXbuch"
    poison_index_title(lib, "knuth1984")
    rewrite(lib / "bib" / "b.bib", "{Addison-Wesley}", "{Addison Wesley}")  # another macro
    assert by_key(lib)["knuth1984"]["title"] == "The TeXbuch"
