"""Citation keys for imported entries: one pattern, `{author}{year}{title}` (`ward1999child`).

The pattern is a small template: `{author}` (the first author's family name, or the first word
of an organisation, folded to ASCII lower case; editors when there is no author), `{year}`,
`{title}` (the first word of the title that is not an article or preposition), and literal
characters (letters, digits, `-`, `_`, `:`). Collisions get `a`, `b`, … appended."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping

from ..latex import to_unicode
from ..names import OTHERS, parse_names
from ..textnorm import fold

DEFAULT_PATTERN = "{author}{year}{title}"
_PLACEHOLDER = re.compile(r"\{([a-z]+)\}")
_LITERAL = re.compile(r"[A-Za-z0-9_:-]*")
_STOPWORDS = frozenset("""a an the on of in and for to at by with from into about as is are was
what how why when which who whose or not nor but its it this that these those le la les l un une
des du de der die das den dem ein eine el los las lo il gli una uno o os as em da do dos das""".split())


def _author(fields: Mapping[str, str]) -> str:
    for name in ("author", "editor"):
        names = [n for n in parse_names(fields.get(name, "")) if n != OTHERS]
        if names:
            first = names[0]
            family = to_unicode(first.family)
            if first.literal:
                return _first_word(family)
            particle = to_unicode(first.particle)
            return _ascii(f"{particle}{family}") or _ascii(to_unicode(first.given))
    return ""


def _year(fields: Mapping[str, str]) -> str:
    for name in ("year", "date"):
        found = re.search(r"(?<!\d)(\d{4})(?!\d)", fields.get(name, ""))
        if found:
            return found.group(1)
    return ""


def _title(fields: Mapping[str, str]) -> str:
    return _first_word(to_unicode(fields.get("title", "")))


def _first_word(text: str) -> str:
    words = [_ascii(w) for w in re.split(r"[\s\-\u2010-\u2015/:]+", text)]
    words = [w for w in words if w]
    return next((w for w in words if w not in _STOPWORDS), words[0] if words else "")


def _ascii(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


PARTS: dict[str, Callable[[Mapping[str, str]], str]] = {
    "author": _author, "year": _year, "title": _title}
"""The placeholders of a key pattern and how each is filled from BibTeX fields."""


def pattern_problem(pattern: str) -> str | None:
    """Why `pattern` is not a usable key pattern, or None when it is."""
    unknown = [p for p in _PLACEHOLDER.findall(pattern) if p not in PARTS]
    if unknown:
        return f"unknown placeholder {{{unknown[0]}}} (known: {', '.join(sorted(PARTS))})"
    if not _LITERAL.fullmatch(_PLACEHOLDER.sub("", pattern)):
        return "only letters, digits, '-', '_' and ':' may stand between the placeholders"
    if not _PLACEHOLDER.search(pattern):
        return "the pattern has no placeholder"
    return None


def make_key(fields: Mapping[str, str], pattern: str = DEFAULT_PATTERN) -> str:
    """The key the pattern gives for these BibTeX fields (`ref` when every part is empty)."""
    key = _PLACEHOLDER.sub(lambda m: PARTS[m.group(1)](fields), pattern)
    if not re.search(r"[a-z0-9]", key):
        return "ref"
    return key if key[0].isalnum() else "ref" + key


def unique_key(base: str, taken: Container[str]) -> str:
    """`base`, or `base` + a, b, … aa … when it is taken."""
    if base not in taken:
        return base
    letters = "abcdefghijklmnopqrstuvwxyz"
    for first in ("", *letters):
        for letter in letters:
            candidate = f"{base}{first}{letter}"
            if candidate not in taken:
                return candidate
    raise ValueError(f"no free key for {base}")  # 702 entries with one key: not reachable
