"""`bib/themes.toml`: loading with located errors, comment-preserving edits, the theme tree."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from syllabib.catalogue import (
    ThemeInfo, ThemeNode, build_tree, catalogue_add, catalogue_merge, catalogue_rename,
    default_label, label_for, load_catalogue,
)
from syllabib.errors import BibSyntaxError, UsageError

CATALOGUE = """\
# Themes of the review
[themes."justifications"]
label = "Justifications"  # shown in reading lists
description = "How offenders explain their offending."
order = 2

# the implicit theories literature
[themes."justifications/implicit-theories"]
label = "Implicit theories"

[themes."justifications/implicit-theories/dangerous-world"]

[themes."communities"]
order = 1
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "themes.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load(tmp_path) -> None:
    catalogue = load_catalogue(_write(tmp_path, CATALOGUE))
    assert catalogue["justifications"] == ThemeInfo(
        "justifications", "Justifications", "How offenders explain their offending.", 2)
    assert catalogue["justifications/implicit-theories"].order is None
    assert catalogue["justifications/implicit-theories/dangerous-world"].label == "Dangerous World"
    assert catalogue["communities"].label == "Communities"
    assert list(catalogue) == ["justifications", "justifications/implicit-theories",
                               "justifications/implicit-theories/dangerous-world", "communities"]


def test_missing_or_empty_file(tmp_path) -> None:
    assert load_catalogue(tmp_path / "nope.toml") == {}
    assert load_catalogue(_write(tmp_path, "# nothing yet\n")) == {}


def test_labels() -> None:
    assert default_label("a/cognitive-distortions") == "Cognitive Distortions"
    assert default_label("2nd-wave") == "2nd Wave"
    catalogue = {"a": ThemeInfo("a", "Alpha")}
    assert label_for(catalogue, "a") == "Alpha"
    assert label_for(catalogue, "a/big-b") == "Big B"


@pytest.mark.parametrize("text, line, message", [
    ('[themes."ok"]\nlable = "x"\n', 1, "lable"),
    ('# c\n\n[themes."a"]\n[themes."ok"]\nlabel = "x"\nlable = "x"\n', 4, "unknown key"),
    ('[themes."Not A Slug"]\n', 1, "not a theme slug"),
    ('[themes."a"]\n\n[themes."b//c"]\n', 3, "b//c"),
    ('[themes."a"\n', 1, "not valid TOML"),
    ('[themes."a"]\nlabel = \n', 2, "not valid TOML"),
    ('[themes."a"]\norder = "first"\n', 1, "order"),
    ('[themes."a"]\norder = true\n', 1, "order"),
    ('[themes."a"]\nlabel = 3\n', 1, "label"),
    ('x = 1\n[themes."a"]\n', 1, "unknown table"),
])
def test_errors_name_the_file_line_and_key(tmp_path, text, line, message) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(BibSyntaxError, match=message) as info:
        load_catalogue(path)
    assert info.value.location.path == path
    assert info.value.location.line == line
    assert str(path) in str(info.value)


def test_invalid_slug_hint_suggests_one(tmp_path) -> None:
    with pytest.raises(BibSyntaxError) as info:
        load_catalogue(_write(tmp_path, '[themes."Cognitive Distortions"]\n'))
    assert "cognitive-distortions" in info.value.hint


def test_unquoted_nested_slug_hints_quoting(tmp_path) -> None:
    with pytest.raises(BibSyntaxError, match="implicit") as info:
        load_catalogue(_write(tmp_path, '[themes.justifications.implicit]\nlabel = "x"\n'))
    assert '"justifications/implicit"' in info.value.hint


# -- editing ----------------------------------------------------------------------------------


def test_add_new_theme_keeps_comments() -> None:
    text = catalogue_add(CATALOGUE, "neutralisation/denial", "Denial", "Denial of injury.")
    assert text.startswith(CATALOGUE.rstrip("\n"))  # nothing before it changed
    assert "# Themes of the review" in text and "# shown in reading lists" in text
    data = tomllib.loads(text)["themes"]["neutralisation/denial"]
    assert data == {"label": "Denial", "description": "Denial of injury."}
    assert '[themes."neutralisation/denial"]' in text


def test_add_to_empty_text_and_bare_table() -> None:
    assert tomllib.loads(catalogue_add("", "a")) == {"themes": {"a": {}}}
    text = catalogue_add("", "a", "A")
    assert text == '[themes."a"]\nlabel = "A"\n'


def test_add_existing_updates_in_place() -> None:
    text = catalogue_add(CATALOGUE, "justifications", label="Excuses")
    assert text.count('[themes."justifications"]') == 1
    assert 'label = "Excuses"' in text and "order = 2" in text
    assert "# Themes of the review" in text
    assert tomllib.loads(text)["themes"]["justifications"]["description"].startswith("How")


def test_add_rejects_bad_slug() -> None:
    with pytest.raises(UsageError):
        catalogue_add(CATALOGUE, "Bad Slug")


def test_rename_subtree_in_place_keeps_comments() -> None:
    renamed = catalogue_rename(CATALOGUE, "justifications", "excuses")
    assert renamed == (CATALOGUE.replace('"justifications', '"excuses'))
    assert "# shown in reading lists" in renamed and "# the implicit theories literature" in renamed


def test_rename_roundtrip_through_load(tmp_path) -> None:
    renamed = catalogue_rename(CATALOGUE, "justifications/implicit-theories", "theories")
    catalogue = load_catalogue(_write(tmp_path, renamed))
    assert set(catalogue) == {"justifications", "theories", "theories/dangerous-world",
                              "communities"}
    assert catalogue["theories"].label == "Implicit theories"


def test_rename_onto_existing_keeps_the_existing_table() -> None:
    text = CATALOGUE + '\n[themes."excuses"]\nlabel = "Excuses"  # keep me\n'
    renamed = catalogue_rename(text, "justifications", "excuses")
    themes = tomllib.loads(renamed)["themes"]
    assert themes["excuses"] == {"label": "Excuses"}
    assert set(themes) == {"excuses", "excuses/implicit-theories",
                           "excuses/implicit-theories/dangerous-world", "communities"}
    assert "# keep me" in renamed and "# Themes of the review" in renamed


def test_rename_unknown_or_same_is_unchanged() -> None:
    assert catalogue_rename(CATALOGUE, "nothing", "else") == CATALOGUE
    assert catalogue_rename(CATALOGUE, "communities", "communities") == CATALOGUE
    assert catalogue_rename("", "a", "b") == ""
    with pytest.raises(UsageError):
        catalogue_rename(CATALOGUE, "justifications", "justifications/x")


def test_rename_with_other_quoting_styles() -> None:
    text = "[themes.a]  # bare\nlabel = 'A'\n\n[ themes . 'a/b' ]\n"
    renamed = catalogue_rename(text, "a", "z")
    assert renamed == '[themes."z"]  # bare\nlabel = \'A\'\n\n[ themes . "z/b" ]\n'


def test_rename_falls_back_when_headers_are_not_lines() -> None:
    text = '# inline\n[themes]\n"a" = { label = "A" }\n"b" = { label = "B" }\n'
    renamed = catalogue_rename(text, "a", "c")
    assert tomllib.loads(renamed) == {"themes": {"b": {"label": "B"}, "c": {"label": "A"}}}
    assert "# inline" in renamed


def test_merge_moves_descendants_and_drops_source() -> None:
    text = CATALOGUE + '\n[themes."cognition"]\nlabel = "Cognition"\n'
    merged = catalogue_merge(text, "justifications", "cognition")
    themes = tomllib.loads(merged)["themes"]
    assert set(themes) == {"cognition", "cognition/implicit-theories",
                           "cognition/implicit-theories/dangerous-world", "communities"}
    assert themes["cognition"] == {"label": "Cognition"}
    assert merged.startswith(
        '# Themes of the review\n# the implicit theories literature\n'
        '[themes."cognition/implicit-theories"]\n')


def test_merge_into_undeclared_target_and_collisions() -> None:
    text = ('[themes."a"]\nlabel = "A"\n\n[themes."a/x"]\nlabel = "AX"\n\n'
            '[themes."a/y"]\n\n[themes."b/x"]  # existing\nlabel = "BX"\n')
    merged = catalogue_merge(text, "a", "b")
    assert tomllib.loads(merged)["themes"] == {"b/x": {"label": "BX"}, "b/y": {}}
    assert merged == '[themes."b/y"]\n\n[themes."b/x"]  # existing\nlabel = "BX"\n'
    with pytest.raises(UsageError):
        catalogue_merge(text, "a", "a/x")


@given(st.from_regex(r"[a-z]{1,4}(/[a-z]{1,4})?", fullmatch=True))
def test_add_then_load_roundtrip(slug) -> None:
    text = catalogue_add(CATALOGUE, slug, 'A "quoted" label')
    assert tomllib.loads(text)["themes"][slug]["label"] == 'A "quoted" label'
    assert "# shown in reading lists" in text


# -- the tree ---------------------------------------------------------------------------------


def _shape(nodes: list[ThemeNode]) -> list:
    return [(n.slug, n.count, n.total, _shape(n.children)) for n in nodes]


def test_tree_counts_entries_once_per_subtree() -> None:
    tree = build_tree([["a/b", "a/c"], ["a"], ["d"], ["a/b", "a/b"]], {})
    assert _shape(tree) == [
        ("a", 1, 3, [("a/b", 2, 2, []), ("a/c", 1, 1, [])]),
        ("d", 1, 1, []),
    ]


def test_tree_creates_ancestors_and_catalogue_only_nodes() -> None:
    catalogue = {"x/unused": ThemeInfo("x/unused", "Unused")}
    tree = build_tree([["p/q/r"]], catalogue)
    assert _shape(tree) == [
        ("p", 0, 1, [("p/q", 0, 1, [("p/q/r", 1, 1, [])])]),
        ("x", 0, 0, [("x/unused", 0, 0, [])]),
    ]
    assert tree[0].children[0].label == "Q"


def test_tree_sorts_by_order_then_label() -> None:
    catalogue = {
        "z": ThemeInfo("z", "Zulu", order=1),
        "b": ThemeInfo("b", "alpha"),
        "a": ThemeInfo("a", "Beta"),
        "m": ThemeInfo("m", "Mike", order=2),
        "m/b": ThemeInfo("m/b", "Second", order=2),
        "m/a": ThemeInfo("m/a", "First", order=1),
    }
    tree = build_tree([["a"], ["m/c"]], catalogue)
    assert [n.slug for n in tree] == ["z", "m", "b", "a"]
    assert [n.slug for n in tree[1].children] == ["m/a", "m/b", "m/c"]
    assert [n.label for n in tree[1].children] == ["First", "Second", "C"]


def test_tree_of_nothing() -> None:
    assert build_tree([], {}) == []
    assert build_tree([[], []], {}) == []
