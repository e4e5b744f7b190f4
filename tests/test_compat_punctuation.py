"""Compat layer, punctuation-in-quote: which periods and commas move inside closing quotes.

Expected strings are citeproc-js's (checked with tools/citeproc_js on these fixtures, and the
IEEE entry of our social-science corpus).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from syllabib.render.engine import render_bibliography
from syllabib.render.model import runs_text

CSL = '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">' \
      '<info><id/><title/><updated>2009-08-10T04:49:00+09:00</updated></info>' \
      '<locale><style-options punctuation-in-quote="true"/></locale>' \
      '<citation><layout><text variable="title"/></layout></citation>' \
      '<bibliography><layout{suffix}>{layout}</layout></bibliography></style>'
ITEM = {"id": "a", "type": "article", "title": "Theories Tells Us", "publisher": "P"}


@pytest.mark.parametrize("suffix, layout, expected", [
    (' suffix="."', '<text variable="title" quotes="true"/>', "“Theories Tells Us.”"),
    ("", '<group delimiter=", "><text variable="title" quotes="true"/>'
         '<text variable="publisher"/></group>', "“Theories Tells Us,” P"),
    ("", '<text variable="title" quotes="true"/><text value="."/>', "“Theories Tells Us”."),
    ("", '<text variable="title" quotes="true"/><text value=", "/><text value="x"/>',
     "“Theories Tells Us”, x"),
])
def test_affixes_move_inside_text_values_stay(tmp_path: Path, suffix, layout, expected) -> None:
    """punctuation-in-quote moves the punctuation of affixes and delimiters, not a period
    or comma printed by `cs:text value` (citeproc-js)."""
    path = tmp_path / "fixture.csl"
    path.write_text(CSL.format(suffix=suffix, layout=layout), encoding="utf-8")
    assert runs_text(render_bibliography([ITEM], str(path)).references[0].runs) == expected


def test_ieee_article_with_only_a_title() -> None:
    """Corpus social-science `ociardha2013theories` in IEEE: its final `<text value="."/>`
    stays after the quote."""
    item = {"id": "o", "type": "article-journal", "title": "What the Current Research Tells Us",
            "author": [{"family": "Ward", "given": "Tony"}]}
    ref = render_bibliography([item], "ieee").references[0]
    assert runs_text(ref.runs) == "T. Ward, “What the Current Research Tells Us”."
