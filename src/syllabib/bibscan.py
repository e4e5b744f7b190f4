"""Exact scanner for the inside of one BibTeX block: field spans and the traps bibtexparser passes.

bibtexparser decides where a block starts and ends; this scanner walks the block's text and
records, for every field, where its name and value are, so that writes can splice one value.
It also reports what would silently corrupt data: a missing comma that swallows the next field,
a `%` line read as a field, an empty key, duplicate fields, unbalanced braces, open quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from sys import intern  # field names: one object per name, pickled once
from typing import NamedTuple

_WS = re.compile(r"\s*")
_BRACE = re.compile(r"[{}]")
_QUOTE_OR_BRACE = re.compile(r'["{}]')
_BARE = re.compile(r"[^\s,#{}\"()=%]+")
_NAME = re.compile(r"[^\s\"#%'(),={}]+")
_VALID_NAME = re.compile(r"[A-Za-z_][^\s\"#%'(),={}]*")
_HEAD = re.compile(r"@[\w]*[ \t]*([{(])")
# The common case in one match: blanks, a name, '=', one simple value (braces nested at most
# once, no '#'), blanks and a comma (or, for the last field, nothing before the closing brace).
_SIMPLE_FIELD = re.compile(
    r"""\s*([A-Za-z_][^\s"#%'(),={}]*)\s*=\s*"""
    r"""(\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|"[^"{}]*"|[^\s,#{}"()=%]+)\s*(,?)""")


class Problem(NamedTuple):
    """A problem inside a block: code, message, hint and its offset relative to the block."""

    code: str
    message: str
    hint: str | None
    offset: int
    rel_line: int  # lines after the block's first line
    structural: bool = False  # True when the block's extent itself is in doubt


class FieldSpan(NamedTuple):
    """One `name = value` of an entry; offsets are relative to the entry start."""

    name: str
    start: int
    value_start: int
    value_end: int
    comma: int  # offset of the comma after the value, -1 if none


@dataclass(frozen=True, slots=True)
class Scanned:
    """The result of scanning one block."""

    kind: str  # "entry", "string", "preamble", "comment"
    entry_type: str
    key: str
    key_start: int
    fields: tuple[FieldSpan, ...]
    problems: tuple[Problem, ...]


class _Scanner:
    """Walks `text[start:end]`; positions are absolute until results are made relative."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.close = "}"
        self.problems: list[Problem] = []

    def problem(self, code: str, message: str, at: int, hint: str | None = None,
                structural: bool = False) -> None:
        rel_line = self.text.count("\n", self.start, at)
        self.problems.append(Problem(code, message, hint, at - self.start, rel_line, structural))

    def skip_ws(self, pos: int) -> int:
        return _WS.match(self.text, pos, self.end).end()

    def char(self, pos: int) -> str:
        """The character at `pos`, or '' at or after the end of the block (never beyond it)."""
        return self.text[pos] if pos < self.end else ""

    def at_close(self, pos: int) -> bool:
        return pos >= self.end - 1 and self.char(pos) == self.close

    def braced(self, pos: int) -> int:
        """End of a `{...}` group starting at `pos`, or -1 if it never closes."""
        depth = 0
        for m in _BRACE.finditer(self.text, pos, self.end):
            depth += 1 if m.group() == "{" else -1
            if depth == 0:
                return m.end()
        return -1

    def quoted(self, pos: int) -> int:
        """End of a `"..."` string starting at `pos`, or -1 if it never closes."""
        depth = 0
        for m in _QUOTE_OR_BRACE.finditer(self.text, pos + 1, self.end):
            ch = m.group()
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth < 0:
                    return -1
            elif depth == 0:
                return m.end()
        return -1

    def value(self, pos: int, name: str) -> int:
        """End of a value (pieces joined by `#`) starting at `pos`, or -1 on a fatal problem."""
        while True:
            pos = self.skip_ws(pos)
            end = self.piece(pos, name)
            if end < 0:
                return -1
            after = self.skip_ws(end)
            if self.char(after) != "#":
                return end
            pos = after + 1

    def piece(self, pos: int, name: str) -> int:
        ch = self.char(pos)
        if ch == "{":
            end = self.braced(pos)
            if end < 0:
                self.problem("unbalanced-braces", f"'{{' in field '{name}' is never closed", pos,
                             "add the missing '}' or remove the extra '{'", structural=True)
            return end
        if ch == '"':
            end = self.quoted(pos)
            if end < 0:
                self.problem("unterminated-quote", f'the quoted value of \'{name}\' never ends', pos,
                             'close it with " (braces inside quotes must balance)', structural=True)
            return end
        m = _BARE.match(self.text, pos, self.end)
        if m is None or self.at_close(pos):
            self.problem("empty-value", f"field '{name}' has no value", pos,
                         "write name = {value}, or delete the field")
            return -1
        return m.end()


def scan_block(text: str, start: int, end: int) -> Scanned:
    """Scan the block `text[start:end]` (from '@' to its closing delimiter)."""
    head = _HEAD.match(text, start, end)
    if head is None:
        s = _Scanner(text, start, end)
        s.problem("bad-block", "not a block: '@' must be followed by a type and '{'", start,
                  structural=True)
        return Scanned("entry", "", "", 0, (), tuple(s.problems))
    word = text[start + 1:head.start(1)].strip()
    kind = word.lower()
    scanner = _Scanner(text, start, end)
    scanner.close = "}" if head.group(1) == "{" else ")"
    if text[end - 1:end] != scanner.close:
        culprit = _unbalanced_field(text, start, end)
        if culprit is not None:
            scanner.problem("unbalanced-braces", f"a '{{' in field '{culprit[1]}' is never closed",
                            culprit[0], "add the missing '}' or remove the extra '{'",
                            structural=True)
        else:
            scanner.problem("unclosed-block", f"@{word} is never closed", start,
                            f"add the missing '{scanner.close}'", structural=True)
    if kind == "string":
        return _scan_string(scanner, head.end(), word)
    if kind in ("comment", "preamble"):
        return Scanned(kind, word, "", 0, (), tuple(scanner.problems))
    return _scan_entry(scanner, head.end(), word)


_FIELD_LINE = re.compile(r"[ \t]*([A-Za-z_][\w:.+-]*)[ \t]*=")


def _unbalanced_field(text: str, start: int, end: int) -> tuple[int, str] | None:
    """The field whose '{' is never closed: a later field line starts at too deep a level."""
    depth, last_field = 0, None
    pos = start
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end + 1
        m = _FIELD_LINE.match(text, pos, line_end)
        if m:
            if depth > 1 and last_field is not None:
                return last_field
            if depth == 1:
                last_field = (pos + len(text[pos:m.start(1)]), m.group(1))
        for ch in re.findall(r"(?<!\\)[{}]", text[pos:line_end]):
            depth += 1 if ch == "{" else -1
        pos = line_end
    return last_field if depth > 1 else None


def _scan_entry(s: _Scanner, pos: int, word: str) -> Scanned:
    key_end = _find_key_end(s, pos)
    key = s.text[pos:key_end].strip()
    key_start = s.skip_ws(pos) - s.start
    if not word:
        s.problem("missing-type", "entry has no type after '@'", s.start, "write e.g. @article{key,")
    if not key:
        s.problem("empty-key", "entry has an empty citation key", pos,
                  "give it a key: @article{author2020word,")
    elif re.search(r"[\s{}\"=]", key):
        s.problem("bad-key", f"citation key {key!r} contains a space, brace, quote or '='", pos,
                  "is the comma after the key missing?")
    after_key = s.text[key_end:key_end + 1]
    if after_key == "\n":
        s.problem("missing-comma", f"no comma after the key {key!r}", key_end,
                  f"write @{word}{{{key},")
    fields = _scan_fields(s, key_end + 1) if after_key in (",", "\n") else []
    return Scanned("entry", word, key, key_start, tuple(fields), tuple(s.problems))


def _find_key_end(s: _Scanner, pos: int) -> int:
    """Offset of the comma after the key, or of the closing delimiter."""
    comma = s.text.find(",", pos, s.end)
    if comma < 0:
        return s.end - 1
    newline = s.text.find("\n", pos, comma)
    if newline >= 0 and "=" in s.text[newline:comma]:
        return newline  # `@article{key` with no comma, then a field: reported as bad key below
    return comma


def _scan_fields(s: _Scanner, pos: int) -> list[FieldSpan]:
    fields: list[FieldSpan] = []
    seen: dict[str, int] = {}
    text, rel, end, simple = s.text, s.start, s.end, _SIMPLE_FIELD.match
    new = tuple.__new__  # FieldSpan's own __new__ is a Python call per field
    while True:
        while fast := simple(text, pos, end):  # the common case, without a call per piece
            comma = fast.start(3)
            if comma == fast.end(3) and not s.at_close(comma):
                break  # no comma and not the last field: the general case below
            name = intern(fast.group(1))
            start = fast.start(1) - rel
            value_start, value_end = fast.span(2)
            fields.append(new(FieldSpan, (name, start, value_start - rel, value_end - rel,
                                          comma - rel if comma < fast.end(3) else -1)))
            lowered = name.lower()
            if lowered in seen:
                _duplicate(s, name, start)
            seen[lowered] = start
            pos = fast.end()
        pos = s.skip_ws(pos)
        if pos >= s.end or s.at_close(pos):
            return fields
        span = _scan_field(s, pos)
        if span is None:
            return fields
        fields.append(span)
        lowered = span.name.lower()
        if lowered in seen:
            _duplicate(s, span.name, span.start)
        seen[lowered] = span.start
        pos = s.start + (span.comma + 1 if span.comma >= 0 else span.value_end)


def _duplicate(s: _Scanner, name: str, start: int) -> None:
    s.problem("duplicate-field", f"field '{name}' appears twice", s.start + start,
              "delete one of them; BibTeX keeps only the first")


def _scan_field(s: _Scanner, pos: int) -> FieldSpan | None:
    """Scan one field at `pos`; None when the rest of the entry cannot be read."""
    if s.text[pos] == "%":
        line_end = s.text.find("\n", pos, s.end)
        s.problem("commented-field", "'%' does not comment out a line inside an entry", pos,
                  "BibTeX reads it as part of a field: delete the line or move it outside the entry")
        after = s.skip_ws(line_end) if line_end >= 0 else s.end
        return None if after >= s.end or s.at_close(after) else _scan_field(s, after)
    m = _NAME.match(s.text, pos, s.end)
    eq = s.skip_ws(m.end()) if m else pos
    if m is None or s.char(eq) != "=":
        s.problem("expected-field", "expected 'name = value' here", pos,
                  "is a comma missing, or a brace closed too early?", structural=True)
        return None
    name = m.group()
    if not _VALID_NAME.fullmatch(name):
        s.problem("bad-field-name", f"field name {name!r} is not valid", pos)
    value_start = s.skip_ws(eq + 1)
    value_end = s.value(value_start, name)
    if value_end < 0:
        return None
    after = s.skip_ws(value_end)
    comma = after if s.char(after) == "," else -1
    if comma < 0 and not s.at_close(after):
        s.problem("missing-comma", f"no comma after the value of '{name}': the next field would "
                  "be swallowed", value_end, f"add ',' after the value of '{name}'")
    rel = s.start
    return FieldSpan(intern(name), pos - rel, value_start - rel, value_end - rel,
                     comma - rel if comma >= 0 else -1)


def _scan_string(s: _Scanner, pos: int, word: str) -> Scanned:
    pos = s.skip_ws(pos)
    m = _NAME.match(s.text, pos, s.end)
    eq = s.skip_ws(m.end()) if m else pos
    if m is None or s.char(eq) != "=":
        s.problem("bad-string", "@string must read @string{name = value}", pos, structural=True)
        return Scanned("string", word, "", 0, (), tuple(s.problems))
    value_start = s.skip_ws(eq + 1)
    value_end = s.value(value_start, m.group())
    if value_end >= 0:
        after = s.skip_ws(value_end)
        if not s.at_close(after):
            s.problem("string-two-definitions", "one @string may define only one macro", after,
                      "split it: one @string{name = value} per macro", structural=True)
    span = FieldSpan(intern(m.group()), pos - s.start, value_start - s.start,
                     max(value_end, value_start) - s.start, -1)
    return Scanned("string", word, m.group(), pos - s.start, (span,), tuple(s.problems))
