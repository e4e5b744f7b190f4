"""The traps bibtexparser passes silently: each is reported with file:line, and nothing is written."""

from __future__ import annotations

import pytest

from syllabib.errors import BibSyntaxError, SyllabibError
from syllabib.library import load_library
from syllabib.writer import writing

GOOD = "@article{good2020,\n  author = {Good, Ann},\n  title = {Fine},\n  year = {2020},\n}\n"

TRAPS = {
    "missing-comma": ("@article{bad2020,\n  author = {Bad, Bob}\n  title = {Swallowed},\n"
                      "  year = {2020},\n}\n", 2),
    "space-after-at": ("@ article{bad2020,\n  title = {Lost},\n}\n", 1),
    "string-two-definitions": ("@string{a = {A}, b = {B}}\n"
                               "@article{bad2020,\n  title = {T},\n}\n", 1),
    "commented-field": ("@article{bad2020,\n  title = {T},\n%  note = {old},\n  year = {2020},\n}\n",
                        3),
    "empty-key": ("@article{,\n  title = {No key},\n}\n", 1),
    "duplicate-field": ("@article{bad2020,\n  title = {One},\n  title = {Two},\n}\n", 3),
    "unbalanced-braces": ("@article{bad2020,\n  title = {Open {brace},\n  year = {2020},\n}\n", 2),
    "unterminated-quote": ('@article{bad2020,\n  title = "Open quote,\n  year = {2020},\n}\n', 2),
}


@pytest.mark.parametrize("code", sorted(TRAPS))
def test_trap_is_reported_with_its_line(code: str, make_library) -> None:
    text, line = TRAPS[code]
    root = make_library({"x.bib": GOOD + "\n" + text})
    offset = GOOD.count("\n") + 1
    library = load_library(root, use_cache=False)
    found = [d for d in library.diagnostics if d.code == code]
    assert found, [str(d) for d in library.diagnostics]
    assert found[0].location.line == line + offset
    assert f"bib/x.bib:{line + offset}:" in str(found[0]) and f": {code}: " in str(found[0])


@pytest.mark.parametrize("code", sorted(TRAPS))
def test_no_write_when_the_file_or_entry_has_a_trap(code: str, make_library) -> None:
    text, _ = TRAPS[code]
    root = make_library({"x.bib": GOOD + "\n" + text})
    before = (root / "bib" / "x.bib").read_bytes()
    library = load_library(root, use_cache=False)
    key = "bad2020" if "bad2020" in library else "good2020"
    with pytest.raises(SyllabibError):
        with writing(root) as writer:
            writer.set_field(key, "note", "x")
            if key == "good2020":  # the good entry may be edited only if the file is sound
                assert library.files[0].parsed.structurally_sound
                raise BibSyntaxError("editing the good entry was allowed, as it should be")
    assert (root / "bib" / "x.bib").read_bytes() == before


def test_duplicate_keys_across_files(make_library) -> None:
    root = make_library({"a.bib": GOOD, "b.bib": GOOD.replace("Fine", "Other")})
    library = load_library(root, use_cache=False)
    assert [d.code for d in library.diagnostics] == ["duplicate-key"]
    assert library.diagnostics[0].location.line == 1
    with pytest.raises(SyllabibError, match="more than one entry"):
        with writing(root) as writer:
            writer.set_field("good2020", "note", "x")


@pytest.mark.parametrize("data, message, line", [
    (GOOD.encode() + "@misc{m, title = {Caf\xe9}}\n".encode("latin-1"), "not UTF-8", 6),
    (b"\x00\x01\x02binary\x00", "binary data", 1),
])
def test_undecodable_files_are_reported_not_read(data: bytes, message: str, line: int,
                                                  make_library) -> None:
    root = make_library({"x.bib": data, "ok.bib": GOOD.replace("good2020", "ok2020")})
    library = load_library(root, use_cache=False)
    assert [e.key for e in library.entries] == ["ok2020"]
    (problem,) = library.unreadable
    assert message in problem.message and problem.location.line == line
    assert (root / "bib" / "x.bib").read_bytes() == data


def test_latin1_column_is_reported(make_library) -> None:
    root = make_library({"x.bib": "@misc{m, title = {Caf\xe9}}\n".encode("latin-1")})
    (problem,) = load_library(root, use_cache=False).unreadable
    assert (problem.location.line, problem.location.column) == (1, 22)
    assert "iconv" in problem.hint


def test_empty_file_is_an_empty_library(make_library) -> None:
    root = make_library({"x.bib": b""})
    library = load_library(root, use_cache=False)
    assert library.entries == [] and library.diagnostics == []


def test_skipped_entries_are_counted(make_library) -> None:
    root = make_library({"x.bib": GOOD + "\n" + TRAPS["duplicate-field"][0]})
    library = load_library(root, use_cache=False)
    assert [e.key for e in library.entries] == ["good2020"]
    assert library.skipped == 1


@pytest.mark.parametrize("args", [["show", "bad"], ["tag", "bad", "+x/y"],
                                  ["set", "bad", "note=N"], ["annotate", "bad", "--text", "A"]])
@pytest.mark.parametrize("indexed", [True, False])
def test_an_entry_skipped_for_its_problem_is_named_at_its_line(make_library, monkeypatch,
                                                               args: list[str],
                                                               indexed: bool) -> None:
    from typer.testing import CliRunner

    from syllabib.cli import app

    data = GOOD + "\n@article{bad,\n  title = {x}\n  year = 2000,\n}\n"
    root = make_library({"x.bib": data})
    monkeypatch.chdir(root)
    if not indexed:
        monkeypatch.setenv("SYLLABIB_NO_INDEX", "1")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 3, result.output
    line = data.splitlines().index("  title = {x}") + 1  # the value with no comma after it
    assert f"bib/x.bib:{line}: " in result.stderr and "no comma after the value" in \
        result.stderr and "did you mean" not in result.stderr
    assert (root / "bib" / "x.bib").read_text(encoding="utf-8") == data
