"""An entry converted from another format, before it gets a key and joins the library."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY = re.compile(r"[A-Za-z0-9_][^\s,{}\"#%'()=\\~]{0,99}")


@dataclass
class Record:
    """A BibTeX entry built from a CSL-JSON item or a RIS record.

    `fields` hold BibTeX text without delimiters (LaTeX specials escaped); a value listed in
    `bare` is written without braces (month macros). `key` is a key the source offered
    (Better BibTeX `citation-key`, CSL `id`, RIS `ID`), used only when it is kept."""

    entry_type: str
    fields: dict[str, str]
    line: int = 0
    key: str | None = None
    source_id: str | None = None
    bare: set[str] = field(default_factory=set)


def valid_key(text: str | None) -> bool:
    """True when `text` can stand as a BibTeX citation key (no spaces, commas, braces, URLs)."""
    return bool(text) and _KEY.fullmatch(text) is not None and "://" not in text
