"""LaTeX decoding and BibTeX name parsing (split before decoding)."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from syllabib.latex import strip_braces, to_unicode
from syllabib.names import OTHERS, Name, parse_name, parse_names, short_authors, split_names


@pytest.mark.parametrize("raw, text", [
    (r'{\"O}hman', "Öhman"), (r'\"{o}', "ö"), (r"Caf\'e", "Café"), (r"{\'\i}", "í"),
    (r"\c{c}", "ç"), (r"\v{s}", "š"), (r"\ss{}", "ß"), (r"{\L}ukasz", "Łukasz"), (r"\H{o}", "ő"),
    (r"A \& B", "A & B"), ("1--22", "1–22"), ("a---b", "a—b"), (r"50\%", "50%"),
    ("``quoted''", "“quoted”"), (r"\emph{Em} and \textit{it}", "Em and it"),
    (r"\url{http://x.y/~z}", "http://x.y/~z"), (r"\mkbibquote{q}", "q"),
    ("{World Health Organization}", "World Health Organization"), ("Ó Ciardha", "Ó Ciardha"),
    ("two\n   lines", "two lines"), (r"\unknownmacro{arg}", "arg"),
    # the macro-heavy titles of tugboat.bib, decoded without pylatexenc
    (r"{{\AmSTeX{}{\Dash}``A very friendly product}''}", "AmSTeX—“A very friendly product”"),
    (r"Why {\TeX} should NOT output \PS{}{\Dash}yet", "Why TeX should NOT output PS—yet"),
    (r"The {\TeX book}", "The TeXbook"), (r"{\TeX} users", "TeX users"),
    (r"{\noopsort{Han}H{\`a}n Th{\^e}}", "Hàn Thê"), (r"\LaTeX\ and \BibTeX", "LaTeX and BibTeX"),
    (r"General {\it k}-opt", "General k-opt"), (r"Report from the \acro{DVI} driver",
                                                  "Report from the DVI driver"),
])
def test_to_unicode(raw: str, text: str) -> None:
    assert to_unicode(raw) == text


def test_strip_braces() -> None:
    assert strip_braces(r"{The {WHO}} \{x\}") == "The WHO {x}"


@given(st.text(max_size=60))
def test_to_unicode_never_raises(value: str) -> None:
    assert isinstance(to_unicode(value), str)


@pytest.mark.parametrize("raw, name", [
    ("van der Bruggen, Madeleine", Name("Madeleine", "Bruggen", "van der")),
    ("Ludwig van Beethoven", Name("Ludwig", "Beethoven", "van")),
    ("Smith, Jr., John", Name("John", "Smith", "", "Jr.")),
    ("{World Health Organization}", Name(family="World Health Organization", literal=True)),
    ("Jean-Paul Sartre", Name("Jean-Paul", "Sartre")),
    (r"{\"O}hman, Ann", Name("Ann", r'{\"O}hman')),
    ("Aristotle", Name(family="Aristotle")),
])
def test_parse_name(raw: str, name: Name) -> None:
    assert parse_name(raw) == name


def test_split_names_respects_braces_and_case() -> None:
    assert split_names("Barnes and {Noble and Co}") == ["Barnes", "{Noble and Co}"]
    assert split_names("Ward, T.\nAND Keenan, T.") == ["Ward, T.", "Keenan, T."]
    assert parse_names("A and others")[-1] == OTHERS


@pytest.mark.parametrize("raw, short", [
    ("Ward, Tony", "Ward"), ("Ward, Tony and Keenan, Thomas", "Ward & Keenan"),
    ("A, B and C, D and E, F", "A et al."), ("A, B and others", "A et al."),
    ("van der Bruggen, M.", "van der Bruggen"), (r"{\"O}hman, A.", "Öhman"), ("", ""),
])
def test_short_authors(raw: str, short: str) -> None:
    assert short_authors(raw) == short


@given(st.text(max_size=60))
def test_parse_names_never_raises(value: str) -> None:
    parse_names(value)
