"""LaTeX → Unicode decoding of BibTeX field values (`syllabib.latex`)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from syllabib.latex import strip_braces, to_unicode

NBSP = "\u00a0"


@pytest.mark.parametrize("raw, text", [
    (r'{\"o}', "ö"), (r'\"{o}', "ö"), (r"\'e", "é"), (r"{\'\i}", "í"), (r"\'{\i}", "í"),
    (r"\c{c}", "ç"), (r"\v{s}", "š"), (r"\~n", "ñ"), (r"\^e", "ê"), (r"\=a", "ā"), (r"\.z", "ż"),
    (r"\H{o}", "ő"), (r"\r{a}", "å"), (r"\u{g}", "ğ"), (r"\k{a}", "ą"), (r"\`{A}", "À"),
    (r'{\"O}hman', "Öhman"), (r"Caf\'e", "Café"), (r"Kurt G{\"o}del", "Kurt Gödel"),
])
def test_accents(raw: str, text: str) -> None:
    assert to_unicode(raw) == text


@pytest.mark.parametrize("raw, text", [
    (r"\o", "ø"), (r"\O", "Ø"), (r"\ss", "ß"), (r"\ss{}", "ß"), (r"\ae", "æ"), (r"\AE", "Æ"),
    (r"\oe", "œ"), (r"\OE", "Œ"), (r"\aa", "å"), (r"\AA", "Å"), (r"\l", "ł"), (r"\L", "Ł"),
    (r"\i", "ı"), (r"\j", "ȷ"), (r"{\o}rsted", "ørsted"), (r"{\L}ukasz", "Łukasz"),
    (r"Stra\ss e", "Straße"), (r"\o \O", "øØ"),
])
def test_special_letters(raw: str, text: str) -> None:
    assert to_unicode(raw) == text


@pytest.mark.parametrize("raw, text", [
    (r"A \& B", "A & B"), (r"50\%", "50%"), (r"\$5", "$5"), (r"\#1", "#1"), (r"a\_b", "a_b"),
    ("pp. 1--22", "pp. 1\u201322"), ("yes---no", "yes\u2014no"), ("a~b", f"a{NBSP}b"),
    ("``quoted''", "\u201cquoted\u201d"), ("Jean-Paul", "Jean-Paul"),
])
def test_escapes_dashes_and_quotes(raw: str, text: str) -> None:
    assert to_unicode(raw) == text


@pytest.mark.parametrize("raw, text", [
    (r"\textit{x}", "x"), (r"\emph{x}", "x"), (r"\textbf{x}", "x"), (r"\textsc{x}", "x"),
    (r"\url{http://x.y/~z}", "http://x.y/~z"), (r"\mkbibquote{x}", "x"),
    (r"\emph{Em} and \textit{it}", "Em and it"), (r"On \textbf{\emph{nested}} markup",
                                                  "On nested markup"),
])
def test_markup_keeps_its_text(raw: str, text: str) -> None:
    assert to_unicode(raw) == text


@pytest.mark.parametrize("raw, text", [
    ("{World Health Organization}", "World Health Organization"),
    ("The {DNA} of {{BibTeX}}", "The DNA of BibTeX"),
    ("two\n   lines\t\tand  tabs", "two lines and tabs"), ("  padded  ", "padded"),
    ("$x^2$ terms", "x^2 terms"), ("$n$-gram", "n-gram"),
])
def test_braces_whitespace_and_math(raw: str, text: str) -> None:
    assert to_unicode(raw) == text


@pytest.mark.parametrize("raw", ["Ó Ciardha", "Zürich", "plain title", "Smith, John", "e-mail"])
def test_plain_text_passes_through(raw: str) -> None:
    assert to_unicode(raw) == raw


def test_output_is_nfc() -> None:
    assert to_unicode("Cafe\u0301") == "Caf\u00e9"
    assert to_unicode(r"Caf\'e") == "Caf\u00e9"
    assert to_unicode(r"\'{\i}") == unicodedata.normalize("NFC", "i\u0301")


@pytest.mark.parametrize("raw, text", [
    (r"\unknownmacro{arg}", "arg"), (r"\foo{bar} baz", "bar baz"), (r"\acro{DVI} driver",
                                                                   "DVI driver"),
])
def test_unknown_macros_keep_their_argument(raw: str, text: str) -> None:
    assert to_unicode(raw) == text


@pytest.mark.parametrize("raw", ["\\", "{", "}", "$", "{\\", "\\'", r"\begin{x}", r"\verb|x",
                                 "{{{", "}}}", "$$$", r"\c", "\\" * 5, "{\\\"}"])
def test_malformed_input_does_not_raise(raw: str) -> None:
    assert isinstance(to_unicode(raw), str)


def test_strip_braces() -> None:
    assert strip_braces("{The {WHO}} report") == "The WHO report"
    assert strip_braces(r"\{x\}") == "{x}"
    assert strip_braces(r"{\"O}hman") == r"\"Ohman"
    assert strip_braces("no braces") == "no braces"


@settings(max_examples=300)
@given(st.text(max_size=80))
def test_to_unicode_never_raises(value: str) -> None:
    text = to_unicode(value)
    assert isinstance(text, str)
    assert text == text.strip()
    assert unicodedata.is_normalized("NFC", text)


_LATEXY = st.text(alphabet=st.sampled_from(list("\\{}$~-'`\"^.=ucvHkrioalsAO &%#_ \n")),
                  max_size=40)


@settings(max_examples=300)
@given(_LATEXY)
def test_to_unicode_never_raises_on_latex_soup(value: str) -> None:
    assert isinstance(to_unicode(value), str)


@given(st.text(alphabet=st.characters(blacklist_characters="\\{}~$-`'\u00a0\u2002\u2003\u2009\u202f"),
               max_size=60))
def test_fast_path_only_collapses_whitespace(value: str) -> None:
    expected = unicodedata.normalize("NFC", " ".join(value.split()))
    assert to_unicode(value) == expected


def test_no_break_spaces_survive_collapsing() -> None:
    assert to_unicode("Donald~E.  Knuth") == f"Donald{NBSP}E. Knuth"
    assert to_unicode(f"a{NBSP}b") == f"a{NBSP}b"


def test_text_mode_ascii_specials_decode() -> None:
    """What the CSL-JSON and RIS importers write for ^ ~ \\ in values reads back as itself."""
    from syllabib.latex import to_unicode

    assert to_unicode(r"a\textasciicircum{}b x\textasciitilde{}y \textbackslash{}z") == "a^b x~y \\z"
