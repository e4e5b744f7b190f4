"""Zotero's `note` (its Extra field) as `key: value` lines: Better BibTeX `citation-key:` and
`tex.field:` lines, CSL variables (`original-date: 1923`), the rest kept as the note."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9 ._-]*?)\s*(:|=)\s*(.*?)\s*$")
_KEY_NAMES = {"citation-key", "citation key", "citationkey", "bibtex", "bibtex key"}
_TEX = re.compile(r"^(?:tex|bibtex|biblatex)\.([A-Za-z][\w-]*)$", re.IGNORECASE)


@dataclass
class Extra:
    """What a Zotero note says: a citation key, raw BibTeX fields, CSL variables, the rest."""

    key: str | None = None
    tex_fields: dict[str, tuple[str, bool]] = field(default_factory=dict)  # name → (value, raw)
    variables: dict[str, str] = field(default_factory=dict)
    rest: str = ""


def read_extra(note: str, known_variables: set[str]) -> Extra:
    """Split a note into its `key: value` lines and the remaining prose."""
    extra = Extra()
    kept: list[str] = []
    for line in note.replace("\r\n", "\n").split("\n"):
        if not _take(line, extra, known_variables):
            kept.append(line)
    extra.rest = "\n".join(kept).strip()
    return extra


def _take(line: str, extra: Extra, known: set[str]) -> bool:
    """Read one line into `extra`; False when it is prose to keep."""
    m = _LINE.match(line)
    if not m or not m.group(3):
        return False
    name, sign, value = m.group(1), m.group(2), m.group(3)
    tex = _TEX.match(name)
    if tex:
        extra.tex_fields[tex.group(1).lower()] = (value, sign == "=")
        return True
    if sign != ":":
        return False
    lowered = name.lower()
    if lowered in _KEY_NAMES:
        extra.key = value
        return True
    variable = lowered.replace(" ", "-")
    if variable in known or name in known:
        extra.variables[name if name in known else variable] = value
        return True
    return False
