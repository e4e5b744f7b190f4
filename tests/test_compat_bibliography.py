"""Compat layer, bibliographies: subsequent-author-substitute and other entry-level CSL options.

Fixtures are transcribed by hand from the CSL processor test suite
(citation-style-language/test-suite, processor-tests/humans) or taken from our corpora.
"""

from __future__ import annotations

from pathlib import Path

from syllabib.render.engine import render_bibliography

CSL = '<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">' \
      '<info><id/><title/><updated>2009-08-10T04:49:00+09:00</updated></info>' \
      '<citation><layout><names variable="author"><name/></names></layout></citation>' \
      '<bibliography{options}><layout>{layout}</layout></bibliography></style>'

SMITH = {"family": "Smith", "given": "John"}
ROE = {"family": "Roe", "given": "Jane"}
BOOKS = [
    {"id": "item-1", "type": "book", "author": [SMITH, ROE], "title": "Book A",
     "issued": {"date-parts": [["2000"]]}},
    {"id": "item-2", "type": "book", "author": [SMITH, ROE], "title": "Book B",
     "issued": {"date-parts": [["2001"]]}},
    {"id": "item-3", "type": "book", "author": [SMITH], "title": "Book C",
     "issued": {"date-parts": [["2002"]]}},
]
AUTHOR_TITLE_YEAR = (
    '<group delimiter=" "><group delimiter=", "><names variable="author">'
    '<name and="text" delimiter=", "/></names><text variable="title"/></group>'
    '<date prefix="(" suffix=")" variable="issued"><date-part name="year"/></date></group>')


def texts(tmp_path: Path, options: str, layout: str, items: list[dict]) -> list[str]:
    """The bibliography of `items` in a fixture style, as plain text."""
    path = tmp_path / "fixture.csl"
    path.write_text(CSL.format(options=options, layout=layout), encoding="utf-8")
    return [ref.text for ref in render_bibliography(items, str(path)).references]


def test_subsequent_author_substitute(tmp_path) -> None:
    """CSL subsequent-author-substitute, rule complete-all (test suite
    magic_SubsequentAuthorSubstitute): only an identical whole name list gives way."""
    assert texts(tmp_path, ' subsequent-author-substitute="———"', AUTHOR_TITLE_YEAR, BOOKS) == [
        "John Smith and Jane Roe, Book A (2000)", "———, Book B (2001)",
        "John Smith, Book C (2002)"]


def test_without_subsequent_author_substitute_names_repeat(tmp_path) -> None:
    """The same fixture without the option: every entry prints its names."""
    assert texts(tmp_path, "", AUTHOR_TITLE_YEAR, BOOKS)[1] == "John Smith and Jane Roe, Book B (2001)"


KNUTH = {"family": "Knuth", "given": "Donald E."}
GAONKAR = {"family": "Gaonkar", "given": "Dilip Parameshwar"}


def test_mla_dash_for_the_same_author_not_for_the_same_person_as_editor() -> None:
    """Corpus biblatex-examples (knuth:ct:*, gaonkar, gaonkar:in) in MLA: `———.` keeps the
    period that closed the author field; an editor is no repeated author."""
    items = [
        {"id": "k1", "type": "book", "author": [KNUTH], "title": "The TeXbook",
         "publisher": "Addison-Wesley", "issued": {"date-parts": [[1984]]}},
        {"id": "k2", "type": "book", "author": [KNUTH], "title": "TeX: The Program",
         "publisher": "Addison-Wesley", "issued": {"date-parts": [[1986]]}},
        {"id": "g1", "type": "chapter", "author": [GAONKAR], "title": "On Alternative Modernities",
         "container-title": "Alternative Modernities", "editor": [GAONKAR],
         "issued": {"date-parts": [[2001]]}},
        {"id": "g2", "type": "book", "editor": [GAONKAR], "title": "Alternative Modernities",
         "issued": {"date-parts": [[2001]]}},
    ]
    refs = {r.key: r.text for r in render_bibliography(items, "modern-language-association").references}
    assert refs["k2"] == "Knuth, Donald E. TeX: The Program. Addison-Wesley, 1986."
    assert refs["k1"] == "———. The TeXbook. Addison-Wesley, 1984."
    assert refs["g2"].startswith("Gaonkar, Dilip Parameshwar, editor. Alternative Modernities.")


def test_hyphenated_name_variables_print(tmp_path) -> None:
    """CSL name variables with a hyphen (`container-author`, `collection-editor`) and the
    number variable `number-of-volumes` print like any other (citeproc-py lost them)."""
    layout = ('<group delimiter="; "><names variable="container-author"><name/></names>'
              '<names variable="collection-editor"><name/></names>'
              '<text variable="number-of-volumes"/></group>')
    item = {"id": "x", "type": "chapter", "title": "T", "number-of-volumes": "3",
            "container-author": [{"family": "Kant", "given": "Immanuel"}],
            "collection-editor": [{"family": "Colli", "given": "Giorgio"}]}
    assert texts(tmp_path, "", layout, [item]) == ["Immanuel Kant; Giorgio Colli; 3"]


def test_apa_chapter_by_the_book_author() -> None:
    """Corpus biblatex-examples `kant:kpv` (@inbook with bookauthor) in APA: `In I. Kant, …`."""
    item = {"id": "kant:kpv", "type": "chapter", "title": "Kritik der praktischen Vernunft",
            "author": [{"family": "Kant", "given": "Immanuel"}],
            "container-author": [{"family": "Kant", "given": "Immanuel"}],
            "container-title": "Kritik der praktischen Vernunft. Kritik der Urtheilskraft",
            "volume": "5", "publisher": "Walter de Gruyter", "page": "1-163",
            "language": "de-DE", "issued": {"date-parts": [[1968]]}}
    assert render_bibliography([item], "apa").references[0].text == (
        "Kant, I. (1968). Kritik der praktischen Vernunft. In I. Kant, Kritik der praktischen "
        "Vernunft. Kritik der Urtheilskraft (Vol. 5, pp. 1–163). Walter de Gruyter.")
