"""The bundled example library (bib/review.bib, bib/themes.toml) agrees with its seed data.

The seed tables in tests/data/seed/ are the only source of the library's metadata: every field of
an entry must come from its references.tsv row, and every eligible row must be an entry.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from syllabib.catalogue import load_catalogue
from syllabib.config import load_config
from syllabib.latex import to_unicode
from syllabib.library import Library, load_library
from syllabib.model import Entry
from syllabib.names import split_names
from syllabib.services.formatting import bibliography
from syllabib.themes import split_keywords

REPO = Path(__file__).resolve().parents[1]
SEED = Path(__file__).parent / "data" / "seed"
BIB = REPO / "bib" / "review.bib"
THEMES_TOML = REPO / "bib" / "themes.toml"

# references.tsv columns that become BibTeX fields of the same name (author and journal aside)
PLAIN_COLUMNS = ("title", "publisher", "institution", "series", "edition", "address", "volume",
                 "number", "pages", "year", "doi", "isbn", "issn", "url")
OWN_FIELDS = {"keywords", "annotation"}  # written for the library, not taken from the table


def read_tsv(name: str) -> list[dict[str, str]]:
    """The rows of a seed table."""
    with open(SEED / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


REFERENCES = read_tsv("references.tsv")
WORK_THEMES = {row["work_id"]: row["themes"] for row in read_tsv("work-themes.tsv")}
THEME_ROWS = read_tsv("themes.tsv")


def eligible(row: dict[str, str]) -> bool:
    """A work goes into the library when its record has a title, a year and a container."""
    container = row["journal"] or row["publisher"] or row["institution"]
    return bool(row["title"] and row["year"] and container) and "PARTIAL" not in row["notes"]


ELIGIBLE = {row["work_id"]: row for row in REFERENCES if eligible(row)}


def expected_fields(row: dict[str, str]) -> dict[str, str]:
    """The BibTeX fields a row provides, with the two mappings its `notes` ask for."""
    fields = {name: row[name] for name in PLAIN_COLUMNS if row[name]}
    if row["author"]:
        role = "editor" if "EDITORS, not authors" in row["notes"] else "author"
        fields[role] = row["author"]
    if row["journal"]:  # the table has no booktitle column: proceedings titles sit in `journal`
        fields["booktitle" if row["entry_type"] == "inproceedings" else "journal"] = row["journal"]
    return fields


def normal(value: str) -> str:
    """A value compared across BibTeX and TSV: no braces, one kind of dash, single spaces."""
    value = value.replace("{", "").replace("}", "").replace("--", "-").replace("\u2013", "-")
    return " ".join(value.split())


def person(name: str) -> frozenset[str]:
    """A name's comma-separated parts (BibTeX writes `Last, Jr., First`; the table `Last, First, Jr.`)."""
    return frozenset(normal(part) for part in name.split(","))


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The example library, copied so that caches are written outside the repository."""
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(REPO / "bib", root / "bib")
    shutil.copyfile(REPO / "syllabib.toml", root / "syllabib.toml")
    return load_library(root, use_cache=False)


@pytest.fixture(scope="module")
def entries(library: Library) -> dict[str, Entry]:
    """The library's entries by key."""
    return {entry.key: entry for entry in library.entries}


def test_the_library_loads_without_any_diagnostic(library: Library) -> None:
    assert library.diagnostics == []
    assert library.unreadable == []
    assert library.skipped == 0
    assert not library.duplicate_keys
    assert [bib.path.name for bib in library.files] == ["review.bib"]


def test_eligibility_rule_keeps_the_records_with_a_container() -> None:
    assert len(ELIGIBLE) == 56  # 71 records; the others lack a title, a year or a container
    assert all(row["work_id"] not in ELIGIBLE for row in REFERENCES if "PARTIAL" in row["notes"])


def test_every_eligible_row_is_an_entry_and_nothing_else(entries: dict[str, Entry]) -> None:
    assert sorted(entries) == sorted(ELIGIBLE)


def test_entries_are_written_in_key_order(library: Library) -> None:
    keys = [block.key for block in library.files[0].parsed.entries]
    assert keys == sorted(keys)


@pytest.mark.parametrize("key", sorted(ELIGIBLE))
def test_entry_has_exactly_the_fields_of_its_row(entries: dict[str, Entry], key: str) -> None:
    entry, row = entries[key], ELIGIBLE[key]
    want = expected_fields(row)
    assert entry.entry_type == row["entry_type"]
    assert set(entry.fields) - OWN_FIELDS == set(want)
    for name, value in want.items():
        if name in ("author", "editor"):
            got = [person(to_unicode(n)) for n in split_names(entry.fields[name])]
            assert got == [person(n) for n in value.split(";")], name
        else:
            assert normal(entry.text(name) or "") == normal(value), name


def test_ranges_in_pages_use_the_bibtex_double_dash(entries: dict[str, Entry]) -> None:
    for entry in entries.values():
        pages = entry.fields.get("pages", "")
        assert "\u2013" not in pages and not re.search(r"\d-\d", pages), entry.key


@pytest.mark.parametrize("key", sorted(ELIGIBLE))
def test_keywords_are_the_works_themes(entries: dict[str, Entry], key: str) -> None:
    want = [theme.strip() for theme in WORK_THEMES[key].split(",")]
    assert split_keywords(entries[key].fields["keywords"]) == want
    assert list(entries[key].themes) == want


@pytest.mark.parametrize("key", sorted(ELIGIBLE))
def test_every_entry_has_an_annotation_of_two_or_three_sentences(
        entries: dict[str, Entry], key: str) -> None:
    text = entries[key].annotation or ""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\u201c])", text.strip()) if s]
    assert text.endswith("."), text
    assert 2 <= len(sentences) <= 3, sentences


def test_themes_toml_declares_every_theme_of_the_scheme_in_order() -> None:
    catalogue = load_catalogue(THEMES_TOML)
    assert list(catalogue) == [row["theme_id"] for row in THEME_ROWS]
    for position, row in enumerate(THEME_ROWS, 1):
        info = catalogue[row["theme_id"]]
        assert (info.label, info.description, info.order) == (
            row["label"], row["description"], position)


def test_entries_use_only_assignable_themes_of_the_scheme(entries: dict[str, Entry]) -> None:
    assignable = {row["theme_id"] for row in THEME_ROWS if row["level"] == "theme"}
    used = {theme for entry in entries.values() for theme in entry.themes}
    assert used <= assignable


def test_config_points_new_entries_to_the_review_file() -> None:
    config = load_config(REPO)
    assert config.default_file is not None and (REPO / config.default_file) == BIB
    assert config.style == "apa"


def test_every_entry_formats_in_apa_with_its_annotation(library: Library) -> None:
    bib = bibliography(library, library.entries, "apa", annotated=True)
    assert sorted(ref.key for ref in bib.references) == sorted(ELIGIBLE)
    by_key = {entry.key: entry for entry in library.entries}
    for ref in bib.references:
        entry = by_key[ref.key]
        assert entry.year is not None and str(entry.year) in ref.text, ref.text
        assert ref.annotation == entry.annotation
