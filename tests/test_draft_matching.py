"""Matching citations to library entries: matched, ambiguous, suffix needed, missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from syllabib.draft import extract_citations
from syllabib.draft.matching import Matcher
from syllabib.draft.report import AMBIGUOUS, MATCHED, MISSING, SUFFIX_NEEDED
from syllabib.library import load_library

LIBRARY = r"""
@article{abel1984complications, author = {Abel, G. G. and Becker, J. V. and Cunningham-Rathner, J.},
  year = {1984}, title = {Complications, consent, and cognitions}}
@article{merdian2013explanations, author = {Merdian, Hannah and Wilson, Nick and Thakker, Jo},
  year = {2013}, title = {So why did you do it}}
@article{merdian2013three, author = {Merdian, H. and Curtis, C. and Thakker, J.},
  year = {2013}, title = {The three dimensions}}
@report{europol2020internet, author = {{EUROPOL}}, year = {2020},
  title = {Internet Organised Crime Threat Assessment}}
@report{europol2020exploiting, author = {{EUROPOL}}, year = {2020},
  title = {Exploiting Isolation}}
@misc{young2008, author = {Young, Kimberly}, year = {2008}, title = {Internet sex addiction}}
@misc{deyoung1988, author = {de Young, Mary}, year = {1988}, title = {The indignant page}}
@book{ociardha2013, author = {{\'O} Ciardha, Caoilte and Ward, Tony}, year = {2013},
  title = {Theories of cognitive distortions}}
@report{icmec2018, author = {{International Centre for Missing \& Exploited Children}},
  year = {2018}, title = {Child Sexual Abuse Material: Model Legislation}}
@book{howitt2007role, author = {Howitt, Dennis and Sheldon, Kerry}, year = {2007}, title = {Role}}
@book{sheldon2007offenders, author = {Sheldon, Kerry and Howitt, Dennis}, year = {2007},
  title = {Sex offenders and the internet}}
@article{webb2007, author = {Webb, L.}, year = {2007}, title = {Characteristics}}
@misc{krone2004a, author = {Krone, Tony}, year = {2004}, title = {Zebra title}}
@report{krone2004typology, author = {Krone, Tony}, year = {2004}, title = {A typology}}
@article{lorenzodus2017cause, year = {2017}, title = {cause ur special}}
@article{seto2010special, author = {Seto, Michael and Lalumi{\`e}re, Martin}, year = {2010},
  title = {What is so special}}
@article{vanderbruggen2020, author = {van der Bruggen, Madeleine and Blokland, Arjan},
  year = {2020}, title = {A crime script analysis}}
"""


@pytest.fixture
def matcher(make_library) -> Matcher:
    root: Path = make_library({"lib.bib": LIBRARY})
    return Matcher(load_library(root, use_cache=False).entries)


def resolve(matcher: Matcher, text: str, kind: str = "text"):
    found = extract_citations(text, kind)
    assert found, text
    return matcher.resolve_all(found)


@pytest.mark.parametrize(("text", "key"), [
    ("(Abel et al., 1984)", "abel1984complications"),
    ("(ABEL ET AL., 1984)", "abel1984complications"),  # case-insensitive
    ("(Merdian, Wilson, et al., 2013)", "merdian2013explanations"),
    ("(Merdian, Curtis, et al., 2013)", "merdian2013three"),
    ("(Europol, 2020a)", "europol2020exploiting"),  # a/b in title order, as APA
    ("(Europol, 2020b)", "europol2020internet"),
    ("(K. Young, 2008)", "young2008"),
    ("(M. de Young, 1988)", "deyoung1988"),
    ("(Ó Ciardha & Ward, 2013)", "ociardha2013"),
    ("(O Ciardha & Ward, 2013)", "ociardha2013"),  # accents optional
    ("(International Centre for Missing & Exploited Children, 2018)", "icmec2018"),
    ("(Howitt & Sheldon, 2007)", "howitt2007role"),
    ("(Sheldon and Howitt, 2007)", "sheldon2007offenders"),
    ("(Krone, 2004a)", "krone2004a"),  # explicit suffix in the key
    ("(Krone, 2004b)", "krone2004typology"),  # the other letter
    ("(Seto & Lalumiére, 2010)", "seto2010special"),  # the draft's accent differs
    ("(Van der Bruggen & Blokland, 2020)", "vanderbruggen2020"),
])
def test_matched(matcher: Matcher, text: str, key: str) -> None:
    result = resolve(matcher, text)
    assert [(r.status, r.key) for r in result] == [(MATCHED, key)]


def test_ambiguous_lists_both_candidates(matcher: Matcher) -> None:
    [r] = resolve(matcher, "(Carr, 2007; Merdian et al., 2013)")[1:]
    assert r.status == AMBIGUOUS
    assert {c.key for c in r.candidates} == {"merdian2013explanations", "merdian2013three"}


def test_suffix_needed(matcher: Matcher) -> None:
    [r] = resolve(matcher, "(Europol, 2020)")
    assert r.status == SUFFIX_NEEDED
    assert {(c.key, c.reason) for c in r.candidates} == {
        ("europol2020exploiting", "2020a"), ("europol2020internet", "2020b")}


def test_misspelt_author_offers_the_close_entry(matcher: Matcher) -> None:
    [r] = resolve(matcher, "(Able et al., 1984)")
    assert r.status == MISSING and r.candidates[0].key == "abel1984complications"
    assert "Abel" in r.candidates[0].reason


def test_year_off_by_one_offers_the_entry(matcher: Matcher) -> None:
    [r] = resolve(matcher, "(Howitt & Sheldon, 2008)")
    assert r.status == MISSING
    assert [(c.key, c.reason) for c in r.candidates] == [("howitt2007role", "year 2007")]


def test_unknown_work_is_missing_without_candidates(matcher: Matcher) -> None:
    [r] = resolve(matcher, "(Bandura, 1989)")
    assert r.status == MISSING and r.candidates == ()


def test_initials_that_do_not_fit_exclude_the_entry(matcher: Matcher) -> None:
    [r] = resolve(matcher, "(J. Young, 2008)")
    assert r.status == MISSING


def test_et_al_for_a_single_author_matches_with_a_note(matcher: Matcher) -> None:
    [r] = resolve(matcher, "(Webb et al., 2007)")
    assert r.status == MATCHED and r.key == "webb2007" and "1 author" in r.note


def test_entry_without_author_matches_by_its_key(matcher: Matcher) -> None:
    [r] = resolve(matcher, "(Lorenzo-Dus & Izura, 2017)")
    assert r.status == MATCHED and r.key == "lorenzodus2017cause" and "key" in r.note


def test_two_suffixes_on_one_entry_are_reported(make_library) -> None:
    root = make_library({"lib.bib": "@book{k2004, author = {Krone, T.}, year = {2004}}"})
    matcher = Matcher(load_library(root, use_cache=False).entries)
    results = resolve(matcher, "(Krone, 2004a; Krone, 2004b)")
    assert [r.status for r in results] == [MISSING, MISSING]
    assert "2004a, 2004b" in results[0].note


def test_key_citations(matcher: Matcher) -> None:
    found = resolve(matcher, "[@young2008; @young2009]", "markdown")
    assert [(r.status, r.key) for r in found] == [(MATCHED, "young2008"), (MISSING, "")]
    assert found[1].candidates[0].key == "young2008"
