"""Reading lists: the TOML file (validation at the right line), section selection, the rendered
document, every output format, and the `build`, `lists` and `list-new` commands."""

from __future__ import annotations

import json
import re
from io import BytesIO
from pathlib import Path

import pytest
from typer.testing import CliRunner

from syllabib.cli import app
from syllabib.errors import (EXIT_BAD_INPUT, EXIT_CONFLICT, EXIT_NOT_FOUND, BibSyntaxError,
                             NotFoundError, UsageError)
from syllabib.library import load_library
from syllabib.readinglists.loading import load_list
from syllabib.readinglists.tomlpos import locate
from syllabib.services.building import check_selected, document, select_sections

BIB = """\
@article{ward1999,
  author = {Ward, Tony and Keenan, Thomas},
  title = {Child Molesters' Implicit Theories},
  journal = {Journal of Interpersonal Violence},
  volume = {14}, number = {8}, pages = {821--838}, year = {1999},
  doi = {10.1177/088626099014008003},
  keywords = {justifications/implicit-theories},
  annotation = {Five implicit theories behind offenders' distortions.},
}
@article{sykes1957,
  author = {Sykes, Gresham M. and Matza, David},
  title = {Techniques of Neutralization},
  journal = {American Sociological Review}, year = {1957},
  keywords = {justifications/neutralization},
  annotation = {The five techniques of neutralization.},
}
@book{jenkins2001,
  author = {Jenkins, Philip},
  title = {Beyond Tolerance},
  publisher = {New York University Press}, year = {2001},
  keywords = {communities/subculture, justifications/neutralization},
}
@article{abel1984,
  author = {Abel, Gene G. and Becker, Judith V. and Cunningham-Rathner, Jerry},
  title = {Complications, Consent, and Cognitions},
  journal = {International Journal of Law and Psychiatry}, year = {1984},
  keywords = {justifications/cognitive-distortions},
  annotation = {Where the concept of cognitive distortions comes from.},
}
"""

LIST = """\
title = "Justifications"
subtitle = "A seminar"
description = "Read *everything*."
audience = "MA students"
style = "apa"
formats = ["html", "md"]

[importance]
essential = "Must read"

[[sections]]
heading = "Week 1: Distortions and theories"
intro = "Start here."
query = "theme:justifications/cognitive-distortions or theme:justifications/implicit-theories"
sort = "year"

[sections.entries.ward1999]
importance = "essential"
note = "Read pp. 821–830."
annotation = "This list's own words on Ward."

[[sections]]
heading = "Week 2: Neutralization"
query = "theme:justifications"
sort = "author"

[sections.entries.sykes1957]
importance = "further"
"""


@pytest.fixture
def library_root(make_library) -> Path:
    root = make_library({"refs.bib": BIB})
    (root / "readinglists").mkdir()
    (root / "readinglists" / "seminar.toml").write_text(LIST, encoding="utf-8")
    return root


def write_list(root: Path, text: str, name: str = "x") -> Path:
    path = root / "readinglists" / f"{name}.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(root: Path, *args: str):
    return CliRunner().invoke(app, ["--library", str(root), *args])


def selected_keys(root: Path, name: str = "seminar") -> list[list[str]]:
    library = load_library(root)
    selected = select_sections(library, load_list(root / "readinglists" / f"{name}.toml"))
    check_selected(selected)
    return [[e.key for e in entries] for entries in selected.sections]


# -- line numbers of a TOML text ---------------------------------------------------------------


def test_locate_finds_keys_headers_array_items_and_nested_tables() -> None:
    lines = locate('title = "a # b"\nnotes = """\nx = 1\n"""\n\n[[sections]]\nkeys = [\n'
                   '  "a",  # one\n  "b",\n]\n[sections.entries."k.1"]\nnote = "n"\n'
                   '[[sections]]\nheading = "two"\n')
    assert lines[("title",)] == 1
    assert ("x",) not in lines  # inside a multi-line string
    assert lines[("sections", 0)] == 6
    assert lines[("sections", 0, "keys", 1)] == 9
    assert lines[("sections", 0, "entries", "k.1", "note")] == 12
    assert lines[("sections", 1, "heading")] == 14


# -- validation ---------------------------------------------------------------------------------


def test_a_valid_list_is_read_with_its_sections_labels_and_extras(library_root: Path) -> None:
    reading_list = load_list(library_root / "readinglists" / "seminar.toml")
    assert reading_list.title == "Justifications"
    assert reading_list.labels["essential"] == "Must read"
    assert reading_list.labels["further"] == "Further reading"  # default kept
    first = reading_list.sections[0]
    assert first.anchor == "week-1-distortions-and-theories"
    assert first.extras["ward1999"].note == "Read pp. 821–830."
    assert first.extras["ward1999"].line == 17


def test_every_problem_is_reported_at_its_line_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('titel = "x"\nannotated = "yes"\nformats = ["html", "pdf"]\n\n'
                    '[[sections]]\nheading = "A"\nquery = "year>=19x0"\n\n'
                    '[[sections]]\nsort = "random"\nkeys = ["a"]\n\n'
                    '[sections.entries.a]\nimportance = "vital"\ncolour = "red"\n',
                    encoding="utf-8")
    with pytest.raises(BibSyntaxError) as caught:
        load_list(path)
    found = {(d.location.line, d.message) for d in caught.value.diagnostics}
    lines = {line for line, _ in found}
    assert (1, "unknown field 'titel' in the reading list") in found
    assert caught.value.diagnostics[0].hint == "did you mean 'title'?"
    assert {2, 3, 7, 9, 10, 14, 15} <= lines  # flag, format, query, heading, sort, importance, field
    messages = " | ".join(m for _, m in found)
    assert "missing field 'title'" in messages
    assert "unknown format 'pdf'" in messages and "unknown sort 'random'" in messages
    assert "unknown importance 'vital'" in messages and "missing field 'heading'" in messages
    assert "'annotated' must be true or false" in messages


def test_a_section_that_selects_nothing_and_a_list_without_sections(tmp_path: Path) -> None:
    path = tmp_path / "empty.toml"
    path.write_text('title = "T"\n', encoding="utf-8")
    with pytest.raises(BibSyntaxError, match="no sections"):
        load_list(path)
    path.write_text('title = "T"\n[[sections]]\nheading = "A"\n', encoding="utf-8")
    with pytest.raises(BibSyntaxError, match="selects nothing") as caught:
        load_list(path)
    assert caught.value.location.line == 2


def test_toml_syntax_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('title = "T"\n[[sections]\n', encoding="utf-8")
    with pytest.raises(BibSyntaxError, match="not valid TOML") as caught:
        load_list(path)
    assert caught.value.location.line == 2


# -- selection ----------------------------------------------------------------------------------


def test_sections_select_by_query_and_sort_and_an_entry_appears_once(library_root: Path) -> None:
    week1, week2 = selected_keys(library_root)
    assert week1 == ["abel1984", "ward1999"]  # by year
    assert week2 == ["jenkins2001", "sykes1957"]  # by author; ward already placed in week 1


def test_an_entries_table_claims_the_entry_for_its_section(library_root: Path) -> None:
    write_list(library_root, LIST.replace("[sections.entries.sykes1957]",
                                          "[sections.entries.abel1984]"), "seminar")
    week1, week2 = selected_keys(library_root)
    assert "abel1984" not in week1 and "abel1984" in week2


def test_keys_order_exclusions_and_repeats(library_root: Path) -> None:
    write_list(library_root, 'title = "T"\nallow_repeats = true\n'
               '[[sections]]\nheading = "A"\nkeys = ["sykes1957", "abel1984", "ward1999"]\n'
               'exclude = ["abel1984"]\n'
               '[[sections]]\nheading = "B"\nquery = "theme:justifications"\n', "seminar")
    first, second = selected_keys(library_root)
    assert first == ["sykes1957", "ward1999"]  # the order given, minus the exclusion
    assert sorted(second) == ["abel1984", "jenkins2001", "sykes1957", "ward1999"]


def test_naming_an_entry_in_two_sections_needs_allow_repeats(library_root: Path) -> None:
    write_list(library_root, 'title = "T"\n[[sections]]\nheading = "A"\nkeys = ["ward1999"]\n'
               '[[sections]]\nheading = "B"\nkeys = [\n  "sykes1957",\n  "ward1999",\n]\n',
               "seminar")
    with pytest.raises(UsageError) as caught:
        selected_keys(library_root)
    assert caught.value.location.line == 9  # the second "ward1999"
    assert "already placed in section 1 ('A')" in caught.value.message


def test_an_unknown_key_is_an_error_at_its_line_with_close_keys(library_root: Path) -> None:
    path = write_list(library_root, 'title = "T"\n[[sections]]\nheading = "A"\n'
                      'keys = ["sykes1957",\n        "ward199"]\n', "x")
    library = load_library(library_root)
    selected = select_sections(library, load_list(path))
    assert selected.missing == ("ward199",)
    with pytest.raises(NotFoundError) as caught:
        check_selected(selected)
    assert str(caught.value).endswith("x.toml:5: unknown key 'ward199'")
    assert "ward1999" in (caught.value.hint or "")


def test_an_entries_table_for_an_entry_the_section_does_not_select(library_root: Path) -> None:
    write_list(library_root, 'title = "T"\n[[sections]]\nheading = "A"\nkeys = ["ward1999"]\n'
               '[sections.entries.sykes1957]\nnote = "x"\n', "seminar")
    with pytest.raises(UsageError, match="does not select 'sykes1957'") as caught:
        selected_keys(library_root)
    assert caught.value.location.line == 5


# -- the rendered document ----------------------------------------------------------------------


def _document(root: Path, name: str = "seminar", style: str = "apa"):
    library = load_library(root)
    reading_list = load_list(root / "readinglists" / f"{name}.toml")
    return document(library, reading_list, select_sections(library, reading_list), style, None)


def test_items_carry_importance_labels_notes_and_the_list_s_annotation(library_root: Path) -> None:
    doc = _document(library_root)
    ward = next(i for i in doc.sections[0].items if i.reference.key == "ward1999")
    assert (ward.importance, ward.importance_label) == ("essential", "Must read")
    assert ward.note == "Read pp. 821–830."
    assert ward.annotation == "This list's own words on Ward."  # the override
    sykes = next(i for i in doc.sections[1].items if i.reference.key == "sykes1957")
    assert sykes.importance_label == "Further reading"
    assert sykes.annotation == "The five techniques of neutralization."  # the entry's own
    assert "Ward, T., & Keenan, T. (1999)" in ward.reference.text
    assert doc.entry_count == 4


def test_an_unannotated_list_prints_no_annotations(library_root: Path) -> None:
    write_list(library_root, LIST.replace('formats = ["html", "md"]',
                                          'formats = ["html"]\nannotated = false'), "seminar")
    doc = _document(library_root)
    assert all(item.annotation is None for s in doc.sections for item in s.items)


def test_numbered_styles_number_the_whole_list_in_its_order(library_root: Path) -> None:
    doc = _document(library_root, style="ieee")
    labels = [item.reference.label for s in doc.sections for item in s.items]
    assert labels == ["[1]", "[2]", "[3]", "[4]"]


# -- output formats -----------------------------------------------------------------------------


def test_build_writes_every_format_with_sections_labels_notes_annotations(
        library_root: Path) -> None:
    result = run(library_root, "build", "seminar", "--to", "html,md,txt,docx,tex")
    assert result.exit_code == 0, result.output
    out = library_root / "out"
    for fmt in ("md", "txt", "html", "tex"):
        text = (out / f"seminar.{fmt}").read_text(encoding="utf-8")
        for expected in ("Week 1: Distortions and theories", "Week 2: Neutralization",
                         "Must read", "Read pp. 821–830.", "own words on Ward"):
            assert expected in text, (fmt, expected)
    from docx import Document

    docx = Document(BytesIO((out / "seminar.docx").read_bytes()))
    paragraphs = [p.text for p in docx.paragraphs]
    assert paragraphs[0] == "Justifications"
    assert "Week 2: Neutralization" in paragraphs
    assert any(p.startswith("MUST READ") and "Ward" in p for p in paragraphs)
    assert "Read pp. 821–830." in paragraphs


def test_the_html_page_is_self_contained_with_anchors_badges_and_links(library_root: Path) -> None:
    assert run(library_root, "build", "seminar", "--to", "html").exit_code == 0
    page = (library_root / "out" / "seminar.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en-US">' in page
    assert "@media print" in page and 'name="viewport"' in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//(?!doi\.org)""", page.split("<body>")[0])
    assert "<script" not in page
    assert page.count('class="reading-section"') == 2
    assert page.count('<li class="reading-item') == 4
    assert 'href="#week-2-neutralization"' in page and 'id="week-2-neutralization"' in page
    assert '<span class="badge badge-essential">Must read</span>' in page
    assert '<a href="https://doi.org/10.1177/088626099014008003">' in page
    assert "<em>everything</em>" in page  # the description is Markdown


def test_markdown_cannot_inject_html_into_the_page(library_root: Path) -> None:
    write_list(library_root, LIST.replace('description = "Read *everything*."',
                                          'description = "<script>alert(1)</script>"'), "seminar")
    assert run(library_root, "build", "seminar", "--to", "html").exit_code == 0
    page = (library_root / "out" / "seminar.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_latex_uses_biblatex_filters_and_writes_the_bib_subset(library_root: Path) -> None:
    assert run(library_root, "build", "seminar", "--to", "tex").exit_code == 0
    tex = (library_root / "out" / "seminar.tex").read_text(encoding="utf-8")
    bib = (library_root / "out" / "seminar.bib").read_text(encoding="utf-8")
    assert r"\addbibresource{seminar.bib}" in tex
    assert tex.count(r"\printbibliography[") == 2
    assert r"\addtocategory{section1}{abel1984}" in tex  # week 1 is two themes: a category
    assert r"\readingnote{ward1999}{\textbf{Must read.} \emph{Read pp. 821–830.}" in tex
    assert sorted(re.findall(r"@\w+\{(\w+),", bib)) == ["abel1984", "jenkins2001", "sykes1957",
                                                       "ward1999"]


def test_a_section_of_exactly_one_theme_is_a_keyword_filter(library_root: Path) -> None:
    write_list(library_root, 'title = "T"\n[[sections]]\nheading = "A"\n'
               'query = "theme:justifications/neutralization"\n', "one")
    assert run(library_root, "build", "one", "--to", "tex").exit_code == 0
    tex = (library_root / "out" / "one.tex").read_text(encoding="utf-8")
    assert r"\printbibliography[keyword={justifications/neutralization},heading=none]" in tex


# -- commands -----------------------------------------------------------------------------------


def test_build_all_uses_each_list_s_formats(library_root: Path) -> None:
    result = run(library_root, "build")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (library_root / "out").iterdir()) == ["seminar.html",
                                                                       "seminar.md"]


def test_build_goes_on_after_a_bad_list_and_exits_with_its_code(library_root: Path) -> None:
    write_list(library_root, 'title = "T"\n[[sections]]\nheading = "A"\nkeys = ["nope"]\n', "bad")
    result = run(library_root, "build")
    assert result.exit_code == EXIT_NOT_FOUND
    assert "bad.toml:4: unknown key 'nope'" in result.output
    assert (library_root / "out" / "seminar.html").exists()
    assert not list((library_root / "out").glob("bad.*"))


def test_build_an_unknown_list_names_the_close_ones(library_root: Path) -> None:
    result = run(library_root, "build", "seminr")
    assert result.exit_code == EXIT_NOT_FOUND
    assert "did you mean seminar?" in result.output


def test_an_invalid_list_file_exits_3_and_writes_nothing(library_root: Path) -> None:
    write_list(library_root, LIST.replace('sort = "year"', 'sort = "yaer"'), "seminar")
    result = run(library_root, "build", "seminar")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "seminar.toml:15: unknown sort 'yaer'" in result.output
    assert not (library_root / "out").exists()


def test_lists_shows_counts_missing_keys_and_last_build(library_root: Path) -> None:
    write_list(library_root, 'title = "T"\n[[sections]]\nheading = "A"\nkeys = ["nope"]\n', "bad")
    run(library_root, "build", "seminar")
    result = run(library_root, "lists", "--json")
    assert result.exit_code == 0
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["seminar"]["sections"] == 2 and rows["seminar"]["entries"] == 4
    assert rows["seminar"]["built"] is not None
    assert rows["bad"]["missing"] == ["nope"] and rows["bad"]["built"] is None
    assert run(library_root, "lists").exit_code == 1  # a list names a missing key


def test_list_new_scaffolds_a_list_that_builds(library_root: Path) -> None:
    result = run(library_root, "list-new", "week-plan", "--theme", "justifications",
                 "--title", "Week plan")
    assert result.exit_code == 0, result.output
    text = (library_root / "readinglists" / "week-plan.toml").read_text(encoding="utf-8")
    assert 'title = "Week plan"' in text and 'query = "theme:justifications"' in text
    assert run(library_root, "build", "week-plan").exit_code == 0
    assert run(library_root, "list-new", "week-plan").exit_code == EXIT_CONFLICT


def test_annotation_paragraphs_and_links_in_notes_survive_into_the_page(
        library_root: Path) -> None:
    bib = library_root / "bib" / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(
        "annotation = {The five techniques of neutralization.}",
        "annotation = {The five techniques.\n\n  Still taught {\\\"u}berall.}"), encoding="utf-8")
    write_list(library_root, LIST.replace('importance = "further"',
                                          'note = "Slides: https://example.org/s1"'), "seminar")
    assert run(library_root, "build", "seminar", "--to", "html,txt").exit_code == 0
    page = (library_root / "out" / "seminar.html").read_text(encoding="utf-8")
    assert "<p>The five techniques.</p><p>Still taught überall.</p>" in page
    assert '<a href="https://example.org/s1">https://example.org/s1</a>' in page
    text = (library_root / "out" / "seminar.txt").read_text(encoding="utf-8")
    assert "    The five techniques.\n    Still taught überall." in text
