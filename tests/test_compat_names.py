"""Compat layer, names: initials, suffixes, and `cs:names` without a `cs:name` child.

Expected strings are citeproc-js's (our corpora, checked against tests/golden/citeproc-js).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from syllabib.render.engine import render_bibliography
from syllabib.render.model import runs_text

CSL = '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" {root}>' \
      '<info><id/><title/><updated>2009-08-10T04:49:00+09:00</updated></info>' \
      '<citation><layout><text variable="title"/></layout></citation>' \
      '<bibliography><layout><names variable="author"/></layout></bibliography></style>'


def first_entry(items: list[dict], style: str) -> str:
    """The text of the first bibliography entry."""
    return runs_text(render_bibliography(items, style).references[0].runs)


def book(key: str, *names: dict) -> dict:
    """A 2015 book by these CSL names."""
    return {"id": key, "type": "book", "title": key, "author": list(names),
            "issued": {"date-parts": [[2015]]}}


@pytest.mark.parametrize("given, expected", [
    ("J.-Y.", "Ding, J.-Y. (2015)"), ("Jun-Young", "Ding, J.-Y. (2015)"),
    ("J. Y.", "Ding, J. Y. (2015)"), ("Min-jun", "Ding, M. (2015)"),
    ("K. E.andKahneman", "Ding, K. E. andKahneman. (2015)"),  # broken data, kept as citeproc-js
])
def test_initials_keep_hyphens_and_lower_case_words(given, expected) -> None:
    """initialize-with-hyphen (default true): given names already written as hyphenated
    initials keep the hyphen (citeproc-js `Ding, J.-Y.`)."""
    text = first_entry([book("d", {"family": "Ding", "given": given})], "apa")
    assert text.startswith(expected)


@pytest.mark.parametrize("style_id, expected", [
    ("nlm-citation-sequence", "Malesky LA Jr, Ennis L."),  # initialize-with="": no period
    ("apa", "Malesky, L. A., Jr., & Ennis, L. (2015)."),  # initialize-with=". ": kept
])
def test_name_suffix_is_laid_out_like_initials(style_id, expected) -> None:
    """A generational suffix takes the style's initialize-with in place of its period, as
    citeproc-js renders it (corpus malesky2004supportive: NLM `Malesky LA Jr`)."""
    item = book("m", {"family": "Malesky", "given": "L. Alvin", "suffix": "Jr."},
                {"family": "Ennis", "given": "Liam"})
    assert first_entry([item], style_id).startswith(expected)


def test_names_without_a_name_element_inherit_every_option(tmp_path: Path) -> None:
    """A `cs:names` without `cs:name` renders its names with the inherited options and the
    compat fixes (initialize-with-hyphen="false" keeps a lower-case part: NLM `Cho M jun`)."""
    path = tmp_path / "nlm-like.csl"
    path.write_text(CSL.format(root='initialize-with="" initialize-with-hyphen="false" '
                                    'name-as-sort-order="all" sort-separator=" " '
                                    'name-delimiter=", "'), encoding="utf-8")
    item = book("c", {"family": "Cho", "given": "Min-jun"},
                {"family": "Roe", "given": "Jean-Pierre"})
    assert first_entry([item], str(path)) == "Cho M jun, Roe JP"


def test_a_name_element_is_added_once(tmp_path: Path) -> None:
    """The `cs:name` given to a `cs:names` without one is added once, not on every render
    (citeproc-py grew the style tree by one element per rendered list)."""
    from syllabib.render import engine

    path = tmp_path / "plain.csl"
    path.write_text(CSL.format(root=""), encoding="utf-8")
    items = [book(f"k{n}", {"family": f"Doe{n}", "given": "Jane"}) for n in range(5)]
    render_bibliography(items, str(path))
    ref, locale = engine.style_and_locale(str(path), None)
    tree = engine._style(str(ref.path), locale).root
    assert len(tree.findall(".//{http://purl.org/net/xbiblio/csl}names/*")) == 1
