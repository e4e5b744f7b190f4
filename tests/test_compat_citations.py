"""Compat layer, citations: cite order, first positions, names inherited through cs:substitute.

Fixtures are transcribed by hand from the CSL processor test suite
(citation-style-language/test-suite, processor-tests/humans) or taken from our corpora.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from syllabib.render.engine import render_bibliography, render_citations

CSL = '<style xmlns="http://purl.org/net/xbiblio/csl" class="{cls}" version="1.0">' \
      '<info><id/><title/><updated>2009-08-10T04:49:00+09:00</updated></info>{body}</style>'

DOE = {"id": "doe", "type": "book", "author": [{"family": "Doe", "given": "John"}],
       "title": "His Anonymous Life", "issued": {"date-parts": [[1965, 6, 1]]}}
ROE = {"id": "roe", "type": "book", "editor": [{"family": "Roe", "given": "Jane"}],
       "title": "Her Anonymous Anthology", "issued": {"date-parts": [[2000]]}}


def style(tmp_path: Path, body: str, cls: str = "in-text") -> str:
    """A CSL style written to a file, as its path."""
    path = tmp_path / "fixture.csl"
    path.write_text(CSL.format(cls=cls, body=body), encoding="utf-8")
    return str(path)


def test_citation_without_sort_keeps_the_cites_in_the_order_given(tmp_path) -> None:
    """CSL cs:citation without cs:sort (test suite sort_Citation, reversed: no sort here)."""
    csl = style(tmp_path, '<citation><layout delimiter="; "><names variable="author editor">'
                          '<name form="short"/></names></layout></citation>')
    assert render_citations([DOE, ROE], [["roe", "doe"], ["doe", "roe"]], csl) == \
        ["Roe; Doe", "Doe; Roe"]


def test_citation_with_sort_sorts_the_cites(tmp_path) -> None:
    """CSL cs:citation with cs:sort (test suite sort_Citation): `Doe; Roe` whatever the input."""
    csl = style(tmp_path, '<citation><sort><key variable="title"/></sort>'
                          '<layout delimiter="; "><names variable="author editor">'
                          '<name form="short"/></names></layout></citation>')
    assert render_citations([DOE, ROE], [["doe", "roe"]], csl) == ["Roe; Doe"]


def test_every_cluster_is_a_first_citation(tmp_path) -> None:
    """CSL position: each cluster renders as a first cite (no `subsequent` short form for an
    item cited in an earlier cluster), as citeproc-js renders independent clusters."""
    csl = style(tmp_path, '<citation><layout delimiter="; "><choose>'
                          '<if position="subsequent"><text value="short"/></if>'
                          '<else><text variable="title"/></else></choose></layout></citation>',
                cls="note")
    assert render_citations([DOE, ROE], [["doe"], ["doe", "roe"]], csl) == \
        ["His Anonymous Life", "His Anonymous Life; Her Anonymous Anthology"]


SUBSTITUTE_IN_CHOOSE = (
    '<citation><layout delimiter="; " prefix="[" suffix="]">'
    '<names prefix="[X]" variable="author"><name/>'
    '<label form="short" prefix=" (" suffix=".)" font-style="italic"/>'
    '<substitute><choose><if type="book"><names variable="editor"/></if></choose></substitute>'
    '</names></layout></citation>')


def test_substitute_names_inherit_name_and_label_inside_choose(tmp_path) -> None:
    """CSL cs:substitute shorthand (test suite name_SubstituteInheritLabel, with the shorthand
    `cs:names` inside a `cs:choose` as Chicago writes it): the label is inherited."""
    csl = style(tmp_path, SUBSTITUTE_IN_CHOOSE, cls="note")
    assert render_citations([ROE, DOE], [["roe", "doe"]], csl) == \
        ["[[X]Jane Roe (ed.); [X]John Doe]"]


GAONKAR = {"id": "gaonkar", "type": "book", "title": "Alternative Modernities",
           "editor": [{"family": "Gaonkar", "given": "Dilip Parameshwar"}],
           "publisher": "Duke University Press", "issued": {"date-parts": [[2001]]}}


def test_chicago_edited_book_in_bibliography_and_note() -> None:
    """Corpus biblatex-examples `gaonkar`: the editor stands for the author, with `ed.`, and
    is not printed a second time in a note (substituted variables print once, in notes too)."""
    bib = render_bibliography([GAONKAR], "chicago-notes-bibliography")
    assert bib.references[0].text == \
        "Gaonkar, Dilip Parameshwar, ed. Alternative Modernities. Duke University Press, 2001."
    assert render_citations([GAONKAR], [["gaonkar"]], "chicago-notes-bibliography") == \
        ["Dilip Parameshwar Gaonkar, ed., Alternative Modernities (Duke University Press, 2001)."]


@pytest.mark.parametrize("style_id", ["chicago-author-date", "modern-language-association"])
def test_pairs_keep_their_order_in_styles_without_citation_sort(style_id) -> None:
    """Chicago author-date and MLA have no citation cs:sort: `Gaonkar …; Doe …` as given."""
    cites = render_citations([DOE, GAONKAR], [["gaonkar", "doe"]], style_id)
    assert cites[0].index("Gaonkar") < cites[0].index("Doe")
