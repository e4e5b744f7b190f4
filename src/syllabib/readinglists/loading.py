"""Reading a reading-list TOML file into a `ReadingList`, with every problem at its line."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import BibSyntaxError, Diagnostic, Location, StorageError
from ..library import display_path
from .model import DEFAULT_LABELS, FORMATS, LEVELS, SORTS, Extras, ReadingList, Section
from .tomlpos import Path as TomlPath
from .tomlpos import line_of, locate

# Field name → (expected type, description) for each table of the file.
TOP_FIELDS: dict[str, str] = {
    "title": "text", "subtitle": "text", "description": "text (Markdown)",
    "audience": "text", "style": "text", "locale": "text", "formats": "list of formats",
    "annotated": "true/false", "allow_repeats": "true/false",
    "importance": "table of labels", "sections": "[[sections]] tables",
}
SECTION_FIELDS: dict[str, str] = {
    "heading": "text", "intro": "text (Markdown)", "query": "text (a query)",
    "keys": "list of keys", "exclude": "list of keys", "sort": "text",
    "entries": "table of [sections.entries.KEY] tables",
}
ENTRY_FIELDS: dict[str, str] = {"importance": "text", "note": "text", "annotation": "text"}


class _Checker:
    """Reads one parsed file, collecting a diagnostic for each problem instead of stopping."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = locate(text)
        self.problems: list[Diagnostic] = []

    def report(self, where: TomlPath, message: str, hint: str | None = None,
               code: str = "readinglist") -> None:
        """Record a problem at the line of `where` (or its nearest ancestor)."""
        location = Location(display_path(self.path), line_of(self.lines, where))
        self.problems.append(Diagnostic(location, code, message, hint))

    def unknown(self, table: dict[str, Any], known: dict[str, str], where: TomlPath,
                what: str) -> None:
        """Report each key of `table` that is not a field of `what`."""
        for name in table:
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(known)}"
                self.report((*where, name), f"unknown field '{name}' in {what}", hint)

    def text(self, table: dict[str, Any], name: str, where: TomlPath,
             required: bool = False) -> str:
        """A text field ('' when absent)."""
        value = table.get(name)
        if value is None:
            if required:
                self.report(where, f"missing field '{name}'", f'add: {name} = "…"')
            return ""
        if not isinstance(value, str):
            self.report((*where, name), f"'{name}' must be text, not {_kind(value)}",
                        f'write it in quotes: {name} = "…"')
            return ""
        return value

    def flag(self, table: dict[str, Any], name: str, where: TomlPath, default: bool) -> bool:
        """A true/false field."""
        value = table.get(name, default)
        if not isinstance(value, bool):
            self.report((*where, name), f"'{name}' must be true or false, not {_kind(value)}")
            return default
        return value

    def strings(self, table: dict[str, Any], name: str, where: TomlPath) -> tuple[str, ...]:
        """A list of texts (a single text is read as a list of one)."""
        value = table.get(name, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.report((*where, name), f"'{name}' must be a list of texts",
                        f'e.g. {name} = ["ward1999", "abel1984"]')
            return ()
        return tuple(v.strip() for v in value)

    def choice(self, value: str, choices: tuple[str, ...], where: TomlPath, name: str) -> bool:
        """True when `value` is one of `choices`; reports it otherwise."""
        if value in choices:
            return True
        self.report(where, f"unknown {name} '{value}'", f"use one of: {', '.join(choices)}")
        return False


def load_list(path: Path) -> ReadingList:
    """Read and validate `path`; a BibSyntaxError lists every problem found."""
    from ..config import toml_error

    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise BibSyntaxError(f"not UTF-8 text: {exc.reason}", Location(path)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(exc, Path(display_path(path))) from None
    checker = _Checker(path, text)
    reading_list = _reading_list(checker, data, path)
    if checker.problems:
        raise BibSyntaxError.collected(checker.problems)
    return reading_list


def _reading_list(checker: _Checker, data: dict[str, Any], path: Path) -> ReadingList:
    """The top table."""
    checker.unknown(data, TOP_FIELDS, (), "the reading list")
    formats = checker.strings(data, "formats", ())
    for index, name in enumerate(formats):
        checker.choice(name, FORMATS, ("formats", index), "format")
    return ReadingList(
        name=path.stem,
        path=path,
        title=checker.text(data, "title", (), required=True),
        subtitle=checker.text(data, "subtitle", ()),
        description=checker.text(data, "description", ()),
        audience=checker.text(data, "audience", ()),
        style=checker.text(data, "style", ()) or None,
        locale=checker.text(data, "locale", ()) or None,
        formats=tuple(f for f in formats if f in FORMATS) or ("html", "md"),
        annotated=checker.flag(data, "annotated", (), True),
        allow_repeats=checker.flag(data, "allow_repeats", (), False),
        labels=_labels(checker, data.get("importance", {})),
        sections=_sections(checker, data.get("sections")),
    )


def _labels(checker: _Checker, table: Any) -> dict[str, str]:
    """The importance labels: the defaults, relabelled by the [importance] table."""
    labels = dict(DEFAULT_LABELS)
    if not isinstance(table, dict):
        checker.report(("importance",), "'importance' must be a table of labels",
                       'e.g. [importance] then essential = "Required reading"')
        return labels
    for level in table:
        if checker.choice(level, LEVELS, ("importance", level), "importance level"):
            labels[level] = checker.text(table, level, ("importance",)) or labels[level]
    return labels


def _sections(checker: _Checker, value: Any) -> tuple[Section, ...]:
    """Every [[sections]] table."""
    if value is None:
        checker.report((), "the list has no sections",
                       'add one: [[sections]] with heading = "…" and query = "theme:…"')
        return ()
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        checker.report(("sections",), "'sections' must be [[sections]] tables")
        return ()
    return tuple(_section(checker, table, index) for index, table in enumerate(value))


def _section(checker: _Checker, table: dict[str, Any], index: int) -> Section:
    """One [[sections]] table."""
    where: TomlPath = ("sections", index)
    checker.unknown(table, SECTION_FIELDS, where, "[[sections]]")
    query = checker.text(table, "query", where)
    keys = checker.strings(table, "keys", where)
    if query.strip():
        _check_query(checker, query, (*where, "query"))
    elif not keys:
        checker.report(where, "the section selects nothing",
                       'give it a query = "theme:…" or keys = ["…"]')
    sort = checker.text(table, "sort", where) or ("keys" if keys and not query else "author")
    checker.choice(sort, SORTS, (*where, "sort"), "sort")
    exclude = checker.strings(table, "exclude", where)
    return Section(
        heading=checker.text(table, "heading", where, required=True),
        intro=checker.text(table, "intro", where),
        query=query,
        keys=keys,
        exclude=exclude,
        sort=sort,
        extras=_extras(checker, table.get("entries", {}), (*where, "entries")),
        line=line_of(checker.lines, where),
        key_lines=_item_lines(checker, (*where, "keys"), len(keys)),
        exclude_lines=_item_lines(checker, (*where, "exclude"), len(exclude)),
    )


def _check_query(checker: _Checker, query: str, where: TomlPath) -> None:
    """Report a query that does not parse."""
    from ..errors import QuerySyntaxError
    from ..query import compile_query

    try:
        compile_query(query)
    except QuerySyntaxError as exc:
        checker.report(where, f"query: {exc.message} (column {exc.column})", exc.hint)


def _extras(checker: _Checker, table: Any, where: TomlPath) -> dict[str, Extras]:
    """The [sections.entries.KEY] tables."""
    if not isinstance(table, dict):
        checker.report(where, "'entries' must be [sections.entries.KEY] tables")
        return {}
    extras: dict[str, Extras] = {}
    for key, value in table.items():
        here = (*where, key)
        if not isinstance(value, dict):
            checker.report(here, f"entries.{key} must be a table",
                           f'write [sections.entries.{key}] then note = "…"')
            continue
        checker.unknown(value, ENTRY_FIELDS, here, f"[sections.entries.{key}]")
        importance = checker.text(value, "importance", here) or None
        if importance and not checker.choice(importance, LEVELS, (*here, "importance"),
                                             "importance"):
            importance = None
        extras[key] = Extras(importance, checker.text(value, "note", here) or None,
                             checker.text(value, "annotation", here) or None,
                             line_of(checker.lines, here))
    return extras


def _item_lines(checker: _Checker, where: TomlPath, count: int) -> tuple[int | None, ...]:
    """The line of each item of an array."""
    return tuple(line_of(checker.lines, (*where, index)) for index in range(count))


def _kind(value: Any) -> str:
    """A TOML type name for messages."""
    names: dict[type, str] = {bool: "true/false", int: "a number", float: "a number",
                              list: "a list", dict: "a table", str: "text"}
    return names.get(type(value), type(value).__name__)


def read_all(folder: Path, on_error: Callable[[BibSyntaxError], None] | None = None
             ) -> list[ReadingList]:
    """Every `*.toml` list in `folder`, by name; errors go to `on_error` (or are raised)."""
    lists: list[ReadingList] = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        try:
            lists.append(load_list(path))
        except BibSyntaxError as exc:
            if on_error is None:
                raise
            on_error(exc)
    return lists
