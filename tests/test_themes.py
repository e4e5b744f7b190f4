"""Themes in `keywords`: other keywords and separators stay byte for byte; the catalogue keeps comments."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from syllabib.catalogue import build_tree, catalogue_rename, load_catalogue
from syllabib.errors import BibSyntaxError, UsageError
from syllabib.themes import (
    add_themes, detect_separator, is_theme, remove_subtree, remove_themes, rename_theme,
    slugify, split_keywords, validate_slug,
)


def test_slugs() -> None:
    assert is_theme("justifications/implicit-theories")
    for bad in ("Child abuse", "a//b", "/a", "a/", "a--b", "-a", "A"):
        assert not is_theme(bad)
    assert slugify("Cognitive Distortions/Über Sicht") == "cognitive-distortions/uber-sicht"
    with pytest.raises(UsageError) as info:
        validate_slug("Cognitive Distortions")
    assert "cognitive-distortions" in info.value.hint


@pytest.mark.parametrize("raw, theme, expected", [
    ("Child abuse; Internet", "x/y", "Child abuse; Internet; x/y"),
    ("a,  b", "c", "a,  b, c"),
    ("a,b", "c", "a,b,c"),
    ("{a, b}, c", "d", "{a, b}, c, d"),
    ("", "x", "x"),
    (None, "x", "x"),
])
def test_add_keeps_every_existing_byte(raw, theme, expected) -> None:
    assert add_themes(raw, [theme]) == expected
    assert add_themes(expected, [theme]) is None  # idempotent


def test_separators() -> None:
    assert detect_separator("a; b") == "; "
    assert detect_separator("a;b") == ";"
    assert detect_separator("a,b") == ","
    assert detect_separator("single") == ", "
    assert split_keywords("{a, b}, c ,d") == ["{a, b}", "c", "d"]


def test_remove_and_rename() -> None:
    assert remove_themes("Child abuse, x/y, Internet", ["x/y"]) == "Child abuse, Internet"
    assert remove_themes("x/y", ["x/y"]) == ""
    assert remove_themes("a, b", ["c"]) is None
    assert remove_subtree("a, a/b, ab, c", "a") == "ab, c"
    assert rename_theme("Internet, old/a, y, old", "old", "new") == "Internet, new/a, y, new"
    assert rename_theme("a, new, old", "old", "new") == "a, new"
    assert rename_theme("older", "old", "new") is None  # not a subtree of 'old'


keyword = st.one_of(
    st.from_regex(r"[a-z]{1,6}(/[a-z]{1,6}){0,2}", fullmatch=True),
    st.from_regex(r"[A-Z][a-z]{0,5}( [a-z]{1,5})?", fullmatch=True),
)


@given(st.lists(keyword, max_size=6), st.sampled_from([", ", ",", "; ", ";", " ,  "]),
       st.from_regex(r"[a-z]{1,5}/zz[a-z]{0,3}", fullmatch=True), st.sampled_from(["", " ", "\n  "]))
def test_add_then_remove_is_identity(words, sep, theme, pad) -> None:
    raw = pad + sep.join(words) + pad
    if not words:
        raw = ""
    added = add_themes(raw, [theme])
    assert added is not None and add_themes(added, [theme]) is None
    assert remove_themes(added, [theme]) == (raw if raw.strip() else "")
    assert [k for k in split_keywords(added) if k != theme] == split_keywords(raw)


CATALOGUE = """\
# Themes of the review
[themes."justifications"]
label = "Justifications"  # shown in reading lists
order = 2

[themes."justifications/implicit-theories"]
label = "Implicit theories"

[themes."communities"]
order = 1
"""


def test_catalogue_load_and_rename_keep_comments(tmp_path) -> None:
    path = tmp_path / "themes.toml"
    path.write_text(CATALOGUE)
    catalogue = load_catalogue(path)
    assert catalogue["communities"].label == "Communities"
    assert catalogue["justifications"].order == 2
    renamed = catalogue_rename(CATALOGUE, "justifications", "excuses")
    assert "# shown in reading lists" in renamed and "# Themes of the review" in renamed
    path.write_text(renamed)
    assert set(load_catalogue(path)) == {"excuses", "excuses/implicit-theories", "communities"}


@pytest.mark.parametrize("text, line, message", [
    ('[themes."ok"]\nlable = "x"\n', 1, "unknown key"),
    ('[themes."Not A Slug"]\n', 1, "not a theme slug"),
    ('[themes."a"\n', 1, "not valid TOML"),
])
def test_catalogue_errors_name_the_line(tmp_path, text, line, message) -> None:
    path = tmp_path / "themes.toml"
    path.write_text(text)
    with pytest.raises(BibSyntaxError, match=message) as info:
        load_catalogue(path)
    assert info.value.location.line == line


def test_tree_counts_entries_once_per_subtree() -> None:
    tree = build_tree([["a/b", "a/c"], ["a"], ["d"]], {})
    (a, d) = tree
    assert (a.slug, a.count, a.total) == ("a", 1, 2)
    assert [(c.slug, c.count, c.total) for c in a.children] == [("a/b", 1, 1), ("a/c", 1, 1)]
    assert (d.slug, d.total) == ("d", 1)
