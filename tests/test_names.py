"""BibTeX name lists, split and parsed on raw LaTeX before decoding (`syllabib.names`)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from syllabib.names import (OTHERS, Name, display_name, family_names, parse_name, parse_names,
                            short_authors, split_names)


@pytest.mark.parametrize("raw, names", [
    ("Ward, T. and Keenan, T.", ["Ward, T.", "Keenan, T."]),
    ("Barnes and {Noble and Co}", ["Barnes", "{Noble and Co}"]),
    ("{Barnes and Noble}", ["{Barnes and Noble}"]),
    ("Ward, T.\nand\nKeenan, T.", ["Ward, T.", "Keenan, T."]),
    ("Ward, T.\tAND Keenan, T.", ["Ward, T.", "Keenan, T."]),
    ("Ward And Keenan", ["Ward", "Keenan"]),
    ("Alexander Andrews and Sandy Brand", ["Alexander Andrews", "Sandy Brand"]),
    ("A and and B", ["A", "B"]), ("  A  ", ["A"]), ("", []), ("   ", []),
    ("A and others", ["A", "others"]),
])
def test_split_names(raw: str, names: list[str]) -> None:
    assert split_names(raw) == names


@pytest.mark.parametrize("raw, name", [
    ("van der Bruggen, Madeleine", Name("Madeleine", "Bruggen", "van der", "", False)),
    ("Madeleine van der Bruggen", Name("Madeleine", "Bruggen", "van der", "", False)),
    ("Ludwig van Beethoven", Name("Ludwig", "Beethoven", "van", "", False)),
    ("Smith, Jr., John", Name("John", "Smith", "", "Jr.", False)),
    ("{World Health Organization}", Name("", "World Health Organization", "", "", True)),
    ("Jean-Paul Sartre", Name("Jean-Paul", "Sartre", "", "", False)),
    ("Ward, Tony", Name("Tony", "Ward", "", "", False)),
    ("Aristotle", Name("", "Aristotle", "", "", False)),
    ("Donald~E. Knuth", Name("Donald E.", "Knuth", "", "", False)),
    (r"{\"O}hman, Ann", Name("Ann", r'{\"O}hman', "", "", False)),
    (r"Ann {\"O}hman", Name("Ann", r'{\"O}hman', "", "", False)),
    (r"Jean {\'e}mile Zola", Name("Jean", "Zola", r"{\'e}mile", "", False)),
    ("Charles {de} Gaulle", Name("Charles {de}", "Gaulle", "", "", False)),
    ("Ó Ciardha, Seán", Name("Seán", "Ó Ciardha", "", "", False)),
    ("Gerard 't Hooft", Name("Gerard", "Hooft", "'t", "", False)),
    ("bell hooks", Name("", "hooks", "bell", "", False)),  # the last word is always family
    ("{Barnes and Noble}", Name("", "Barnes and Noble", "", "", True)),
])
def test_parse_name(raw: str, name: Name) -> None:
    assert parse_name(raw) == name


def test_name_is_frozen() -> None:
    name = parse_name("Ludwig van Beethoven")
    with pytest.raises(AttributeError):
        name.family = "Bach"  # type: ignore[misc]


def test_others() -> None:
    names = parse_names("Ward, Tony and others")
    assert names[-1] == OTHERS
    assert OTHERS.family == "others" and OTHERS.literal
    assert family_names("Ward, Tony and others") == ["Ward"]


def test_parse_names_protects_braced_and() -> None:
    assert parse_names("Barnes and {Noble and Co}") == [
        Name(family="Barnes"), Name(family="Noble and Co", literal=True)]


def test_family_names_are_decoded() -> None:
    assert family_names(r"van der Bruggen, Madeleine and {\"O}hman, Ann and {WHO}") == [
        "van der Bruggen", "Öhman", "WHO"]


@pytest.mark.parametrize("raw, short", [
    ("Ward, Tony", "Ward"), ("Ward, Tony and Keenan, Thomas", "Ward & Keenan"),
    ("Ward, Tony and Keenan, Thomas and Smith, John", "Ward et al."),
    ("Ward, Tony and others", "Ward et al."), ("Ward and Keenan AND others", "Ward et al."),
    ("van der Bruggen, M.", "van der Bruggen"), (r"{\"O}hman, A.", "Öhman"),
    ("{World Health Organization}", "World Health Organization"), ("", ""),
    ("Tony Ward\nand\nThomas Keenan", "Ward & Keenan"),
])
def test_short_authors(raw: str, short: str) -> None:
    assert short_authors(raw) == short


@pytest.mark.parametrize("raw, shown", [
    ("van der Bruggen, Madeleine", "Madeleine van der Bruggen"),
    ("Smith, Jr., John", "John Smith, Jr."),
    (r"{\"O}hman, Ann", "Ann Öhman"),
    ("{World Health Organization}", "World Health Organization"),
    ("Jean-Paul Sartre", "Jean-Paul Sartre"),
])
def test_display_name(raw: str, shown: str) -> None:
    assert display_name(parse_name(raw)) == shown


@settings(max_examples=300)
@given(st.text(max_size=80))
def test_parse_names_never_raises(value: str) -> None:
    for name in parse_names(value):
        assert isinstance(name, Name)
        assert isinstance(display_name(name), str)
    assert isinstance(short_authors(value), str)


_NAMEY = st.text(alphabet=st.sampled_from(list("{}\\\"'~,- \n\tandANDothersvVxX.")), max_size=50)


@settings(max_examples=300)
@given(_NAMEY)
def test_name_soup_never_raises(value: str) -> None:
    names = parse_names(value)
    assert len(names) == len(split_names(value))
    assert isinstance(short_authors(value), str)
    family_names(value)
