"""The layout a file already uses, so that added fields and entries look like their neighbours."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .bibfile import EntryBlock, ParsedFile

_BRACED_SAFE = re.compile(r"[{}]")


@dataclass(frozen=True, slots=True)
class FieldLayout:
    """How one field line is laid out: indent, name-to-'=' padding, '=' to value spacing."""

    indent: str = "  "
    value_column: int | None = None  # column (0-based, in characters) where values start
    before_eq: str = " "
    after_eq: str = " "


@dataclass(frozen=True, slots=True)
class FileStyle:
    """The prevailing style of a .bib file."""

    newline: str = "\n"
    layout: FieldLayout = FieldLayout()
    quote: str = "{"  # "{" or '"'
    upper_names: bool = False  # AUTHOR = ...
    type_case: str = "lower"  # "lower", "upper" or "title" (@Article)
    trailing_comma: bool = False  # comma after the last field
    blank_lines: int = 1  # empty lines between entries


def field_layout(text: str, entry: EntryBlock, index: int) -> FieldLayout | None:
    """The layout of field `index` of `entry`, if it starts its own line."""
    span = entry.fields[index]
    start = entry.start + span.start
    line_start = text.rfind("\n", 0, start) + 1
    indent = text[line_start:start]
    if indent.strip():
        return None
    eq = text.index("=", start + len(span.name))
    value_start = entry.start + span.value_start
    before_eq = text[start + len(span.name):eq]
    after_eq = text[eq + 1:value_start]
    if "\n" in before_eq or "\n" in after_eq:
        return None
    aligned = len(before_eq) > 1 or len(after_eq) > 1
    column = value_start - line_start if aligned else None
    return FieldLayout(indent, column, before_eq if not aligned else " ", after_eq)


def detect_style(text: str, parsed: ParsedFile, newline: str, sample: int = 50) -> FileStyle:
    """Vote over up to `sample` entries from the end of the file (new entries go there)."""
    entries = [e for e in parsed.entries if e.fields][-sample:]
    if not entries:
        return FileStyle(newline=newline)
    layouts: Counter[FieldLayout] = Counter()
    quotes: Counter[str] = Counter()
    for entry in entries:
        for i, span in enumerate(entry.fields):
            layout = field_layout(text, entry, i)
            if layout:
                layouts[layout] += 1
            first = text[entry.start + span.value_start]
            if first in '{"':
                quotes[first] += 1
    last = entries[-1]
    return FileStyle(
        newline=newline,
        layout=layouts.most_common(1)[0][0] if layouts else FieldLayout(),
        quote=quotes.most_common(1)[0][0] if quotes else "{",
        upper_names=sum(e.fields[0].name.isupper() for e in entries) > len(entries) / 2,
        type_case=_type_case(entries),
        trailing_comma=last.fields[-1].comma >= 0,
        blank_lines=_blank_lines(text, parsed),
    )


def _type_case(entries: list[EntryBlock]) -> str:
    votes: Counter[str] = Counter()
    for entry in entries:
        word = entry.entry_type
        votes["upper" if word.isupper() else "title" if word[:1].isupper() else "lower"] += 1
    return votes.most_common(1)[0][0]


def _blank_lines(text: str, parsed: ParsedFile) -> int:
    votes: Counter[int] = Counter()
    for before, after in zip(parsed.entries, parsed.entries[1:]):
        gap = text[before.end:after.start]
        if not gap.strip():
            votes[max(gap.count("\n") - 1, 0)] += 1
    return votes.most_common(1)[0][0] if votes else 1


def field_line(name: str, value: str, layout: FieldLayout) -> str:
    """`name = value` laid out like its neighbours (no comma, no newline)."""
    head = layout.indent + name
    if layout.value_column is not None:
        eq_part = " =" + layout.after_eq
        pad = layout.value_column - len(head) - len(eq_part)
        if pad >= 1:
            return head + " " * pad + eq_part + value
        return head + " =" + " " + value
    return head + layout.before_eq + "=" + layout.after_eq + value


def delimit(value: str, quote: str = "{") -> str:
    """Wrap a plain value in the given delimiter style; braces for text with '\"' at depth 0."""
    if quote == '"' and not _has_toplevel_quote(value):
        return f'"{value}"'
    return "{" + value + "}"


def _has_toplevel_quote(value: str) -> bool:
    depth = 0
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            return True
    return False


def balanced(value: str) -> bool:
    """True when braces in `value` balance (a value must, to be written)."""
    depth = 0
    for m in _BRACED_SAFE.finditer(value):
        depth += 1 if m.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def format_type(entry_type: str, style: FileStyle) -> str:
    """The entry type in the file's case style."""
    if style.type_case == "upper":
        return entry_type.upper()
    if style.type_case == "title":
        return entry_type[:1].upper() + entry_type[1:].lower()
    return entry_type.lower()


def format_name(name: str, style: FileStyle) -> str:
    """A field name in the file's case style."""
    return name.upper() if style.upper_names else name.lower()


def format_entry(entry_type: str, key: str, fields: list[tuple[str, str]], style: FileStyle) -> str:
    """A whole new entry; `fields` hold (name, value as written with delimiters)."""
    nl = style.newline
    lines = [f"@{format_type(entry_type, style)}{{{key},"]
    for i, (name, value) in enumerate(fields):
        comma = "," if i < len(fields) - 1 or style.trailing_comma else ""
        lines.append(field_line(format_name(name, style), value, style.layout) + comma)
    lines.append("}")
    return nl.join(lines)
