"""Themes in `keywords`: other keywords and separators stay byte for byte."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, strategies as st

from syllabib.errors import UsageError
from syllabib.themes import (
    SLUG, add_themes, ancestors, detect_separator, is_theme, remove_subtree, remove_themes,
    rename_theme, slugify, split_keywords, under, validate_slug,
)


def test_slugs() -> None:
    assert SLUG.fullmatch("a-1/b2")
    for good in ("justifications/implicit-theories", "classic", "a1/b-2/c"):
        assert is_theme(good)
    for bad in ("Child abuse", "a//b", "/a", "a/", "a--b", "-a", "a-", "A", "", "é", "a b", "a_b"):
        assert not is_theme(bad)


def test_slugify() -> None:
    assert slugify("Cognitive Distortions") == "cognitive-distortions"
    assert slugify("Cognitive Distortions/Über Sicht") == "cognitive-distortions/uber-sicht"
    assert slugify("  Ó Ciardha -- Études ") == "o-ciardha-etudes"
    assert slugify("a//b/") == "a/b"


def test_validate_slug_returns_it_or_suggests_one() -> None:
    assert validate_slug("a/b-c") == "a/b-c"
    with pytest.raises(UsageError) as info:
        validate_slug("Cognitive Distortions")
    assert "cognitive-distortions" in info.value.hint
    with pytest.raises(UsageError) as info:
        validate_slug("Classic")  # not silently lower-cased
    assert "'classic'" in info.value.hint


def test_under_and_ancestors() -> None:
    assert under("a", "a") and under("a/b/c", "a/b")
    assert not under("ab", "a") and not under("a", "a/b")
    assert ancestors("a/b/c") == ["a", "a/b"]
    assert ancestors("a") == []


@pytest.mark.parametrize("raw, expected", [
    ("a, b", ", "), ("a,b", ","), ("a; b", "; "), ("a;b", ";"),
    ("a ,  b", ", "), ("a,\n  b", ", "),
    ("single", ", "), ("", ", "), (None, ", "),
    ("Child abuse; Internet, x", "; "),  # the first separator wins
    ("{a, b}; c", "; "),  # commas inside braces do not count
    ("a;", "; "),
])
def test_detect_separator(raw, expected) -> None:
    assert detect_separator(raw) == expected


def test_split_keywords() -> None:
    assert split_keywords("{a, b}, c ,d") == ["{a, b}", "c", "d"]
    assert split_keywords("Child abuse; Internet, x/y") == ["Child abuse", "Internet, x/y"]
    assert split_keywords(" a ,, b , ") == ["a", "b"]
    assert split_keywords("") == [] and split_keywords("   ") == []
    assert split_keywords("x/{y; z}; w") == ["x/{y; z}", "w"]


@pytest.mark.parametrize("raw, themes, expected", [
    ("Child abuse; Internet", ["x/y"], "Child abuse; Internet; x/y"),
    ("a,  b", ["c"], "a,  b, c"),
    ("a,b", ["c"], "a,b,c"),
    ("a;b", ["c"], "a;b;c"),
    ("{a, b}, c", ["d"], "{a, b}, c, d"),
    ("{a, b}", ["d"], "{a, b}, d"),
    ("Internet", ["x", "y"], "Internet, x, y"),
    ("  a, b \n", ["c"], "  a, b, c \n"),
    ("a, b, ", ["c"], "a, b, c, "),  # a trailing separator stays where it was
    ("a, x", ["x", "y", "y"], "a, x, y"),
    ("", ["x", "y"], "x, y"),
    (None, ["x"], "x"),
    ("  ", ["x"], "x"),
])
def test_add_keeps_every_existing_byte(raw, themes, expected) -> None:
    assert add_themes(raw, themes) == expected
    assert add_themes(expected, themes) is None  # idempotent


def test_add_rejects_non_slugs() -> None:
    with pytest.raises(UsageError):
        add_themes("a", ["Not A Slug"])


def test_add_nothing_new_is_none() -> None:
    assert add_themes("a, x/y", ["x/y"]) is None
    assert add_themes("a", []) is None


@pytest.mark.parametrize("raw, themes, expected", [
    ("Child abuse, x/y, Internet", ["x/y"], "Child abuse, Internet"),
    ("Child abuse; Internet; x/y", ["x/y"], "Child abuse; Internet"),
    ("x/y,  Child abuse", ["x/y"], "Child abuse"),
    ("  x/y; a\n", ["x/y"], "  a\n"),
    ("a,b ;c", ["a"], "b ;c"),  # split on ',' here, so 'b ;c' is one keyword
    ("a,b ;c", ["b"], None),
    ("a, x, b, y", ["x", "y"], "a, b"),
    ("a, x/y, x", ["x"], "a, x/y"),  # exact match, not the subtree
    ("{a, b}, x", ["x"], "{a, b}"),
    ("x/y", ["x/y"], ""),
])
def test_remove_themes(raw, themes, expected) -> None:
    assert remove_themes(raw, themes) == expected


def test_remove_nothing_is_none() -> None:
    assert remove_themes("a, b", ["c"]) is None
    assert remove_themes("", ["c"]) is None
    assert remove_themes(None, ["c"]) is None
    assert remove_themes("{x}, b", ["x"]) is None  # braced text is not the slug


def test_remove_subtree() -> None:
    assert remove_subtree("a, a/b, ab, c", "a") == "ab, c"
    assert remove_subtree("Child abuse; a/b/c; Internet", "a/b") == "Child abuse; Internet"
    assert remove_subtree("a/b", "a") == ""
    assert remove_subtree("ab, c", "a") is None


def test_rename_in_the_middle_keeps_position_and_bytes() -> None:
    raw = "Child abuse;  old/a; y;old ; old/b/c;Internet"
    assert rename_theme(raw, "old", "new/n") == \
        "Child abuse;  new/n/a; y;new/n ; new/n/b/c;Internet"


def test_rename() -> None:
    assert rename_theme("Internet, old/a, y, old", "old", "new") == "Internet, new/a, y, new"
    assert rename_theme("a, new, old", "old", "new") == "a, new"  # later duplicate dropped
    assert rename_theme("old, a, new", "old", "new") == "new, a"
    assert rename_theme("old/x, new/x, k", "old", "new") == "new/x, k"
    assert rename_theme("older", "old", "new") is None  # not below 'old'
    assert rename_theme("a, b", "old", "new") is None
    assert rename_theme("old", "old", "old") is None
    assert rename_theme("k, k, old", "old", "new") == "k, k, new"  # other duplicates stay
    with pytest.raises(UsageError):
        rename_theme("old", "old", "New Name")


# -- properties -------------------------------------------------------------------------------

slug = st.from_regex(r"[a-z0-9]{1,5}(-[a-z0-9]{1,3})?(/[a-z0-9]{1,5}){0,2}", fullmatch=True)
free_word = st.from_regex(r"[A-Z]?[a-z]{1,6}( [A-Za-z]{1,5}){0,2}", fullmatch=True)
braced = st.from_regex(r"\{[a-z]{1,3}[,;] [a-z]{1,3}\}", fullmatch=True)
keyword = st.one_of(slug, free_word, braced)
separator = st.sampled_from([", ", ",", "; ", ";"])
space = st.sampled_from(["", "", " ", "  ", "\n  ", "\t"])


@st.composite
def raw_values(draw, mixed: bool = False) -> str:
    """A keywords value: keywords with one separator (or mixed ones) and random whitespace."""
    words = draw(st.lists(keyword, min_size=1, max_size=7))
    sep = draw(separator)
    out = draw(space)
    for i, word in enumerate(words):
        if i:
            out += draw(space) + (draw(separator) if mixed else sep) + draw(space)
        out += word
    return out + draw(space)


@given(raw_values(), slug)
def test_add_then_remove_is_identity(raw, theme) -> None:
    assume(theme not in split_keywords(raw))
    added = add_themes(raw, [theme])
    assert added is not None
    assert remove_themes(added, [theme]) == raw
    assert add_themes(added, [theme]) is None
    assert split_keywords(added) == split_keywords(raw) + [theme]


@given(raw_values(mixed=True), slug)
def test_add_then_remove_is_identity_with_mixed_separators(raw, theme) -> None:
    assume(theme not in split_keywords(raw))
    added = add_themes(raw, [theme])
    assert added is not None and remove_themes(added, [theme]) == raw


@given(st.one_of(st.none(), st.just(""), raw_values()), st.lists(slug, max_size=3))
def test_add_is_idempotent(raw, themes) -> None:
    once = add_themes(raw, themes)
    again = add_themes(raw if once is None else once, themes)
    assert again is None


@given(raw_values(), slug, slug)
def test_rename_only_touches_the_subtree(raw, old, new) -> None:
    assume(not under(new, old) and not under(old, new))
    renamed = rename_theme(raw, old, new)
    before = split_keywords(raw)
    if renamed is None:
        assert not any(is_theme(k) and under(k, old) for k in before)
        return
    after = split_keywords(renamed)
    assert not any(is_theme(k) and under(k, old) for k in after)
    others = [k for k in before if not (is_theme(k) and (under(k, old) or under(k, new)))]
    assert [k for k in after if not (is_theme(k) and under(k, new))] == others
