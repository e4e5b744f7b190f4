"""One .bib file in memory — text, parse and style — and validated, incremental edits to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .bibedit import Splice, append_entry, apply_splices
from .bibfile import EntryBlock, ParsedFile, entry_diagnostics, parse_text
from .bibscan import scan_block
from .bibstyle import FileStyle, detect_style
from .bibtext import BibText, decode, detect_newline
from .cache import ParseCache, content_hash
from .errors import BibSyntaxError, Diagnostic, Location
from .store import read_bytes


@dataclass(slots=True)
class EntryEdit:
    """Splices inside one entry, or its deletion (a splice covering it and its lines)."""

    entry: EntryBlock
    splices: list[Splice] = field(default_factory=list)
    delete: bool = False


@dataclass
class BibFile:
    """A .bib file as read: its text (BOM remembered), its parse and its content hash."""

    path: Path
    source: BibText
    parsed: ParsedFile
    digest: str

    @property
    def text(self) -> str:
        """The decoded text."""
        return self.source.text

    @cached_property
    def style(self) -> FileStyle:
        """The file's prevailing layout, for new fields and entries."""
        return detect_style(self.text, self.parsed, detect_newline(self.text))

    def problem_at(self, entry: EntryBlock) -> BibSyntaxError | None:
        """Why `entry` may not be edited, or None when it may."""
        if not self.parsed.structurally_sound:
            first = self.parsed.problems[0]
            return BibSyntaxError(f"{first.code}: {first.message}; this file is not edited until "
                                  "it is fixed", first.location, first.hint,
                                  tuple(self.parsed.problems))
        if not entry.writable:
            diags = entry_diagnostics(self.parsed.path, entry)
            return BibSyntaxError(f"{diags[0].code}: {diags[0].message}", diags[0].location,
                                  diags[0].hint, tuple(diags))
        return None


def load_bibfile(path: Path, cache: ParseCache, label: str | None = None) -> BibFile:
    """Read and parse `path` (through the cache); raises BibSyntaxError if it is not text."""
    shown = label or str(path)
    source, digest = _read(path, shown)
    parsed = cache.get(path, digest)
    if parsed is None:
        parsed = parse_text(source.text, shown)
        cache.put(path, digest, parsed)
    elif parsed.path != shown:
        parsed = parsed.relabelled(shown)
    return BibFile(path, source, parsed, digest)


def load_bibfiles(paths: list[tuple[Path, str]],
                  cache: ParseCache) -> list[BibFile | BibSyntaxError]:
    """`load_bibfile` of each (path, label), the error in place of a file that is not text; the
    files not in the cache are parsed together, on several processes when they are big."""
    from .parallel import parse_texts

    found: list[BibFile | BibSyntaxError | None] = []
    missing: list[tuple[int, Path, BibText, str, str]] = []
    for path, shown in paths:
        try:
            source, digest = _read(path, shown)
        except BibSyntaxError as exc:
            found.append(exc)
            continue
        parsed = cache.get(path, digest)
        if parsed is None:
            missing.append((len(found), path, source, digest, shown))
        found.append(None if parsed is None else BibFile(
            path, source, parsed if parsed.path == shown else parsed.relabelled(shown), digest))
    texts = [(source.text, shown) for _, _, source, _, shown in missing]
    for (i, path, source, digest, _), parsed in zip(missing, parse_texts(texts, parse_text)):
        cache.put(path, digest, parsed)
        found[i] = BibFile(path, source, parsed, digest)
    return [f for f in found if f is not None]


def _read(path: Path, shown: str) -> tuple[BibText, str]:
    """The decoded text and the content hash of `path` (its bytes are not kept: less memory)."""
    data = read_bytes(path)
    return decode(data, shown), content_hash(data)


def new_bibfile(path: Path, label: str) -> BibFile:
    """An empty file that does not exist yet (written by the first commit)."""
    return BibFile(path, BibText("", False), ParsedFile(label), content_hash(b""))


def commit_edits(bib: BibFile, edits: list[EntryEdit], appends: list[str]) -> BibFile:
    """The file after `edits` and `appends`, re-scanned incrementally; refuses what is not clean."""
    if edits and appends:  # an append may touch the end of a deleted last entry: two steps
        return commit_edits(commit_edits(bib, edits, []), [], appends)
    text = bib.text
    append_splice, spans = _append_splice(bib, appends)
    splices = [s for e in edits for s in e.splices] + ([append_splice] if append_splice else [])
    new_text = apply_splices(text, splices)
    by_start = {e.entry.start: e for e in edits}
    entries: list[EntryBlock] = []
    sweep = _Sweep(text, splices)
    for old in bib.parsed.entries:
        delta, lines = sweep.before(old.start)
        edit = by_start.get(old.start)
        if edit is None:
            entries.append(old._replace(start=old.start + delta, end=old.end + delta,
                                        line=old.line + lines))
        elif not edit.delete:
            inner = sum(len(s.replacement) - (s.end - s.start) for s in edit.splices)
            entries.append(_rescan(bib, new_text, old.start + delta, old.end + delta + inner,
                                   old.line + lines))
    if append_splice:
        base_line = new_text.count("\n", 0, append_splice.start) + 1
        for start, end in spans:
            line = base_line + append_splice.replacement.count("\n", 0, start)
            entries.append(_rescan(bib, new_text, append_splice.start + start,
                                   append_splice.start + end, line))
    strings = [s._replace(line=s.line + sweep.lines_before_line(s.line)) for s in bib.parsed.strings]
    parsed = ParsedFile(bib.parsed.path, entries, strings, list(bib.parsed.problems),
                        bib.parsed.block_count - sum(e.delete for e in edits) + len(appends))
    source = BibText(new_text, bib.source.bom)
    return BibFile(bib.path, source, parsed, content_hash(source.encode()))


def _append_splice(bib: BibFile, appends: list[str]) -> tuple[Splice | None, list[tuple[int, int]]]:
    """One splice adding every new entry, and each entry's (start, end) inside it."""
    if not appends:
        return None, []
    gap = bib.style.newline * (bib.style.blank_lines + 1)
    joined = gap.join(appends)
    splice = append_entry(bib.text, joined, bib.style)
    offset = splice.replacement.index(joined)
    spans = []
    for entry_text in appends:
        spans.append((offset, offset + len(entry_text)))
        offset += len(entry_text) + len(gap)
    return splice, spans


class _Sweep:
    """Running character and line deltas of sorted splices, queried in increasing order."""

    def __init__(self, text: str, splices: list[Splice]) -> None:
        self._splices = sorted(splices, key=lambda s: s.start)
        self._deltas: list[tuple[int, int, int, int]] = []
        line, cursor = 1, 0
        for s in self._splices:
            line += text.count("\n", cursor, s.start)
            cursor = s.start
            self._deltas.append((s.end, len(s.replacement) - (s.end - s.start),
                                 s.replacement.count("\n") - text.count("\n", s.start, s.end),
                                 line))
        self._i = self._chars = self._lines = 0

    def before(self, position: int) -> tuple[int, int]:
        """Deltas of every splice that ends at or before `position`."""
        while self._i < len(self._deltas) and self._deltas[self._i][0] <= position:
            self._chars += self._deltas[self._i][1]
            self._lines += self._deltas[self._i][2]
            self._i += 1
        return self._chars, self._lines

    def lines_before_line(self, line: int) -> int:
        """Lines added by splices that start on an earlier line (any order)."""
        return sum(d[2] for d in self._deltas if d[3] < line)


def _rescan(bib: BibFile, text: str, start: int, end: int, line: int) -> EntryBlock:
    """Scan one edited or new entry; any problem refuses the whole write."""
    scanned = scan_block(text, start, end)
    block = EntryBlock(scanned.entry_type, scanned.key, start, end, line, scanned.fields,
                       scanned.problems)
    if scanned.kind != "entry" or scanned.problems or not scanned.key:
        diags = entry_diagnostics(bib.parsed.path, block) or [
            Diagnostic(Location(bib.parsed.path, line), "bad-entry", "the new text is not one entry")]
        raise BibSyntaxError(f"{diags[0].code}: {diags[0].message}", diags[0].location,
                             diags[0].hint or "nothing was written", tuple(diags))
    return block


def verify_incremental(bib: BibFile) -> bool:
    """True when the incremental parse equals a full parse of the text (used by tests)."""
    full = parse_text(bib.text, bib.parsed.path)
    return full.entries == bib.parsed.entries and full.strings == bib.parsed.strings
