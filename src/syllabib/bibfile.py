"""Lossless reading of one .bib file: blocks located by offset, problems as data.

bibtexparser 2 (with no middleware, so nothing is interpolated) splits the text into blocks;
each block is then found by offset in the original text and scanned exactly (`bibscan`).
Nothing here rewrites text: `bibedit` splices changes into the original string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from .bibscan import FieldSpan, Problem, scan_block
from .bibtext import LineIndex
from .errors import Diagnostic, Location

_SPACE_AFTER_AT = re.compile(r"(?m)^[ \t]*@[ \t]+\w+[ \t]*[{(]")
_STRAY_FIELD = re.compile(r"(?m)^[ \t]*,?[ \t]*[A-Za-z][\w-]*[ \t]*=[ \t]*[{\"\d]")


class EntryBlock(NamedTuple):
    """One entry as written: offsets into the file text, fields with relative spans."""

    entry_type: str  # as written, e.g. "Article"
    key: str
    start: int  # offset of '@'
    end: int  # offset after the closing delimiter
    line: int  # 1-based line of '@'
    fields: tuple[FieldSpan, ...]
    problems: tuple[Problem, ...] = ()

    def field(self, name: str) -> FieldSpan | None:
        """The span of field `name` (case-insensitive), first one if duplicated."""
        lowered = name.lower()
        for span in self.fields:
            if span.name.lower() == lowered:
                return span
        return None

    def raw_value(self, text: str, span: FieldSpan) -> str:
        """The value of `span` as written, delimiters included."""
        return text[self.start + span.value_start:self.start + span.value_end]

    @property
    def writable(self) -> bool:
        """True when the entry has no problem, so a splice into it is safe."""
        return not self.problems


class StringBlock(NamedTuple):
    """One `@string{name = value}` macro definition."""

    name: str
    value: str  # as written, delimiters included
    line: int


@dataclass(slots=True)
class ParsedFile:
    """Everything read from one .bib file, minus its text (kept separately, see `BibFile`)."""

    path: str
    entries: list[EntryBlock] = field(default_factory=list)
    strings: list[StringBlock] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)  # structural: blocks in doubt
    block_count: int = 0

    def diagnostics(self) -> list[Diagnostic]:
        """Structural problems plus every entry's own problems, in file order."""
        found = list(self.problems)
        for entry in self.entries:
            if entry.problems:
                found.extend(entry_diagnostics(self.path, entry))
        return sorted(found, key=lambda d: d.location.line or 0)

    @property
    def structurally_sound(self) -> bool:
        """True when every block's extent is certain, so offsets can be trusted for writing."""
        return not self.problems

    def relabelled(self, path: str) -> ParsedFile:
        """The same parse under another label (labels follow the working directory)."""
        problems = [replace(d, location=replace(d.location, path=path)) for d in self.problems]
        return ParsedFile(path, self.entries, self.strings, problems, self.block_count)


def entry_diagnostics(path: str, entry: EntryBlock) -> list[Diagnostic]:
    """The entry's problems as diagnostics with file:line."""
    return [Diagnostic(Location(path, entry.line + p.rel_line), p.code,
                       f"@{entry.entry_type}{{{entry.key}}}: {p.message}", p.hint)
            for p in entry.problems]


def parse_text(text: str, path: Path | str) -> ParsedFile:
    """Split and scan `text`; never raises for malformed BibTeX, returns problems instead."""
    import bibtexparser  # only here: a warm cache never parses, so never pays for the import
    from bibtexparser import model as bp

    _quiet("bibtexparser")  # its warnings are our diagnostics, not stderr noise

    path = str(path)
    library = bibtexparser.parse_string(text, parse_stack=[])
    lines = LineIndex(text)
    parsed = ParsedFile(path, block_count=len(library.blocks))
    cursor = 0
    for block in library.blocks:
        raw = block.raw or ""
        start = text.find(raw, cursor) if raw else -1
        if start < 0:
            parsed.problems.append(Diagnostic(Location(path, lines.line(cursor)), "unlocatable-block",
                                              "a block could not be located in the file",
                                              "run `syllabib check` and fix the reported problems"))
            continue
        cursor = start + len(raw)
        if isinstance(block, bp.ImplicitComment):
            _check_comment(parsed, raw, start, lines)
        else:
            _add_block(parsed, text, start, cursor, lines)
    return parsed


def _quiet(name: str) -> None:
    """Give a library's logger a null handler (as libraries should): no stray stderr lines."""
    import logging

    logger = logging.getLogger(name)
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


def _add_block(parsed: ParsedFile, text: str, start: int, end: int, lines: LineIndex) -> None:
    scanned = scan_block(text, start, end)
    line = lines.line(start)
    for p in scanned.problems:
        if p.structural:
            at = start + p.offset
            parsed.problems.append(Diagnostic(Location(parsed.path, lines.line(at), lines.column(at)),
                                              p.code, p.message, p.hint))
    local = tuple(p for p in scanned.problems if not p.structural)
    if scanned.kind == "string" and scanned.fields:
        span = scanned.fields[0]
        value = text[start + span.value_start:start + span.value_end]
        parsed.strings.append(StringBlock(scanned.key, value, line))
    elif scanned.kind == "entry":
        parsed.entries.append(EntryBlock(scanned.entry_type, scanned.key, start, end, line,
                                         scanned.fields, local))


def _check_comment(parsed: ParsedFile, raw: str, start: int, lines: LineIndex) -> None:
    """Text between blocks is free; flag what is really a lost entry or a lost field."""
    for m in _SPACE_AFTER_AT.finditer(raw):
        at = start + m.start() + m.group().index("@")
        parsed.problems.append(Diagnostic(
            Location(parsed.path, lines.line(at), lines.column(at)), "space-after-at",
            "'@ type{' with a space is not read as an entry: the whole entry is ignored",
            "remove the space after '@'"))
    for m in _STRAY_FIELD.finditer(raw):
        at = start + m.start()
        parsed.problems.append(Diagnostic(
            Location(parsed.path, lines.line(at)), "stray-field",
            "a field outside any entry: an extra '}' probably closed the entry above too early",
            "check the braces of the entry above"))


def shift(entry: EntryBlock, delta: int, line_delta: int) -> EntryBlock:
    """The same entry moved by `delta` characters and `line_delta` lines."""
    return entry._replace(start=entry.start + delta, end=entry.end + delta,
                          line=entry.line + line_delta)
