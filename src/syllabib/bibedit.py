"""Minimal-change edits: each returns a `Splice` that replaces exactly the bytes it must."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bibfile import EntryBlock
from .bibscan import FieldSpan
from .bibstyle import FieldLayout, FileStyle, balanced, delimit, field_layout, field_line
from .errors import UsageError

_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Splice:
    """Replace `text[start:end]` with `replacement`."""

    start: int
    end: int
    replacement: str


def apply_splices(text: str, splices: list[Splice]) -> str:
    """Apply non-overlapping splices; everything outside them is copied unchanged."""
    out, cursor = [], 0
    for sp in sorted(splices, key=lambda s: s.start):
        if sp.start < cursor:
            raise ValueError("overlapping splices")
        out += [text[cursor:sp.start], sp.replacement]
        cursor = sp.end
    out.append(text[cursor:])
    return "".join(out)


def encode_value(value: str, previous: str | None, style: FileStyle) -> str:
    """`value` delimited like the value it replaces (or the file's style); digits stay bare."""
    if not balanced(value):
        raise UsageError(f"unbalanced braces in value {value!r}", hint="every '{' needs a '}'")
    if previous is not None and _DIGITS.fullmatch(previous) and _DIGITS.fullmatch(value):
        return value
    quote = previous[0] if previous and previous[0] in '{"' else style.quote
    return delimit(value, quote)


def set_value(text: str, entry: EntryBlock, span: FieldSpan, value: str, style: FileStyle) -> Splice:
    """Replace one field's value, keeping its delimiter style."""
    start, end = entry.start + span.value_start, entry.start + span.value_end
    return Splice(start, end, encode_value(value, text[start:end], style))


def insert_field(text: str, entry: EntryBlock, name: str, value: str, style: FileStyle) -> Splice:
    """Add `name = value` as one new line laid out like the neighbouring fields."""
    if not entry.fields:
        return _insert_first_field(text, entry, name, value, style)
    fields = entry.fields
    anchor = len(fields) - 1 if fields[-1].comma >= 0 or len(fields) == 1 else len(fields) - 2
    ref = fields[anchor]
    layout = _nearest_layout(text, entry, anchor)
    ref_value = entry.raw_value(text, ref)
    name = name.upper() if ref.name.isupper() else name.lower()
    encoded = encode_value(value, None, _quote_like(style, ref_value))
    if ref.comma >= 0:
        at = entry.start + ref.comma + 1
        if layout is None:
            return Splice(at, at, f" {name} = {encoded},")
        return Splice(at, at, style.newline + field_line(name, encoded, layout) + ",")
    at = entry.start + ref.value_end  # a single field without comma
    if layout is None:
        return Splice(at, at, f", {name} = {encoded}")
    return Splice(at, at, "," + style.newline + field_line(name, encoded, layout))


def _nearest_layout(text: str, entry: EntryBlock, anchor: int) -> FieldLayout | None:
    """The layout of the closest field at or before `anchor` that starts its own line."""
    for index in range(anchor, -1, -1):
        layout = field_layout(text, entry, index)
        if layout is not None:
            return layout
    return field_layout(text, entry, len(entry.fields) - 1)


def _quote_like(style: FileStyle, neighbour_value: str) -> FileStyle:
    from dataclasses import replace

    quote = neighbour_value[0] if neighbour_value[:1] in ('{', '"') else style.quote
    return replace(style, quote=quote)


def _insert_first_field(text: str, entry: EntryBlock, name: str, value: str,
                        style: FileStyle) -> Splice:
    line = field_line(name, encode_value(value, None, style), style.layout)
    close = entry.end - 1
    head_end = text.index("{" if text[entry.start:close].find("{") >= 0 else "(", entry.start) + 1
    comma = text.find(",", head_end, close)
    if comma >= 0:
        return Splice(comma + 1, close, style.newline + line + style.newline)
    return Splice(close, close, "," + style.newline + line + style.newline)


def delete_field(text: str, entry: EntryBlock, span: FieldSpan) -> Splice:
    """Remove one field: its whole line(s) when it stands alone on them, else just its text."""
    start = entry.start + span.start
    end = entry.start + (span.comma + 1 if span.comma >= 0 else span.value_end)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = _line_end(text, end)
    if not text[line_start:start].strip() and not text[end:line_end].strip():
        return Splice(line_start, _after_newline(text, line_end), "")
    return Splice(start, _skip_spaces(text, end), "")


def delete_entry(text: str, entry: EntryBlock) -> Splice:
    """Remove an entry's lines, and one blank line so that the gap around it stays single."""
    line_start = text.rfind("\n", 0, entry.start) + 1
    if text[line_start:entry.start].strip():
        line_start = entry.start
    line_end = _line_end(text, entry.end)
    if text[entry.end:line_end].strip():
        return Splice(line_start, entry.end, "")
    end = _after_newline(text, line_end)
    blank_after = _line_end(text, end)
    if end < len(text) and not text[end:blank_after].strip() and _blank_before(text, line_start):
        end = _after_newline(text, blank_after)
    return Splice(line_start, end, "")


def replace_entry(entry: EntryBlock, new_text: str) -> Splice:
    """Replace exactly the entry's text (from '@' to its closing delimiter)."""
    return Splice(entry.start, entry.end, new_text)


def append_entry(text: str, entry_text: str, style: FileStyle) -> Splice:
    """Add an entry at the end of the file, separated like the file's other entries."""
    nl = style.newline
    end = len(text)
    body = text.rstrip(" \t\r\n")
    if not body:
        return Splice(0, end, entry_text + nl)
    gap = nl * (style.blank_lines + 1)
    trailing = text[len(body):]
    return Splice(len(body), end, gap + entry_text + (trailing if trailing.strip(" \t") else nl))


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _after_newline(text: str, line_end: int) -> int:
    return min(line_end + 1, len(text))


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def _blank_before(text: str, line_start: int) -> bool:
    if line_start == 0:
        return True
    prev_start = text.rfind("\n", 0, line_start - 1) + 1
    return not text[prev_start:line_start].strip()
