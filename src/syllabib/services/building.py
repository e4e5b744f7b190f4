"""Reading lists: choosing each section's entries, rendering them, and writing the outputs."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostic, Location, NotFoundError, UsageError
from ..library import Library, display_path
from ..model import Entry
from ..readinglists.model import LEVELS, ReadingList, Section
from ..render.listdoc import ListDocument, ListItem, ListSection
from ..render.model import Reference

LISTS_FOLDER = "readinglists"
OUT_FOLDER = "out"


def lists_dir(library: Library) -> Path:
    """The folder of the library's reading lists."""
    return library.root / LISTS_FOLDER


def find_list(library: Library, name: str) -> Path:
    """The file of the list called `name` (its stem, or a path to a .toml file)."""
    import difflib

    given = Path(name)
    if given.suffix == ".toml" and given.is_file():
        return given
    path = lists_dir(library) / f"{name}.toml"
    if path.is_file():
        return path
    names = [p.stem for p in sorted(lists_dir(library).glob("*.toml"))]
    close = difflib.get_close_matches(name, names, n=3)
    hint = (f"did you mean {', '.join(close)}?" if close else
            f"lists: {', '.join(names)}" if names else "create one with `syllabib list-new NAME`")
    raise NotFoundError(f"no reading list '{name}' in {LISTS_FOLDER}/", hint=hint)


@dataclass(frozen=True, slots=True)
class Selected:
    """The entries of each section, in order, and the keys the list names but the library lacks."""

    sections: tuple[tuple[Entry, ...], ...]
    problems: tuple[Diagnostic, ...] = ()
    missing: tuple[str, ...] = ()  # keys named by the list that the library does not have


def select_sections(library: Library, reading_list: ReadingList) -> Selected:
    """Each section's entries, sorted, and every problem with the keys the list names.

    A section's candidates are its explicit keys and its query's matches, minus its exclusions.
    A section *claims* an entry it lists in `keys` or gives a `[sections.entries.KEY]` table;
    a claimed entry goes to the claiming section only, any other candidate to the first section
    that selects it — unless `allow_repeats` lets every section print all its candidates.
    """
    problems = _Problems(display_path(reading_list.path))
    candidates = [_candidates(library, section, problems) for section in reading_list.sections]
    claims = _claims(reading_list, candidates, problems)
    placed: set[str] = set()
    sections = []
    for index, (section, found) in enumerate(zip(reading_list.sections, candidates)):
        entries = [e for e in found.values()
                   if reading_list.allow_repeats
                   or claims.get(e.key, index) == index and e.key not in placed]
        placed.update(e.key for e in entries)
        sections.append(tuple(sort_section(entries, section)))
    return Selected(tuple(sections), tuple(problems.found), tuple(dict.fromkeys(problems.missing)))


class _Problems:
    """The diagnostics of one list file."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.found: list[Diagnostic] = []
        self.missing: list[str] = []  # the unknown keys, in the order met

    def add(self, line: int | None, code: str, message: str, hint: str | None = None) -> None:
        """Record one problem at `line`."""
        self.found.append(Diagnostic(Location(self.where, line), code, message, hint))

    def unknown(self, library: Library, key: str, line: int | None) -> None:
        """Record a key the library lacks, with close keys as the hint."""
        hint = library.suggest(key) or "see `syllabib list` for the keys of the library"
        self.add(line, "unknown-key", f"unknown key '{key}'", hint)
        self.missing.append(key)


def _candidates(library: Library, section: Section, problems: _Problems) -> dict[str, Entry]:
    """The entries a section selects: explicit keys, then query matches, minus exclusions."""
    chosen: dict[str, Entry] = {}
    for key, line in zip(section.keys, section.key_lines):
        if key in library:
            chosen[key] = library.get(key)
        else:
            problems.unknown(library, key, line)
    for key, line in zip(section.exclude, section.exclude_lines):
        if key not in library:
            problems.unknown(library, key, line)
    if section.query.strip():
        from .selection import select

        for entry in select(library, section.query):
            chosen.setdefault(entry.key, entry)
    for key in section.exclude:
        chosen.pop(key, None)
    for key, extras in section.extras.items():
        if key not in library:
            problems.unknown(library, key, extras.line)
        elif key not in chosen:
            problems.add(extras.line, "unlisted-entry",
                         f"[sections.entries.{key}]: the section does not select '{key}'",
                         "add it to the section's keys, or move this table to its section")
    return chosen


def _claims(reading_list: ReadingList, candidates: list[dict[str, Entry]],
            problems: _Problems) -> dict[str, int]:
    """Entry key → the section that claims it (by `keys` or an entries table)."""
    claims: dict[str, int] = {}
    for index, section in enumerate(reading_list.sections):
        lines = dict(zip(section.keys, section.key_lines))
        lines.update({k: e.line for k, e in section.extras.items() if k not in lines})
        for key, line in lines.items():
            if key not in candidates[index]:
                continue
            if key in claims and claims[key] != index and not reading_list.allow_repeats:
                first = reading_list.sections[claims[key]].heading
                problems.add(line, "repeated-entry",
                             f"'{key}' is already placed in section {claims[key] + 1} ('{first}')",
                             "list it in one section, or set allow_repeats = true at the top")
            claims.setdefault(key, index)
    return claims


def list_keys(library: Library, name: str) -> list[str]:
    """Every entry of the reading list called `name`, in its order (checked like `build`)."""
    from ..readinglists.loading import load_list

    selected = select_sections(library, load_list(find_list(library, name)))
    check_selected(selected)
    return list(dict.fromkeys(e.key for entries in selected.sections for e in entries))


def sort_section(entries: list[Entry], section: Section) -> list[Entry]:
    """Entries in the section's order: by author, year, year-desc, title, or as the keys say."""
    from ..textnorm import fold

    def author(e: Entry) -> tuple[str, int, str]:
        summary = e.summarize()
        return fold(summary.authors or summary.title), summary.year or 0, fold(summary.title)

    if section.sort == "keys":
        order = {key: i for i, key in enumerate(section.keys)}
        rest = sorted((e for e in entries if e.key not in order), key=author)
        return sorted((e for e in entries if e.key in order), key=lambda e: order[e.key]) + rest
    orders: dict[str, Callable[[Entry], tuple]] = {
        "author": author,
        "year": lambda e: (e.year is None, e.year or 0, author(e)),
        "year-desc": lambda e: (e.year is None, -(e.year or 0), author(e)),
        "title": lambda e: (fold(e.summarize().title), author(e)),
    }
    return sorted(entries, key=orders[section.sort])


def check_selected(selected: Selected) -> None:
    """Raise one error naming every problem of the selection (unknown keys first)."""
    if not selected.problems:
        return
    problems = sorted(selected.problems, key=lambda d: d.code != "unknown-key")
    kind = NotFoundError if problems[0].code == "unknown-key" else UsageError
    raise kind.collected(problems)


def document(library: Library, reading_list: ReadingList, selected: Selected,
             style: str, locale: str | None) -> ListDocument:
    """The rendered list: one bibliography of all its entries, split into its sections."""
    from .formatting import bibliography

    unique = list({e.key: e for entries in selected.sections for e in entries}.values())
    bib = bibliography(library, unique, style, locale)
    rendered = {ref.key: ref for ref in bib.references}
    numbered = _renumbered(selected, rendered)
    sections = tuple(
        dataclasses.replace(_section(reading_list, section, entries, numbered),
                            keyword=_keyword(section, entries, unique))
        for section, entries in zip(reading_list.sections, selected.sections))
    return ListDocument(
        name=reading_list.name, title=reading_list.title, sections=sections,
        subtitle=reading_list.subtitle, description=reading_list.description,
        audience=reading_list.audience, style=bib.style, style_title=bib.style_title,
        locale=bib.locale, layout=bib.layout, annotated=reading_list.annotated,
        levels=tuple((level, reading_list.labels[level]) for level in LEVELS))


def _keyword(section: Section, entries: Sequence[Entry], listed: Sequence[Entry]) -> str | None:
    """The theme that picks exactly this section's entries from the list's entries, if any.

    A section whose query is one `theme:x` can be printed by biblatex as `keyword=x` when the
    entries carrying `x` literally in `keywords` are exactly the section's.
    """
    match = re.fullmatch(r"\s*theme:(\S+)\s*", section.query)
    if match is None or section.keys or section.exclude:
        return None
    theme = match.group(1)
    carrying = {e.key for e in listed if theme in e.themes}
    return theme if carrying == {e.key for e in entries} and carrying else None


def _renumbered(selected: Selected, rendered: dict[str, Reference]) -> dict[str, Reference]:
    """References whose numeric labels follow their order in the list (1, 2, … across sections)."""
    if not any(ref.label for ref in rendered.values()):
        return rendered
    numbered: dict[str, Reference] = {}
    for entries in selected.sections:
        for entry in entries:
            ref = rendered.get(entry.key)
            if ref is None or entry.key in numbered:
                continue
            label = ref.label and re.sub(r"\d+", str(len(numbered) + 1), ref.label, count=1)
            numbered[entry.key] = dataclasses.replace(ref, label=label)
    return numbered


def _section(reading_list: ReadingList, section: Section, entries: Sequence[Entry],
             rendered: dict[str, Reference]) -> ListSection:
    """One section's items with their importance, note and annotation."""
    items = []
    for entry in entries:
        ref = rendered.get(entry.key)
        if ref is None:  # not a printable reference (e.g. @set)
            continue
        extras = section.extras.get(entry.key)
        annotation = (extras and extras.annotation) or entry.annotation
        level = extras.importance if extras else None
        items.append(ListItem(ref, level, reading_list.label(level), extras and extras.note,
                              annotation if reading_list.annotated else None))
    return ListSection(section.heading, section.anchor, section.intro.strip(), tuple(items))


def output_path(out_dir: Path, reading_list: ReadingList, fmt: str) -> Path:
    """Where a list's output in `fmt` goes: out/<list>.<fmt>."""
    return out_dir / f"{reading_list.name}.{fmt}"


def render_outputs(library: Library, reading_list: ReadingList, doc: ListDocument,
                   selected: Selected, formats: Sequence[str], out_dir: Path
                   ) -> dict[Path, bytes]:
    """The bytes of every output file of a list (LaTeX adds the .bib of its entries)."""
    from ..render.listwriters import list_writer

    outputs: dict[Path, bytes] = {}
    for fmt in formats:
        outputs[output_path(out_dir, reading_list, fmt)] = list_writer(fmt)(doc)
        if fmt == "tex":
            from .exporting import export_bibtex

            unique = list({e.key: e for s in selected.sections for e in s}.values())
            outputs[output_path(out_dir, reading_list, "bib")] = (
                export_bibtex(library, unique).encode("utf-8"))
    return outputs


def write_outputs(outputs: dict[Path, bytes]) -> list[Path]:
    """Write each output atomically (creating the folder); the paths written."""
    from ..errors import StorageError
    from ..store import atomic_write

    for path, data in outputs.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create {path.parent}: {exc.strerror}") from None
        atomic_write(path, data)
    return list(outputs)


def build_list(library: Library, reading_list: ReadingList, out_dir: Path,
               formats: Sequence[str] | None = None, style: str | None = None,
               locale: str | None = None) -> list[Path]:
    """Select, check, render and write one list; the files written."""
    selected = select_sections(library, reading_list)
    check_selected(selected)
    from ..config import load_config

    config = load_config(library.root)
    doc = document(library, reading_list, selected, style or reading_list.style or config.style,
                   locale or reading_list.locale or config.locale)
    return write_outputs(render_outputs(library, reading_list, doc, selected,
                                        formats or reading_list.formats, out_dir))
