"""Compat layer, CSL disambiguation: add-givenname (with each givenname-disambiguation-rule),
add-names, and what they change in the bibliography.

Fixtures are transcribed by hand from the CSL processor test suite
(citation-style-language/test-suite, processor-tests/humans, named in each test) or taken from
our corpora; the expected strings are citeproc-js's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from syllabib.render.engine import render_bibliography, render_citations
from syllabib.render.model import runs_text

CSL = '<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">' \
      '<info><id/><title/><updated>2009-08-10T04:49:00+09:00</updated></info>{body}</style>'
YEAR = '<date variable="issued"><date-part name="year"/></date>'


def style(tmp_path: Path, body: str) -> str:
    """A CSL style written to a file, as its path."""
    path = tmp_path / "fixture.csl"
    path.write_text(CSL.format(body=body), encoding="utf-8")
    return str(path)


def book(key: str, year: int | None, *names: str, title: str = "") -> dict:
    """A book by `Family, Given` names."""
    authors = [dict(zip(("family", "given"), name.split(", "))) for name in names]
    item = {"id": key, "type": "book", "author": authors, "title": title or key}
    if year:
        item["issued"] = {"date-parts": [[year]]}
    return item


def cite_all(items: list[dict], csl: str) -> str:
    """All items in one cluster."""
    return render_citations(items, [[i["id"] for i in items]], csl)[0]


def test_add_names_shows_the_name_that_differs(tmp_path) -> None:
    """disambiguate-add-names (disambiguate_AddNamesSuccess)."""
    csl = style(tmp_path, '<citation et-al-min="3" et-al-use-first="1" '
                          'disambiguate-add-names="true"><layout delimiter="; ">'
                          '<group delimiter=" "><names variable="author"><name and="symbol" '
                          'delimiter=", " delimiter-precedes-last="never" form="short"/></names>'
                          '<date variable="issued" prefix="(" suffix=")"><date-part name="year"/>'
                          '</date></group></layout></citation>')
    items = [book("a", 1980, "Smith, John", "Brown, John", "Jones, John"),
             book("b", 1980, "Smith, John", "Beefheart, Captain", "Jones, John")]
    assert cite_all(items, csl) == "Smith, Brown, et al. (1980); Smith, Beefheart, et al. (1980)"


ANDREA = ('<citation et-al-min="3" et-al-use-first="1" disambiguate-add-names="true" '
          'disambiguate-add-givenname="true"><layout delimiter="; "><group delimiter=" ">'
          '<names delimiter=", " variable="author"><name initialize-with=". " and="symbol" '
          'delimiter-precedes-last="never" form="short"/></names>'
          '<date variable="issued" prefix="(" suffix=")"><date-part name="year"/></date>'
          '</group></layout></citation>')


def test_added_name_expanded_when_only_that_tells_cites_apart(tmp_path) -> None:
    """add-names, then add-givenname on an added name; a true duplicate stays ambiguous
    (disambiguate_AndreaEg1b)."""
    items = [book("1", 1980, "Smith, John", "Brown, John", "Jones, John"),
             book("2", 1980, "Smith, John", "Brown, John", "Jones, John"),
             book("3", 1980, "Smith, John", "Benson, John", "Jones, John"),
             book("4", 1980, "Smith, John", "Brown, John", "Jones, Arthur")]
    assert render_citations(items, [["1", "2"], ["1", "3"], ["1", "4"]], style(tmp_path, ANDREA)) \
        == ["Smith, Brown & J. Jones (1980); Smith, Brown & J. Jones (1980)",
            "Smith, Brown & J. Jones (1980); Smith, Benson, et al. (1980)",
            "Smith, Brown & J. Jones (1980); Smith, Brown & A. Jones (1980)"]


@pytest.mark.parametrize("rule, expected", [
    # disambiguate_AllNamesSimpleSequence: names expanded although the cites differ anyway
    ("all-names", "Nolan J. Malone 2001; Kemp Malone 1951"),
    # by-cite (the default): only ambiguous cites are touched
    ("by-cite", "Malone 2001; Malone 1951"),
])
def test_global_name_disambiguation_only_with_global_rules(tmp_path, rule, expected) -> None:
    """givenname-disambiguation-rule: all-names disambiguates names, by-cite only cites."""
    csl = style(tmp_path, f'<citation disambiguate-add-givenname="true" '
                          f'givenname-disambiguation-rule="{rule}"><layout delimiter="; ">'
                          f'<group delimiter=" "><names variable="author"><name form="short"/>'
                          f'</names>{YEAR}</group></layout></citation>')
    items = [book("1", 2001, "Malone, Nolan J."), book("2", 1951, "Malone, Kemp")]
    assert cite_all(items, csl) == expected


def test_primary_name_with_initials_expands_only_first_names(tmp_path) -> None:
    """givenname-disambiguation-rule="primary-name-with-initials"
    (disambiguate_PrimaryNameWithInitialsLimitedToPrimary)."""
    csl = style(tmp_path, '<citation et-al-min="3" et-al-use-first="1" '
                          'disambiguate-add-givenname="true" disambiguate-add-year-suffix="true" '
                          'givenname-disambiguation-rule="primary-name-with-initials">'
                          '<layout delimiter="; "><names delimiter=", " variable="author">'
                          '<name and="text" delimiter=", " delimiter-precedes-last="never" '
                          'form="short" initialize-with="."/></names><group prefix=" (" '
                          f'suffix=")">{YEAR}<text variable="year-suffix"/></group></layout>'
                          '</citation>')
    items = [book("1", 1980, "Asthma, Albert", "Bronchitis, Bosworth", "Cold, Crispin"),
             book("2", 1995, "Asthma, Gargoyle", "Bronchitis, Billy", "Cold, Odeous"),
             book("3", 1995, "Dropsy, Duncan", "Asthma, Albert")]
    assert cite_all(items, csl) == \
        "A. Asthma et al. (1980); G. Asthma et al. (1995); Dropsy and Asthma (1995)"


def test_with_initials_rule_never_shows_full_given_names(tmp_path) -> None:
    """givenname-disambiguation-rule="all-names-with-initials" (disambiguate_ToInitialOnly):
    Cecil and Charles Smith share their initial and stay `Smith`."""
    csl = style(tmp_path, '<citation disambiguate-add-givenname="true" '
                          'givenname-disambiguation-rule="all-names-with-initials">'
                          '<layout delimiter="; "><names variable="author"><name and="text" '
                          'initialize-with="." form="short"/></names></layout></citation>')
    items = [book("1", None, "Smith, Cecil"), book("2", None, "Smith, Charles"),
             book("3", None, "Muggins, Bob"), book("4", None, "Muggins, Jardine")]
    assert cite_all(items, csl) == "Smith; Smith; B. Muggins; J. Muggins"


def test_names_added_in_vain_are_taken_back_for_the_year_suffix(tmp_path) -> None:
    """add-names that cannot help leaves the base name count; the year suffix decides
    (disambiguate_AllNamesBaseNameCountOnFailureIfYearSuffixAvailable)."""
    csl = style(tmp_path, '<citation disambiguate-add-givenname="true" '
                          'disambiguate-add-names="true" disambiguate-add-year-suffix="true" '
                          'et-al-min="3" et-al-use-first="1" givenname-disambiguation-rule='
                          '"all-names"><layout delimiter="; "><names delimiter=", " '
                          'variable="author"><name delimiter=", " form="short" '
                          f'initialize-with="."/></names><group prefix=" (" suffix=")">{YEAR}'
                          '<text variable="year-suffix"/></group></layout></citation>')
    items = [book("1", 1990, "Asthma, Albert", "Bronchitis, Bosworth", "Cold, Crispin",
                  title="Book A"),
             book("2", 1990, "Asthma, Albert", "Bronchitis, Bosworth", "Cold, Crispin",
                  title="Book B"),
             book("3", 2000, "Dropsy, Devon", "Enteritis, Edward", "Fever, Xavier"),
             book("4", 2000, "Dropsy, Devon", "Enteritis, Ernie", "Fever, Yves")]
    assert cite_all(items, csl) == ("Asthma et al. (1990a); Asthma et al. (1990b); "
                                    "Dropsy, Edward Enteritis, et al. (2000); "
                                    "Dropsy, Ernie Enteritis, et al. (2000)")


def test_bibliography_shows_the_names_its_cite_needed(tmp_path) -> None:
    """An entry lists at least the names added to its cite (citeproc-js: MLA
    `Li, Lisha, Kevin Jamieson, et al.`)."""
    csl = style(tmp_path, '<citation et-al-min="3" et-al-use-first="1" '
                          'disambiguate-add-names="true"><layout><names variable="author">'
                          '<name form="short"/></names></layout></citation>'
                          '<bibliography et-al-min="3" et-al-use-first="1"><layout>'
                          '<names variable="author"><name name-as-sort-order="first"/></names>'
                          '</layout></bibliography>')
    items = [book("1", 2018, "Li, Lisha", "Jamieson, Kevin", "DeSalvo, Giulia"),
             book("2", 2018, "Li, Lisha", "Tang, Ke", "Yao, Xin")]
    texts = [runs_text(r.runs) for r in render_bibliography(items, csl).references]
    assert texts == ["Li, Lisha, Kevin Jamieson, et al.", "Li, Lisha, Ke Tang, et al."]


SOCIAL = Path(__file__).parent / "corpora-own" / "social-science.bib"


@pytest.fixture(scope="module")
def merdian() -> list[dict]:
    """The two 2013 works of Merdian et al. in our corpus (H. L. / Hannah L. Merdian)."""
    from syllabib.csl.mapping import bib_to_csl_items

    return [i for i in bib_to_csl_items(SOCIAL) if str(i["id"]).startswith("merdian2013")]


@pytest.mark.parametrize("style_id, expected", [
    # primary-name-with-initials: initials are the same, the second author tells them apart
    ("apa", ["(Merdian, Wilson, et al., 2013)", "(Merdian, Curtis, et al., 2013)"]),
    # primary-name: full given names (global name disambiguation)
    ("chicago-author-date", ["(Hannah L. Merdian et al. 2013)", "(H. L. Merdian et al. 2013)"]),
    # by-cite without initialize-with: full given names
    ("harvard-cite-them-right",
     ["(Hannah L. Merdian et al., 2013)", "(H. L. Merdian et al., 2013)"]),
])
def test_corpus_merdian_2013(merdian, style_id, expected) -> None:
    """CSL disambiguation in real styles (citeproc-js output for our corpus)."""
    keys = sorted(str(i["id"]) for i in merdian)
    assert render_citations(merdian, [[k] for k in keys], style_id) == expected


def test_corpus_harvard_bibliography_shows_the_expanded_given_name(merdian) -> None:
    """The bibliography entry shows the given name its cite needed (citeproc-js:
    `Merdian, Hannah L. et al.`, where Harvard otherwise prints initials)."""
    texts = {r.key: runs_text(r.runs) for r in
             render_bibliography(merdian, "harvard-cite-them-right").references}
    assert texts["merdian2013explanations"].startswith("Merdian, Hannah L. et al. (2013)")
    assert texts["merdian2013three"].startswith("Merdian, H. L. et al. (2013)")


def test_implicit_year_suffix_follows_the_first_year(tmp_path) -> None:
    """disambiguate-add-year-suffix without a `year-suffix` cs:text: the suffix follows the
    first year rendered through cs:date, once per cite and entry
    (disambiguate_NoTextElementUsesYearSuffixVariable, ..._ImplicitYearSuffixOnceOnly)."""
    csl = style(tmp_path, '<citation disambiguate-add-year-suffix="true"><layout '
                          'delimiter="; "><names variable="author"><name form="short"/>'
                          '</names><date variable="issued" prefix=" (" suffix=")">'
                          '<date-part name="year"/></date></layout></citation>'
                          '<bibliography><layout><group delimiter=" "><date variable="issued" '
                          'prefix="[" suffix="]"><date-part name="year"/></date><text '
                          'variable="title"/><date variable="issued"><date-part name="year"/>'
                          '</date></group></layout></bibliography>')
    items = [book("1", 2000, "Doe, John", title="Book A"),
             book("2", 2000, "Doe, John", title="Book B")]
    assert cite_all(items, csl) == "Doe (2000a); Doe (2000b)"
    texts = [runs_text(r.runs) for r in render_bibliography(items, csl).references]
    assert texts == ["[2000a] Book A 2000", "[2000b] Book B 2000"]
