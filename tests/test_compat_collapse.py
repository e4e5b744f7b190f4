"""Compat layer, CSL citation collapsing: numeric ranges, author groups, year suffixes.

Fixtures are transcribed by hand from the CSL processor test suite
(citation-style-language/test-suite, processor-tests/humans, named in each test); the
real-style expectations were rendered by citeproc-js 1.4.61 (tools/citeproc_js).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from syllabib.render import collapse
from syllabib.render.engine import render_citations

CSL = '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">' \
      '<info><id/><title/><updated>2009-08-10T04:49:00+09:00</updated></info>{body}</style>'
NUMBERED = ('<citation collapse="citation-number"><sort><key variable="citation-number"/>'
            '</sort><layout delimiter="{delimiter}" prefix="(" suffix=")">{cite}</layout>'
            '</citation><bibliography><layout><text variable="title"/></layout></bibliography>')
AUTHOR_YEAR = ('<citation collapse="{mode}" disambiguate-add-year-suffix="true"{extra}>'
               '<layout delimiter="{delimiter}"><group delimiter=" "><names variable="author">'
               '<name form="short"/></names><date variable="issued"><date-part name="year"/>'
               '</date></group><text variable="year-suffix"/></layout></citation>')


def style(tmp_path: Path, body: str) -> str:
    """A CSL style written to a file, as its path."""
    path = tmp_path / "fixture.csl"
    path.write_text(CSL.format(body=body), encoding="utf-8")
    return str(path)


def item(key: str, family: str | None = None, year: int | None = None) -> dict:
    """A book, with one author and a year if given."""
    out: dict = {"id": key, "type": "book", "title": f"Book {key}"}
    if family:
        out["author"] = [{"family": family, "given": "John"}]
    if year:
        out["issued"] = {"date-parts": [[year]]}
    return out


def test_citation_number_ranges(tmp_path) -> None:
    """collapse="citation-number": three or more consecutive numbers make a range, with each
    cite's own affixes (collapse_CitationNumberRangesMixed)."""
    csl = style(tmp_path, NUMBERED.format(
        delimiter=", ", cite='<text prefix="[" suffix="]" variable="citation-number"/>'))
    items = [item(f"i{n}") for n in range(1, 8)]
    clusters = [[f"i{n}" for n in range(1, 8)], ["i1", "i2", "i3", "i5", "i6", "i7"],
                ["i1", "i2", "i4"]]
    assert render_citations(items, clusters, csl) == \
        ["([1]–[7])", "([1]–[3], [5]–[7])", "([1], [2], [4])"]


def test_a_repeated_number_starts_a_new_range(tmp_path) -> None:
    """collapse_NumericDuplicate: `1,2,2–4`."""
    csl = style(tmp_path, NUMBERED.format(delimiter=",",
                                          cite='<text variable="citation-number"/>'))
    items = [item(f"i{n}") for n in range(1, 5)]
    assert render_citations(items, [["i1", "i2", "i2", "i3", "i4"]], csl) == ["(1,2,2–4)"]


@pytest.mark.parametrize("mode, extra, delimiter, expected", [
    # collapse_YearSuffixCollapse
    ("year-suffix-ranged", ' year-suffix-delimiter=","', ", ",
     ["Smith 2000a–e, 2001", "Smith 2000a,c–e, 2001"]),
    # collapse_YearSuffixCollapseNoRange
    ("year-suffix", ' year-suffix-delimiter=","', ", ",
     ["Smith 2000a,b,c,d,e, 2001", "Smith 2000a,c,d,e, 2001"]),
    # collapse_YearSuffixCollapseNoYearSuffixDelimiter
    ("year-suffix-ranged", "", ";", ["Smith 2000a–e;2001", "Smith 2000a;c–e;2001"]),
    # year only: names once, every year printed
    ("year", "", ", ", ["Smith 2000a, 2000b, 2000c, 2000d, 2000e, 2001",
                        "Smith 2000a, 2000c, 2000d, 2000e, 2001"]),
])
def test_year_suffix_collapsing(tmp_path, mode, extra, delimiter, expected) -> None:
    """collapse="year", "year-suffix" and "year-suffix-ranged" with their delimiters."""
    csl = style(tmp_path, AUTHOR_YEAR.format(mode=mode, extra=extra, delimiter=delimiter))
    items = [item(f"i{n}", "Smith", 2000) for n in range(1, 6)] + [item("i6", "Smith", 2001)]
    clusters = [[f"i{n}" for n in range(1, 7)], ["i1", "i3", "i4", "i5", "i6"]]
    assert render_citations(items, clusters, csl) == expected


def test_author_collapse_without_a_date(tmp_path) -> None:
    """collapse_AuthorCollapseNoDate: a first cite with names only, then bare years."""
    csl = style(tmp_path, '<citation collapse="year"><layout prefix="(" suffix=")" '
                          'delimiter=", "><group delimiter=" "><names variable="author">'
                          '<name form="short"/></names><date variable="issued"><date-part '
                          'name="year"/></date></group></layout></citation>')
    items = [item("i3", "Smith"), item("i1", "Smith", 1900), item("i2", "Smith", 2000)]
    assert render_citations(items, [["i3", "i1", "i2"]], csl) == ["(Smith, 1900, 2000)"]


def test_after_collapse_delimiter(tmp_path) -> None:
    """collapse_TrailingDelimiter: `after-collapse-delimiter` follows a collapsed group only."""
    csl = style(tmp_path, '<citation after-collapse-delimiter="; " collapse="year-suffix" '
                          'disambiguate-add-year-suffix="true" et-al-min="3" '
                          'et-al-use-first="1" year-suffix-delimiter=", "><layout '
                          'delimiter=", " prefix="(" suffix=")"><group delimiter=" ">'
                          '<names variable="author"><name and="symbol" delimiter=", " '
                          'form="short"/><et-al/></names><date variable="issued"><date-part '
                          'name="year"/></date></group><text variable="year-suffix"/>'
                          '</layout></citation>')
    condit = [{"family": f, "given": "J"} for f in ("Condit", "Doe", "Roe", "Smith")]
    items = [dict(item(k, year=y), author=condit) for k, y in
             (("i1", 2000), ("i2", 1995), ("i3", 1998))]
    items += [item("i4", "Connell", 1971),
              dict(item("i5", year=1971), author=[{"family": "Cortes", "given": "J"},
                                                  {"family": "Hunziker", "given": "J"}])]
    assert render_citations(items, [["i1", "i2", "i3", "i4", "i5"]], csl) == \
        ["(Condit et al. 2000, 1995, 1998; Connell 1971, Cortes & Hunziker 1971)"]


BOOKS = [dict(item("d1", "Doe", 2000)), dict(item("d2", "Doe", 2001), title="A"),
         dict(item("d3", "Doe", 2001), title="B"), item("j", "Jones", 1999)]


@pytest.mark.parametrize("style_id, cluster, expected", [
    ("apa", ["d1", "j", "d2"], "(Doe, 2000, 2001a; Jones, 1999)"),  # sorted, then grouped
    ("chicago-author-date", ["d1", "d2", "d3", "j"], "(Doe 2000, 2001a, 2001b; Jones 1999)"),
    ("chicago-author-date", ["d1", "j", "d2"], "(Doe 2000; Jones 1999; Doe 2001a)"),  # adjacent only
    ("nature", ["d1", "d3", "j"], "1,3,4"),
    ("nature", ["d1", "d2", "d3", "j"], "1–4"),
])
def test_real_styles_collapse_as_citeproc_js(style_id, cluster, expected) -> None:
    """APA, Chicago (collapse="year") and Nature (collapse="citation-number")."""
    assert render_citations(BOOKS, [cluster], style_id) == [expected]


def test_number_ranges_plan() -> None:
    """The plan alone: cites that print no plain number (None) never join a range."""
    options = collapse.Options("citation-number", ", ", ", ", "; ", ", ")
    pieces = collapse.number_ranges([1, 2, 3, None, 4, 5, 6, 7], options)
    assert [(p.delimiter, p.first, p.last) for p in pieces] == \
        [("", 0, 2), ("; ", 3, 3), (", ", 4, 7)]
