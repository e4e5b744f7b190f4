"""Citation extraction from drafts: text normalisation, pandoc, LaTeX and author-year prose."""

from __future__ import annotations

import pytest

from syllabib.draft import extract_citations
from syllabib.draft.citation import AUTHOR_YEAR, LATEX, NARRATIVE, PANDOC
from syllabib.draft.namegroup import find_group
from syllabib.draft.reading import draft_from_text
from syllabib.draft.source import normalise


def cites(text: str, kind: str = "text") -> list[tuple[str, str, str]]:
    """(group, year+suffix, locator) of each author-year citation."""
    return [(c.group, c.year + c.suffix, c.locator) for c in extract_citations(text, kind)
            if not c.key]


# -- normalisation ----------------------------------------------------------------------------

def test_line_breaks_and_hyphens_are_joined_and_positions_kept() -> None:
    source = normalise("one (See International Centre for Miss-\ning & Exploited\nChildren)")
    assert source.text == "one (See International Centre for Missing & Exploited Children)"
    assert source.position(source.text.index("Children")) == (3, 1)
    assert source.position(source.text.index("ing")) == (2, 1)


def test_hyphen_before_a_capital_stays() -> None:
    assert normalise("(Lorenzo-\nDus & Izura, 2017)").text == "(Lorenzo-Dus & Izura, 2017)"


def test_blank_line_is_a_paragraph_break() -> None:
    assert normalise("a\n \nb  c").text == "a\n\nb c"


# -- author-year: parenthetical ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("(Stoltenborgh et al., 2011)", [("Stoltenborgh et al.", "2011", "")]),
    ("(Howitt & Sheldon, 2007, p. 481)", [("Howitt & Sheldon", "2007", "p. 481")]),
    ("(Wilson and Jones, 2008)", [("Wilson and Jones", "2008", "")]),
    ("(ECPAT International, 2016: 27)", [("ECPAT International", "2016", "27")]),
    ("(Seto, 2018, p. 118ff)", [("Seto", "2018", "p. 118ff")]),
    ("(Ward and Keenan 1999, 823)", [("Ward and Keenan", "1999", "823")]),
    ("(International Centre for Missing & Exploited Children, 2018, pp. 20–21)",
     [("International Centre for Missing & Exploited Children", "2018", "pp. 20–21")]),
    ("(ECPAT International, 2020; Europol, 2020a, 2020b; INTERPOL, 2020)",
     [("ECPAT International", "2020", ""), ("Europol", "2020a", ""), ("Europol", "2020b", ""),
      ("INTERPOL", "2020", "")]),
    ("(O’Connell, 2000b, p. 209, 2001, p. 70ff; see also Krone, 2004b)",
     [("O’Connell", "2000b", "p. 209"), ("O’Connell", "2001", "p. 70ff"),
      ("Krone", "2004b", "")]),
    ("(Merdian et al., 2018: 232; Merdian, Curtis, et al., 2013)",
     [("Merdian et al.", "2018", "232"), ("Merdian, Curtis, et al.", "2013", "")]),
    ("(van der Bruggen & Blokland, 2021b)", [("van der Bruggen & Blokland", "2021b", "")]),
    ("(Ó Ciardha & Ward, 2013)", [("Ó Ciardha & Ward", "2013", "")]),
    ("(D’Ovidio et al., 2009).5 Thus", [("D’Ovidio et al.", "2009", "")]),
    ("(Camperio Ciani et al., 2019)", [("Camperio Ciani et al.", "2019", "")]),
    ("(torproject.org, 2022)", [("torproject.org", "2022", "")]),
    ("(M. de Young, 1988,; 1989)", [("M. de Young", "1988", ""), ("M. de Young", "1989", "")]),
    ("(Smith, n.d.; Jones, in press)", [("Smith", "n.d.", ""), ("Jones", "in press", "")]),
    ("a lesson´(Ward & Keenan, 1999)", [("Ward & Keenan", "1999", "")]),
])
def test_parenthetical_citations(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert cites(text) == expected


@pytest.mark.parametrize(("text", "prefix"), [
    ("(see Sykes & Matza, 1957)", "see"),
    ("(See e.g. Elliott et al., 2009)", "See e.g."),
    ("(Steel et al., 2020; for a contrasting view, see Merdian, Wilson, et al., 2013)",
     "for a contrasting view, see"),
    ("(Henshaw et al., 2017; For overviews, see Seto, 2013, pp. 163–165)", "For overviews, see"),
])
def test_prefixes_are_kept_apart_from_the_authors(text: str, prefix: str) -> None:
    last = [c for c in extract_citations(text)][-1]
    assert last.prefix == prefix and last.group[0].isupper()


def test_narrative_citation_with_several_years() -> None:
    found = extract_citations("inquired by Babchishin et al. (2015, 2018). Contact")
    assert [(c.kind, c.group, c.year) for c in found] == [
        (NARRATIVE, "Babchishin et al.", "2015"), (NARRATIVE, "Babchishin et al.", "2018")]
    assert found[0].column == len("inquired by ") + 1


def test_narrative_possessive_and_locator() -> None:
    found = extract_citations("as in Ward and Keenan’s (1999, p. 823) account")
    assert [(c.group, c.year, c.locator) for c in found] == [("Ward and Keenan", "1999", "p. 823")]


def test_citation_broken_across_lines_keeps_its_first_line() -> None:
    text = "first line\nsecond (Babchishin et al., \n2015; Camperio \nCiani et al., 2019)\n"
    found = extract_citations(text)
    assert [(c.line, c.column, c.group) for c in found] == [
        (2, 9, "Babchishin et al."), (3, 7, "Camperio Ciani et al.")]
    assert found[1].text == "Camperio Ciani et al., 2019"


def test_citation_cut_by_a_footnote_and_a_page_number_is_joined() -> None:
    text = ("justify their acts (Durkin & Bryant, \n\n4 A footnote (Malesky & Ennis, 2004).\n\n"
            "27\n\n1999, pp. 112–113). Durkin and Bryant found")
    assert cites(text) == [("Durkin & Bryant", "1999", "pp. 112–113"),
                           ("Malesky & Ennis", "2004", "")]


def test_particles_and_initials_split_into_names() -> None:
    group = find_group("see M. de Young")
    assert group is not None and group.authors == ("M. de Young",)
    group = find_group("van der Bruggen & Blokland")
    assert group is not None and group.authors == ("van der Bruggen", "Blokland")
    group = find_group("Merdian, Wilson, et al.")
    assert group is not None and group.authors == ("Merdian", "Wilson") and group.et_al


# -- false positives ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ratified by the Convention on the Rights of the Child of 1989, which",
    "In 2010, McCarthy found out that",
    "In the 1980s, Hartmann, Burgess and Lanning identified",
    "Child Sexual Abuse Material (CSAM) use",
    "includes (i) grooming, (ii) manipulating",
    "Howitt and Sheldon compared convicted offenders",
    "previous result of 31,7 percent (p. 12)",
    "the age of 18 (see below)",
    "crimes,3 a multitude\n\n27\n\nof actors",
    "in 2018 (the year after the 2017 reform)",
    "He said (however, Smith noted in 2001) that",
])
def test_no_citation(text: str) -> None:
    assert extract_citations(text) == []


def test_a_parenthesis_opening_with_a_prefix_is_not_narrative() -> None:
    found = extract_citations("as put forward by Sykes & Matza (see Sykes & Matza, 1957):")
    assert [(c.kind, c.prefix) for c in found] == [(AUTHOR_YEAR, "see")]


# -- pandoc ------------------------------------------------------------------------------------

def test_pandoc_bracketed_and_narrative() -> None:
    found = extract_citations("As @ward1999 [p. 823] says [see @howitt2007, pp. 3-4; -@ward2000]."
                              " Mail me at a@b.org.", "markdown")
    assert [(c.kind, c.key, c.locator, c.prefix) for c in found] == [
        (PANDOC, "ward1999", "p. 823", ""), (PANDOC, "howitt2007", "pp. 3-4", "see"),
        (PANDOC, "ward2000", "", "")]


def test_pandoc_braced_key_and_position() -> None:
    found = extract_citations("line one\nsee [@{odd key}, ch. 2]", "markdown")
    assert [(c.key, c.locator, c.line, c.column) for c in found] == [("odd key", "ch. 2", 2, 6)]


# -- LaTeX -------------------------------------------------------------------------------------

def test_latex_commands_with_notes_and_several_keys() -> None:
    text = (r"As \textcite{ward1999} and \citet[p.~3]{howitt2007} show \citep[see][ch. 2]"
            r"{a, b}. \parencite{c} \cite*{d} % \cite{commented}" "\n" r"\nocite{*}")
    draft = draft_from_text(text, "latex")
    found = extract_citations(draft.text, draft.kind)
    assert [(c.kind, c.key, c.prefix, c.locator) for c in found] == [
        (LATEX, "ward1999", "", ""), (LATEX, "howitt2007", "", "p. 3"),
        (LATEX, "a", "see", "ch. 2"), (LATEX, "b", "see", "ch. 2"), (LATEX, "c", "", ""),
        (LATEX, "d", "", "")]


def test_latex_multicite() -> None:
    found = extract_citations(r"\parencites[p. 3]{a}[4]{b}", "latex")
    assert [(c.key, c.locator) for c in found] == [("a", "p. 3"), ("b", "4")]
