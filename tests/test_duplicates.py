"""`syllabib duplicates`: each rule and its false-positive guards, the merge (byte-exact outside the
two entries, on every corpus file), and the same rules in `add`/`import`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from syllabib.cli import app
from syllabib.errors import EXIT_CONFLICT, ConflictError
from syllabib.health.duplicates import title_reason
from syllabib.library import load_library
from syllabib.services.dedupe import find_duplicates, merge_entries

from .conftest import ENTRY_FILES, corpus_id


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def entry(key: str, title: str = "Child molesters' implicit theories", year: str = "1999",
          author: str = "Ward, Tony and Keenan, Thomas", kind: str = "article", extra: str = "") -> str:
    return (f"@{kind}{{{key},\n  author = {{{author}}},\n  title = {{{title}}},\n"
            f"  journal = {{J}},\n  year = {{{year}}},\n{extra}}}\n\n")


def pairs(make_library, *texts: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    root = make_library({f"f{i}.bib": t for i, t in enumerate(texts)})
    groups = find_duplicates(load_library(root, use_cache=False))
    return [(g.keys, tuple(m.reason for m in g.matches)) for g in groups]


@pytest.mark.parametrize("a,b,reason", [
    (entry("a", extra="  doi = {https://doi.org/10.1177/ABC},\n"),
     entry("b", title="Other", year="2001", extra="  doi = {10.1177/abc},\n"), "same DOI 10.1177/abc"),
    ("@book{a, title = {X}, isbn = {0-306-40615-2}}\n",
     "@book{b, title = {Y}, isbn = {978-0-306-40615-7}}\n", "same ISBN 9780306406157"),
    (entry("a", title="{\\\"U}ber {WHO} reports!"), entry("b", title="Über WHO Reports",
                                                          author="Ward, T."),
     "same title, same year and first author"),
    (entry("a", title="The measurment of cognitive distortions"),
     entry("b", title="The measurement of the cognitive distortions"),
     r"near-identical title \(9\d %\), same year and first author"),
])
def test_each_rule_across_files(make_library, a, b, reason) -> None:
    import re

    [(keys, reasons)] = pairs(make_library, a, b)
    assert keys == ("a", "b") and len(reasons) == 1
    assert re.fullmatch(reason, reasons[0]) or reasons[0] == reason


@pytest.mark.parametrize("a,b", [
    (entry("a"), entry("b", year="2000")),  # another year
    (entry("a"), entry("b", author="Keenan, Thomas and Ward, Tony")),  # another first author
    (entry("a", title="Meet the board, part I"), entry("b", title="Meet the board, part II")),
    (entry("a", title="TUG 2014 announcement"), entry("b", title="TUG 2015 announcement")),
    (entry("a", title="Heuristics for the STSP problem"),
     entry("b", title="Heuristics for the ATSP problem")),
    (entry("a", title="From the President", extra="  number = {1},\n"),
     entry("b", title="From the President", extra="  number = {4},\n")),  # a recurring column
    (entry("a", title="From the President", extra="  pages = {5--6},\n"),
     entry("b", title="From the President", extra="  pages = {485--487},\n")),
    (entry("a", kind="book", extra="  volume = {1},\n"),
     entry("b", kind="book", extra="  volume = {2},\n")),
    (entry("a", kind="book", title="Alternative modernities"),
     entry("b", kind="incollection", title="Alternative modernities")),  # chapter and its book
    ("@incollection{a, title = {X}, isbn = {0-306-40615-2}}\n",  # chapters share the book's ISBN
     "@incollection{b, title = {Y}, isbn = {0-306-40615-2}}\n"),
    ("@book{a, title = {X}, isbn = {0-306-40615-3}}\n",  # an invalid ISBN proves nothing
     "@book{b, title = {Y}, isbn = {0-306-40615-3}}\n"),
    ("@inproceedings{a, author = {A, B}, title = {Proc}, year = {2000}, crossref = {b}}\n",
     "@proceedings{b, editor = {A, B}, title = {Proc}, year = {2000}}\n"),
    ("@inproceedings{a, author = {A, B}, title = {P1}, crossref = {c}}\n"  # inherited DOI
     "@inproceedings{b, author = {C, D}, title = {P2}, crossref = {c}}\n",
     "@proceedings{c, title = {Proc}, year = {2000}, doi = {10.1/proc}}\n"),
])
def test_guards_against_false_pairs(make_library, a, b) -> None:
    assert pairs(make_library, a, b) == []


def test_titles_that_are_too_short_must_match_exactly() -> None:
    assert title_reason("preface", "prefaces") is None
    assert title_reason("preface", "preface") == "same title"


def test_groups_join_chains(make_library) -> None:
    found = pairs(make_library, entry("a", extra="  doi = {10.1/x},\n"),
                  entry("b", extra="  doi = {10.1/x},\n"), entry("c"))
    assert len(found) == 1 and found[0][0] == ("a", "b", "c")


def test_cli_lists_groups_and_exits_1(make_library, monkeypatch) -> None:
    monkeypatch.chdir(make_library({"a.bib": entry("a"), "b.bib": entry("b") + entry("c", "Other")}))
    result = run("duplicates")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:3] == [
        "bib/a.bib:1: a (1999) Child molesters' implicit theories",
        "bib/b.bib:1: b (1999) Child molesters' implicit theories",
        "  a ~ b: same title, same year and first author"]
    data = json.loads(run("duplicates", "--json").stdout)
    assert data == [{"keys": ["a", "b"],
                     "entries": [{"key": "a", "type": "article", "file": "bib/a.bib", "line": 1,
                                  "year": 1999, "title": "Child molesters' implicit theories"},
                                 {"key": "b", "type": "article", "file": "bib/b.bib", "line": 1,
                                  "year": 1999, "title": "Child molesters' implicit theories"}],
                     "matches": [{"first": "a", "second": "b",
                                  "reason": "same title, same year and first author"}]}]
    Path("bib/b.bib").write_text(entry("c", "Other"), encoding="utf-8")
    assert run("duplicates").exit_code == 0


def test_merge_fills_missing_fields_and_deletes_the_other(make_library, monkeypatch) -> None:
    a = entry("a", extra="  keywords = {x, y},\n")
    b = ("@string{jip = {J. Interpers. Violence}}\n\n"
         + entry("b", title="Different", extra="  doi = {10.1/x},\n  month = mar,\n"
                 "  publisher = jip,\n  keywords = {y, z},\n"))
    root = make_library({"a.bib": a, "b.bib": b})
    merged = merge_entries(root, "a", "b")
    assert merged.filled == ["doi", "month", "publisher", "keywords"]
    assert merged.differing == ["title"]
    text = (root / "bib" / "a.bib").read_text(encoding="utf-8")
    assert "doi = {10.1/x}" in text and "month = {3}" in text
    assert "publisher = {J. Interpers. Violence}" in text and "keywords = {x, y, z}" in text
    assert (root / "bib" / "b.bib").read_text(encoding="utf-8").rstrip() == \
        "@string{jip = {J. Interpers. Violence}}"
    assert "b" not in load_library(root, use_cache=False)


def test_merge_refuses_to_delete_a_crossref_parent(make_library, monkeypatch) -> None:
    root = make_library({"a.bib": "@proceedings{p, title = {P}, year = {2000}}\n\n"
                         "@proceedings{q, title = {P}, year = {2000}}\n\n"
                         "@inproceedings{c, author = {A, B}, title = {T}, crossref = {q}}\n"})
    before = (root / "bib" / "a.bib").read_bytes()
    with pytest.raises(ConflictError, match="crossref parent of c"):
        merge_entries(root, "p", "q")
    assert (root / "bib" / "a.bib").read_bytes() == before
    monkeypatch.chdir(root)
    assert run("duplicates", "--merge", "p", "q").exit_code == EXIT_CONFLICT


def _two_writable(root: Path) -> tuple[str, str] | None:
    library = load_library(root, use_cache=False)
    parents = set(library.crossrefs.values())
    keys = [b.key for bib in library.files for b in bib.parsed.entries
            if bib.problem_at(b) is None and b.key not in library.duplicate_keys
            and b.key not in parents and b.key in library._by_key]
    return (keys[0], keys[-1]) if len(keys) >= 2 else None


@pytest.mark.parametrize("path", ENTRY_FILES, ids=corpus_id)
def test_merge_changes_only_the_two_entries(make_library, path: Path) -> None:
    root = make_library({path.name: path})
    target = root / "bib" / path.name
    before = target.read_bytes()
    chosen = _two_writable(root)
    if chosen is None:
        pytest.fail(f"{path.name}: no two writable entries to merge")
    keep, drop = chosen
    library = load_library(root, use_cache=False)
    old_keep, old_drop = library.raw(keep), library.raw(drop)
    merge_entries(root, keep, drop)
    after_lib = load_library(root, use_cache=False)
    new_keep = after_lib.raw(keep)
    assert drop not in after_lib
    old, new = before.decode("utf-8", "surrogateescape"), target.read_bytes().decode(
        "utf-8", "surrogateescape")
    # The file is the old one with keep's text replaced and drop's lines taken out.
    start = old.index(old_keep)
    assert new[:start] == old[:start]
    assert new[start:start + len(new_keep)] == new_keep
    rest_old, rest_new = old[start + len(old_keep):], new[start + len(new_keep):]
    d0 = rest_old.index(old_drop)  # drop comes after keep (first and last entry)
    d1 = d0 + len(old_drop)
    x = min(len(_common_prefix(rest_old, rest_new)), d0)
    y = len(rest_old) - (len(rest_new) - x)
    assert rest_new[x:] == rest_old[y:]  # everything after the deleted lines is unchanged
    assert rest_old[x:d0].strip() == "" and rest_old[d1:y].strip() == ""  # only drop's lines went
    for line in old_keep.splitlines():  # the kept entry only gained lines
        assert line.strip().rstrip(",") in new_keep


def _common_prefix(a: str, b: str) -> str:
    import os

    return os.path.commonprefix([a, b])


def test_import_skips_a_duplicate_by_title_year_and_author(make_library, monkeypatch, tmp_path) -> None:
    root = make_library({"lib.bib": entry("ward1999")})
    monkeypatch.chdir(root)
    incoming = tmp_path / "in.bib"
    incoming.write_text(entry("WardKeenan99", title="Child Molesters' Implicit Theories")
                        + entry("new", title="Something else"), encoding="utf-8")
    result = run("import", str(incoming), "--on-duplicate", "skip")
    assert result.exit_code == 0
    text = (root / "bib" / "lib.bib").read_text(encoding="utf-8")
    assert "@article{new," in text and "WardKeenan99" not in text
    assert "same title, same year and first author as 'ward1999'" in result.stderr + result.stdout


def test_add_refuses_a_duplicate_by_isbn(make_library, monkeypatch, tmp_path) -> None:
    root = make_library({"lib.bib": "@book{kept, title = {X}, isbn = {0-306-40615-2}}\n"})
    monkeypatch.chdir(root)
    incoming = tmp_path / "in.bib"
    incoming.write_text("@book{other, title = {X, 2nd printing}, isbn = {9780306406157}}\n",
                        encoding="utf-8")
    result = run("add", str(incoming))
    assert result.exit_code == EXIT_CONFLICT and "same ISBN 9780306406157" in result.stderr
    renamed = run("add", str(incoming), "--on-duplicate", "rename")
    assert renamed.exit_code == 0 and "@book{other," in (root / "bib" / "lib.bib").read_text()


def test_import_catches_duplicates_within_one_file(make_library, monkeypatch, tmp_path) -> None:
    root = make_library({"lib.bib": entry("old", title="Unrelated")})
    monkeypatch.chdir(root)
    incoming = tmp_path / "in.bib"
    incoming.write_text(entry("x", extra="  doi = {10.1/q},\n")
                        + entry("y", title="Other", extra="  doi = {10.1/Q},\n"), encoding="utf-8")
    assert run("import", str(incoming), "--on-duplicate", "skip").exit_code == 0
    text = (root / "bib" / "lib.bib").read_text(encoding="utf-8")
    assert "@article{x," in text and "@article{y," not in text
