"""Fields an entry type needs to be rendered (biblatex data model), and crossrefs that resolve."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Diagnostic
from ..library import Library
from ..model import Entry
from .codes import diagnostic

Group = tuple[str, ...]  # one of these fields must be present

AUTHOR: Group = ("author",)
PEOPLE: Group = ("author", "editor")
EDITOR: Group = ("editor",)
TITLE: Group = ("title",)
DATE: Group = ("year", "date")
BOOKTITLE: Group = ("booktitle",)
LINK: Group = ("url", "doi", "eprint")

# After biblatex's data model (§2.1.1 of its manual), with BibTeX's publisher for books and
# school for theses. Types left out (misc extensions, @set, @xdata …) need nothing.
REQUIRED: dict[str, tuple[Group, ...]] = {
    "article": (AUTHOR, TITLE, ("journal", "journaltitle"), DATE),
    "book": (PEOPLE, TITLE, ("publisher",), DATE),
    "mvbook": (PEOPLE, TITLE, ("publisher",), DATE),
    "inbook": (AUTHOR, TITLE, BOOKTITLE, DATE),
    "bookinbook": (AUTHOR, TITLE, DATE),
    "incollection": (AUTHOR, TITLE, BOOKTITLE, DATE),
    "inproceedings": (AUTHOR, TITLE, BOOKTITLE, DATE),
    "conference": (AUTHOR, TITLE, BOOKTITLE, DATE),
    "collection": (EDITOR, TITLE, DATE),
    "mvcollection": (EDITOR, TITLE, DATE),
    "proceedings": (TITLE, DATE),
    "mvproceedings": (TITLE, DATE),
    "report": (AUTHOR, TITLE, ("institution",), DATE),
    "techreport": (AUTHOR, TITLE, ("institution",), DATE),
    "thesis": (AUTHOR, TITLE, ("school", "institution"), DATE),
    "phdthesis": (AUTHOR, TITLE, ("school", "institution"), DATE),
    "mastersthesis": (AUTHOR, TITLE, ("school", "institution"), DATE),
    "online": (TITLE, LINK),
    "electronic": (TITLE, LINK),
    "www": (TITLE, LINK),
    "patent": (AUTHOR, TITLE, ("number",), DATE),
    "periodical": (TITLE, DATE),
    "unpublished": (AUTHOR, TITLE),
    "manual": (TITLE,),
    "booklet": (TITLE,),
    "misc": (TITLE,),
    "dataset": (TITLE,),
    "software": (TITLE,),
}

_EXAMPLE = {"year": "{YYYY}", "date": "{YYYY-MM-DD}", "url": "{https://…}"}


def missing_fields(library: Library) -> Iterator[Diagnostic]:
    """`missing-field`: a group of fields of which the entry (with its crossref parent) has none."""
    for entry in library.entries:
        groups = REQUIRED.get(entry.entry_type)
        if not groups or "xdata" in entry.fields or _broken_crossref(library, entry):
            continue
        for group in groups:
            if not any(_present(entry, name) for name in group):
                yield _missing(entry, group)


def _present(entry: Entry, name: str) -> bool:
    value = entry.fields.get(name)
    return value is not None and value.strip("{} \t\n") != ""


def _missing(entry: Entry, group: Group) -> Diagnostic:
    also = f" (or {', '.join(group[1:])})" if len(group) > 1 else ""
    example = _EXAMPLE.get(group[0], "{…}")
    return diagnostic("missing-field", entry.location,
                      f"@{entry.entry_type} '{entry.key}' has no {group[0]}{also}",
                      f"add {group[0]} = {example}" + (", or a crossref to an entry that has it"
                                                        if group is BOOKTITLE else ""))


def _broken_crossref(library: Library, entry: Entry) -> bool:
    name = library.crossrefs.get(entry.key)
    return name is not None and name not in library


def missing_crossrefs(library: Library) -> Iterator[Diagnostic]:
    """`missing-crossref`: a crossref to a key the library does not have."""
    for entry in library.entries:
        if _broken_crossref(library, entry):
            name = library.crossrefs[entry.key]
            yield diagnostic("missing-crossref", entry.location,
                             f"'{entry.key}' cross-references '{name}', which is not in the library",
                             library.suggest(name))
