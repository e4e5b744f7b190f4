"""BibTeX name lists: split on `and` at brace depth 0 and parse names before decoding LaTeX."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .latex import to_unicode

_AND = re.compile(r"(?<!\S)and(?!\S)", re.IGNORECASE)  # whitespace-bounded: `and and` splits twice
_COMMA = re.compile(",")
_SPACE = re.compile(r"[\s~]+")


@dataclass(frozen=True, slots=True)
class Name:
    """One person or organisation; parts are raw LaTeX text."""

    given: str = ""
    family: str = ""
    particle: str = ""
    suffix: str = ""
    literal: bool = False


OTHERS = Name(family="others", literal=True)


def _depth0_splits(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Split `text` on `pattern` matches that lie at brace depth 0."""
    if "{" not in text:
        return pattern.split(text)
    depth_at = []
    depth = 0
    for ch in text:
        depth_at.append(depth)
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
    parts, cursor = [], 0
    for m in pattern.finditer(text):
        if depth_at[m.start()] == 0 and (m.end() >= len(text) or depth_at[m.end() - 1] == 0):
            parts.append(text[cursor:m.start()])
            cursor = m.end()
    parts.append(text[cursor:])
    return parts


def split_names(value: str) -> list[str]:
    """The names of an author/editor field, split on top-level `and`."""
    return [p.strip() for p in _depth0_splits(f" {value} ", _AND) if p.strip()]


def _tokens(text: str) -> list[str]:
    """Whitespace- and `~`-separated words at brace depth 0 (hyphens stay inside words)."""
    return [t for t in _depth0_splits(text, _SPACE) if t]


def _is_lower(token: str) -> bool:
    """BibTeX's von test: the first letter at depth 0 (or of a `{\\x...}` accent) is lower case."""
    if token.startswith("{") and not token.startswith("{\\"):
        return False  # a protected group such as `{Foo}` or `{de}`: caseless, never von
    depth = 0
    i = 0
    while i < len(token):
        ch = token[i]
        if ch == "{":
            if depth == 0 and token[i + 1:i + 2] == "\\":
                m = re.match(r"\{\\[^A-Za-z]?\s*\{?\\?([A-Za-z])", token[i:])
                return bool(m) and m.group(1).islower()
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and ch.isalpha():
            return ch.islower()
        i += 1
    return False


def parse_name(raw: str) -> Name:
    """BibTeX's three forms: `First von Last`, `von Last, First`, `von Last, Jr, First`."""
    raw = raw.strip().rstrip(",").strip()
    if raw.lower() == "others":
        return OTHERS
    if raw.startswith("{") and raw.endswith("}") and _closing(raw) == len(raw) - 1:
        return Name(family=raw[1:-1], literal=True)
    parts = [p.strip() for p in _depth0_splits(raw, _COMMA)]
    if len(parts) == 1:
        return _first_von_last(_tokens(parts[0]))
    suffix = parts[1] if len(parts) > 2 else ""
    given = parts[-1] if len(parts) > 2 else parts[1]
    particle, family = _von_last(_tokens(parts[0]))
    return Name(given=given, family=family, particle=particle, suffix=suffix)


def _closing(text: str) -> int:
    """Index of the brace closing the group that opens `text`; -1 when unbalanced."""
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "{"
        depth -= ch == "}"
        if depth == 0:
            return i
    return -1


def _first_von_last(tokens: list[str]) -> Name:
    """`First von Last`: von runs from the first to the last lower-case word before the last."""
    if not tokens:
        return Name()
    if len(tokens) == 1:
        return Name(family=tokens[0])
    body = tokens[:-1]
    von_start = next((i for i, t in enumerate(body) if _is_lower(t)), None)
    if von_start is None:
        return Name(given=" ".join(tokens[:-1]), family=tokens[-1])
    von_end = max(i for i, t in enumerate(body) if _is_lower(t)) + 1
    return Name(given=" ".join(tokens[:von_start]), particle=" ".join(tokens[von_start:von_end]),
                family=" ".join(tokens[von_end:]))


def _von_last(tokens: list[str]) -> tuple[str, str]:
    """`von Last` before a comma: von ends at the last lower-case word before the last."""
    if len(tokens) <= 1:
        return "", " ".join(tokens)
    lower = [i for i, t in enumerate(tokens[:-1]) if _is_lower(t)]
    if not lower:
        return "", " ".join(tokens)
    return " ".join(tokens[:lower[-1] + 1]), " ".join(tokens[lower[-1] + 1:])


def parse_names(value: str) -> list[Name]:
    """Every name of a name-list field."""
    return [parse_name(n) for n in split_names(value)]


def family_names(value: str) -> list[str]:
    """Decoded family names with their particles (`van der Bruggen`), `others` left out."""
    return [f for f in (_family(n) for n in parse_names(value) if n != OTHERS) if f]


def _family(name: Name) -> str:
    """`particle family` decoded; the given name when a malformed entry has no family part."""
    return to_unicode(f"{name.particle} {name.family}".strip()) or to_unicode(name.given)


def short_authors(value: str) -> str:
    """`Ward`, `Ward & Keenan`, or `Ward et al.` for three or more (or `and others`)."""
    names = parse_names(value)
    families = [f for f in (_family(n) for n in names if n != OTHERS) if f]
    if not families:
        return ""
    if OTHERS in names or len(families) > 2:
        return f"{families[0]} et al."
    return " & ".join(families)


def display_name(name: Name) -> str:
    """`Given particle Family, Suffix`, decoded."""
    text = " ".join(p for p in (name.given, name.particle, name.family) if p)
    if name.suffix:
        text += f", {name.suffix}"
    return to_unicode(text)
