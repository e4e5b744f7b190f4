"""The cite commands on drafts: check (table, JSON, exit codes, --expect), refs, DOCX input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from syllabib.cli import app
from syllabib.errors import EXIT_NOT_FOUND, EXIT_USAGE

LIBRARY = r"""
@book{howitt2007role, author = {Howitt, Dennis and Sheldon, Kerry}, year = {2007},
  title = {The Role of Cognitive Distortions}, publisher = {Routledge},
  keywords = {justifications}}
@article{ward1999implicit, author = {Ward, Tony and Keenan, Thomas}, year = {1999},
  title = {Child Molesters' Implicit Theories}, journal = {Journal of Interpersonal Violence},
  volume = {14}, pages = {821--838}, keywords = {justifications}}
@article{sykes1957, author = {Sykes, Gresham M. and Matza, David}, year = {1957},
  title = {Techniques of Neutralization}, journal = {American Sociological Review},
  keywords = {justifications/neutralization}}
"""
GOOD = "As shown (Ward & Keenan, 1999, p. 823; see Howitt and Sheldon, 2007).\n"
BAD = "Fine (Ward & Keenan, 1999).\nTypo (Howit & Sheldon, 2007) and (Bandura, 1989).\n"
TWICE = "(Bandura, 1989)\nand again\n(Bandura, 1989; Ward & Keenan, 1999)\n"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def lib(make_library, monkeypatch) -> Path:
    root = make_library({"review.bib": LIBRARY})
    monkeypatch.chdir(root)
    return root


def test_check_all_matched_exits_0(lib: Path) -> None:
    (lib / "draft.txt").write_text(GOOD, "utf-8")
    result = run("cite", "check", "draft.txt")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "1:11\tWard & Keenan, 1999, p. 823\tmatched\tward1999implicit",
        "1:44\tHowitt and Sheldon, 2007\tmatched\thowitt2007role"]
    assert "2 citations of 2 works: 2 matched" in result.stderr


def test_check_unresolved_exits_1_with_candidates(lib: Path) -> None:
    (lib / "draft.md").write_text(BAD, "utf-8")
    result = run("cite", "check", "draft.md", "--problems")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2:7\tHowit & Sheldon, 2007\tmissing\thowitt2007role")
    assert lines[1] == "2:35\tBandura, 1989\tmissing\t"
    assert len(lines) == 2


def test_check_json_shape(lib: Path) -> None:
    (lib / "draft.txt").write_text(BAD, "utf-8")
    result = run("cite", "check", "draft.txt", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"] == {"citations": 3, "matched": 1, "ambiguous": 0,
                               "suffix-needed": 0, "missing": 2, "works": 1, "uncited": 0}
    first, second = data["citations"][:2]
    assert first["status"] == "matched" and first["key"] == "ward1999implicit"
    assert first["citation"]["line"] == 1 and first["citation"]["authors"] == ["Ward", "Keenan"]
    assert second["candidates"][0]["key"] == "howitt2007role"
    assert "spelt Howitt" in second["candidates"][0]["reason"]


def test_check_expect_lists_entries_never_cited(lib: Path) -> None:
    (lib / "draft.txt").write_text(GOOD, "utf-8")
    result = run("cite", "check", "draft.txt", "--expect", "theme:justifications", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [u["key"] for u in data["uncited"]] == ["sykes1957"]
    result = run("cite", "check", "draft.txt", "--expect", "key:ward*")
    assert result.exit_code == 0


def test_check_expect_list_names_the_list_s_entries_never_cited(lib: Path) -> None:
    (lib / "draft.txt").write_text(GOOD, "utf-8")
    (lib / "readinglists").mkdir()
    (lib / "readinglists" / "seminar.toml").write_text(
        'title = "S"\n[[sections]]\nheading = "A"\nkeys = ["sykes1957", "ward1999implicit"]\n',
        "utf-8")
    result = run("cite", "check", "draft.txt", "--expect-list", "seminar", "--json")
    assert result.exit_code == 1
    assert [u["key"] for u in json.loads(result.stdout)["uncited"]] == ["sykes1957"]
    assert run("cite", "check", "draft.txt", "--expect-list", "nolist").exit_code == EXIT_NOT_FOUND


def test_check_bad_expect_query_is_a_usage_error(lib: Path) -> None:
    (lib / "draft.txt").write_text(GOOD, "utf-8")
    result = run("cite", "check", "draft.txt", "--expect", "(theme:x")
    assert result.exit_code == EXIT_USAGE and "Traceback" not in result.stderr


def test_check_missing_draft_and_pdf(lib: Path) -> None:
    result = run("cite", "check", "nope.txt")
    assert result.exit_code == EXIT_NOT_FOUND and "nope.txt" in result.stderr
    (lib / "draft.pdf").write_bytes(b"%PDF")
    result = run("cite", "check", "draft.pdf")
    assert result.exit_code == EXIT_USAGE and ".docx" in result.stderr


def test_check_latex_draft(lib: Path) -> None:
    (lib / "draft.tex").write_text("\\citet[p.~3]{ward1999implicit} and \\cite{nokey}\n% \\cite{x}",
                                   "utf-8")
    result = run("cite", "check", "draft.tex", "--json")
    statuses = [(c["citation"]["key"], c["status"]) for c in json.loads(result.stdout)["citations"]]
    assert statuses == [("ward1999implicit", "matched"), ("nokey", "missing")]


def test_check_docx_draft(lib: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Introduction")
    document.add_paragraph("Offenders justify (Sykes & Matza, 1957; Ward & Keenan, 1999).")
    document.save(str(lib / "draft.docx"))
    result = run("cite", "check", "draft.docx", "--json")
    assert result.exit_code == 0, result.stderr
    found = [(c["citation"]["line"], c["key"]) for c in json.loads(result.stdout)["citations"]]
    assert found == [(2, "sykes1957"), (2, "ward1999implicit")]


def test_check_broken_docx_is_reported(lib: Path) -> None:
    (lib / "draft.docx").write_bytes(b"not a zip")
    result = run("cite", "check", "draft.docx")
    assert result.exit_code == 3 and "draft.docx" in result.stderr


def test_refs_writes_the_reference_list(lib: Path) -> None:
    (lib / "draft.txt").write_text(BAD, "utf-8")
    result = run("cite", "refs", "draft.txt", "--style", "apa", "-o", "refs.md")
    assert result.exit_code == 1  # written, but two citations could not be included
    text = (lib / "refs.md").read_text("utf-8")
    assert "Ward, T., & Keenan, T. (1999)" in text and "Howitt" not in text
    assert "not included: draft.txt:2: Howit & Sheldon, 2007 (missing: howitt2007role" in (
        result.stderr)
    assert "1 works listed; 2 citations left out" in result.stderr


def test_refs_lists_a_work_left_out_once_with_its_lines(lib: Path) -> None:
    (lib / "draft.txt").write_text(TWICE, "utf-8")
    result = run("cite", "refs", "draft.txt", "-o", "refs.txt")
    assert result.exit_code == 1
    assert "not included: draft.txt:1 (also lines 3): Bandura, 1989 (missing)" in result.stderr


def test_refs_docx_output(lib: Path) -> None:
    (lib / "draft.txt").write_text(GOOD, "utf-8")
    result = run("cite", "refs", "draft.txt", "--to", "docx", "-o", "refs.docx")
    assert result.exit_code == 0, result.stderr
    import docx

    paragraphs = [p.text for p in docx.Document(str(lib / "refs.docx")).paragraphs]
    assert any(p.startswith("Howitt, D., & Sheldon, K. (2007)") for p in paragraphs)


def test_cite_keys_still_works_both_ways(lib: Path) -> None:
    for args in (["cite", "ward1999implicit"], ["cite", "keys", "ward1999implicit"],
                 ["cite", "--style", "apa", "ward1999implicit"]):
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert result.stdout.strip() == "(Ward & Keenan, 1999)"


def test_cite_help_documents_exit_codes() -> None:
    result = run("cite", "check", "--help")
    assert result.exit_code == 0 and "Exit codes" in result.stdout
