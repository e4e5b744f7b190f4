"""The query language: every term kind, precedence, folding, and column-precise errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from hypothesis import given, strategies as st

from syllabib.errors import QuerySyntaxError
from syllabib.query import compile_query, filter_records, needed_fields


@dataclass
class Rec:
    key: str
    entry_type: str = "article"
    themes: tuple[str, ...] = ()
    year: int | None = None
    fields: dict[str, str] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        return self.fields.get(name)


WARD = Rec("ward1999implicit", "article", ("justifications/implicit-theories", "classic"), 1999,
           {"title": "Child molesters' implicit theories", "author": "Ward, Tony and Keenan, Thomas",
            "journal": "Journal of Interpersonal Violence", "doi": "10.1177/x"})
OHMAN = Rec("ohman2010", "book", ("justifications-other",), 2010,
            {"title": "Über Missbrauch", "author": "Öhman, Ann", "annotation": "A sexual abuse study"})
QUAYLE = Rec("quayle2002", "misc", ("communities/subculture",), 2002,
             {"title": "Paedophiles, pornography and the internet", "editor": "Quayle, Ethel",
              "abstract": "Online communities"})
NOYEAR = Rec("anon", "misc", (), None, {"title": "Undated"})
ALL = [WARD, OHMAN, QUAYLE, NOYEAR]


def keys(query: str) -> list[str]:
    return [r.key for r in filter_records(ALL, query)]


@pytest.mark.parametrize("query, expected", [
    ("", ["ward1999implicit", "ohman2010", "quayle2002", "anon"]),
    ("theme:justifications", ["ward1999implicit"]),  # not justifications-other
    ("theme:justifications/implicit-theories", ["ward1999implicit"]),
    ("theme:justifications-other", ["ohman2010"]),
    ("type:BOOK", ["ohman2010"]),
    ("key:ward", ["ward1999implicit"]),
    ("key:*2002", ["quayle2002"]),
    ("author:ohman", ["ohman2010"]),  # accent-insensitive
    ("author:quayle", ["quayle2002"]),  # editors count as authors
    ("journal:interpersonal", ["ward1999implicit"]),
    ("year:1999", ["ward1999implicit"]),
    ("year:2000..2010", ["ohman2010", "quayle2002"]),
    ("year:..2002", ["ward1999implicit", "quayle2002"]),
    ("year:2002..", ["ohman2010", "quayle2002"]),
    ("year>=2010", ["ohman2010"]),
    ("year>2002", ["ohman2010"]),
    ("year<2002", ["ward1999implicit"]),
    ("year<=2002", ["ward1999implicit", "quayle2002"]),
    ("year:>=2010", ["ohman2010"]),
    ("has:doi", ["ward1999implicit"]),
    ("has:annotation", ["ohman2010"]),
    ("has:theme", ["ward1999implicit", "ohman2010", "quayle2002"]),
    ("uber", ["ohman2010"]),  # bare words fold accents
    ('"sexual abuse"', ["ohman2010"]),  # annotation is searched
    ("communities", ["quayle2002"]),  # abstract is searched
    ('title:"implicit theories"', ["ward1999implicit"]),
    ("-type:misc", ["ward1999implicit", "ohman2010"]),
    ("not type:misc", ["ward1999implicit", "ohman2010"]),
    ("theme:classic or type:book year>=2010", ["ward1999implicit", "ohman2010"]),
    ("(theme:classic or type:book) year>=2010", ["ohman2010"]),
    ("theme:classic OR type:book AND year>=2010", ["ward1999implicit", "ohman2010"]),
    ("-(type:misc or type:book)", ["ward1999implicit"]),
    ("type:misc | type:book", ["ohman2010", "quayle2002", "anon"]),
])
def test_matches(query: str, expected: list[str]) -> None:
    assert keys(query) == expected


def test_precedence_and_binds_tighter_than_or() -> None:
    assert compile_query("a or b c").node == compile_query("a or (b c)").node


@pytest.mark.parametrize("query, column, message", [
    ('title:"open', 7, "unclosed quote"),
    ("(a or b", 1, "never closed"),
    ("a )", 3, "unexpected ')'"),
    ("a or", 3, "'or' needs a term"),
    ("a -", 3, "'-' needs a term"),
    ("not", 1, "'not' needs a term"),
    ("title:", 7, "has no value"),
    ("year:20x0", 6, "not a year"),
    ("year:2020..2010", 6, "starts after it ends"),
    ("year=>2010", 5, "unknown operator"),
    ("theme:Foo_Bar", 7, "not a theme slug"),
    ("journal>=x", 8, "only works with year"),
])
def test_errors_point_at_the_column(query: str, column: int, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=re.escape(message)) as info:
        compile_query(query)
    assert info.value.column == column
    assert info.value.caret().splitlines()[1] == " " * (column - 1) + "^"
    assert info.value.hint


def test_needed_fields() -> None:
    assert needed_fields("author:x theme:y has:doi year>2000") >= {"author", "editor", "keywords",
                                                                     "doi", "year"}


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_compiles_or_raises_a_syntax_error(text: str) -> None:
    try:
        query = compile_query(text)
    except QuerySyntaxError as exc:
        assert 1 <= exc.column <= len(text) + 1
    else:
        for record in ALL:
            query.matches(record)
