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


def pack(parsed: ParsedFile) -> tuple:
    """`parsed` as plain tuples, cheap to pickle (a NamedTuple costs a Python call per object)."""
    entries = [(*e[:5], tuple(map(tuple, e.fields)), tuple(map(tuple, e.problems)))
               for e in parsed.entries]
    return (parsed.path, entries, parsed.strings, parsed.problems, parsed.block_count)


def unpack(packed: tuple) -> ParsedFile:
    """The ParsedFile that `pack` made `packed` from."""
    path, entries, strings, problems, block_count = packed
    new = tuple.__new__  # the NamedTuples' own __new__ is a Python call per object
    blocks = [new(EntryBlock, (*e[:5], tuple([new(FieldSpan, f) for f in e[5]]),
                               tuple([new(Problem, p) for p in e[6]]))) for e in entries]
    return ParsedFile(path, blocks, strings, problems, block_count)


def join(path: str, parts: list[ParsedFile]) -> ParsedFile:
    """One ParsedFile of consecutive parts of a text."""
    whole = ParsedFile(path)
    for part in parts:
        whole.entries.extend(part.entries)
        whole.strings.extend(part.strings)
        whole.problems.extend(part.problems)
        whole.block_count += part.block_count
    return whole


def entry_diagnostics(path: str, entry: EntryBlock) -> list[Diagnostic]:
    """The entry's problems as diagnostics with file:line."""
    return [Diagnostic(Location(path, entry.line + p.rel_line), p.code,
                       f"@{entry.entry_type}{{{entry.key}}}: {p.message}", p.hint)
            for p in entry.problems]


WINDOWED_FROM = 2_000_000  # characters; a smaller text is read in one piece


def parse_text(text: str, path: Path | str) -> ParsedFile:
    """Split and scan `text`; never raises for malformed BibTeX, returns problems instead.

    A big text is read in windows, on several processes where it can, with the same result
    (see `parallel`).
    """
    if len(text) >= WINDOWED_FROM:
        from .parallel import parse_windows

        return parse_windows(text, str(path))
    return parse_part(text, str(path), 0, len(text), 1).parsed


class Part(NamedTuple):
    """The parse of a window of a text, and whether the window ends between two blocks."""

    parsed: ParsedFile
    clean: bool  # True when a parse of the whole text is between blocks at the window's end


def parse_part(text: str, path: str, start: int, end: int, line: int) -> Part:
    """Split and scan `text[start:end]`, a window that starts where a block may start.

    `line` is the 1-based line of `start`. Offsets and lines are those of the whole text.
    """
    import bibtexparser  # only here: a warm cache never parses, so never pays for the import
    from bibtexparser import model as bp

    _quiet("bibtexparser")  # its warnings are our diagnostics, not stderr noise

    window = text[start:end] if start or end < len(text) else text
    blocks = bibtexparser.parse_string(window, parse_stack=[]).blocks
    del window
    lines = _Lines(text, start, line)
    parsed = ParsedFile(path, block_count=len(blocks))
    cursor, located = start, True
    for block in blocks:
        raw = block.raw or ""
        at = text.find(raw, cursor, end) if raw else -1
        if at < 0:
            located = False
            parsed.problems.append(Diagnostic(Location(path, lines.line(cursor)), "unlocatable-block",
                                              "a block could not be located in the file",
                                              "run `syllabib check` and fix the reported problems"))
            continue
        cursor = at + len(raw)
        if isinstance(block, bp.ImplicitComment):
            _check_comment(parsed, raw, at, lines)
        else:
            _add_block(parsed, text, at, cursor, lines)
    last = blocks[-1] if blocks else None
    clean = (located and cursor < end and not text[cursor:end].strip()
             and type(last) is not bp.ParsingFailedBlock)
    _release(blocks)
    return Part(parsed, clean)


def _release(blocks: list) -> None:
    """Break the cycle a failed block makes (its error's traceback holds the parser's frames),
    so that the blocks are freed at once even while the cyclic collector is paused."""
    for block in blocks:
        error = getattr(block, "error", None)
        if isinstance(error, BaseException):
            error.__traceback__ = None


class _Lines:
    """1-based lines and columns of offsets, counted on from the offset asked before."""

    def __init__(self, text: str, offset: int = 0, line: int = 1) -> None:
        self._text, self._offset, self._line = text, offset, line

    def line(self, offset: int) -> int:
        """1-based line of `offset`."""
        if offset < self._offset:
            self._line -= self._text.count("\n", offset, self._offset)
        else:
            self._line += self._text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line

    def column(self, offset: int) -> int:
        """1-based column of `offset`."""
        return offset - self._text.rfind("\n", 0, offset)


def _quiet(name: str) -> None:
    """Give a library's logger a null handler (as libraries should): no stray stderr lines."""
    import logging

    logger = logging.getLogger(name)
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


def _add_block(parsed: ParsedFile, text: str, start: int, end: int, lines: _Lines) -> None:
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


def _check_comment(parsed: ParsedFile, raw: str, start: int, lines: _Lines) -> None:
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
