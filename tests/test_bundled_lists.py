"""The bundled reading lists build cleanly on the bundled library and say what they promise."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from syllabib.library import load_library
from syllabib.readinglists.loading import load_list
from syllabib.services.building import check_selected, document, select_sections

ROOT = Path(__file__).resolve().parent.parent
LISTS = sorted((ROOT / "readinglists").glob("*.toml"))


@pytest.fixture(scope="module")
def library_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled library, so no cache is written into the repository."""
    root = tmp_path_factory.mktemp("bundled")
    for folder in ("bib", "readinglists"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copyfile(ROOT / "syllabib.toml", root / "syllabib.toml")
    return root


def _doc(root: Path, name: str):
    library = load_library(root)
    reading_list = load_list(root / "readinglists" / f"{name}.toml")
    selected = select_sections(library, reading_list)
    check_selected(selected)
    return reading_list, document(library, reading_list, selected,
                                  reading_list.style or "apa", reading_list.locale)


def test_there_are_at_least_four_lists_one_of_them_finnish() -> None:
    assert len(LISTS) >= 4
    assert any(load_list(p).locale == "fi-FI" for p in LISTS)


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.stem)
def test_each_list_selects_real_entries_in_every_section(library_copy: Path, path: Path) -> None:
    reading_list, doc = _doc(library_copy, path.stem)
    assert len(doc.sections) >= 2
    for section in doc.sections:
        assert section.items, section.heading
    items = [item for s in doc.sections for item in s.items]
    assert len({i.reference.key for i in items}) == len(items)  # no repeats
    assert all(item.annotation for item in items)  # every bundled entry is annotated
    for section in reading_list.sections:  # every per-entry table lands on an item
        keys = {i.reference.key for s in doc.sections if s.heading == section.heading
                for i in s.items}
        assert set(section.extras) <= keys


def test_the_review_bibliography_holds_every_entry_once(library_copy: Path) -> None:
    _, doc = _doc(library_copy, "review-bibliography")
    library = load_library(library_copy)
    assert sorted(i.reference.key for s in doc.sections for i in s.items) == sorted(
        e.key for e in library.entries)


def test_the_seminar_uses_importance_labels_and_notes(library_copy: Path) -> None:
    _, doc = _doc(library_copy, "seminar-justifications")
    labels = {i.importance_label for s in doc.sections for i in s.items}
    assert {"Essential", "Recommended", "Background"} <= labels
    assert sum(1 for s in doc.sections for i in s.items if i.note) >= 5


def test_the_finnish_list_is_finnish(library_copy: Path) -> None:
    from syllabib.render.listwriters.html import to_page

    _, doc = _doc(library_copy, "lukulista-pedofilia")
    page = to_page(doc)
    assert '<html lang="fi-FI">' in page
    assert "Kohderyhmä" in page and "Sisällys" in page
    assert '<span class="badge badge-essential">Pakollinen</span>' in page
    assert "(5. p.)" in page  # the fi-FI CSL locale's edition term
