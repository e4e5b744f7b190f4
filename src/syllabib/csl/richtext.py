"""LaTeX field values → CSL-JSON text: Unicode, with BibTeX's case protection as nocase spans."""

from __future__ import annotations

import re
from ..latex import to_unicode

NOCASE_OPEN = '<span class="nocase">'
NOCASE_CLOSE = "</span>"
_MACRO_BEFORE = re.compile(r"\\[A-Za-z]+\*?\s*$|\\.$")
_QUOTE = re.compile(r"\\(?:enquote|mkbibquote)\s*\{([^{}]*)\}")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)|(?<=s)'(?=\s|$|[,.;:])")


def protected_groups(raw: str) -> list[tuple[str, bool]]:
    """`raw` cut into (text, protected) pieces; a depth-0 `{…}` that is no macro argument and
    does not start with a backslash protects its case, as BibTeX does."""
    pieces: list[tuple[str, bool]] = []
    depth, start, cursor = 0, 0, 0
    escaped = False
    for i, ch in enumerate(raw):
        if escaped:
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch == "{":
            if depth == 0 and _protects(raw, i):
                if i > cursor:
                    pieces.append((raw[cursor:i], False))
                start = i
            depth += 1
        elif ch == "}" and depth > 0:
            depth -= 1
            if depth == 0 and start >= cursor and raw[start] == "{" and _protects(raw, start):
                pieces.append((raw[start + 1:i], True))
                cursor = i + 1
    if cursor < len(raw):
        pieces.append((raw[cursor:], False))
    return [piece for piece in pieces if piece[0]]


def _protects(raw: str, brace: int) -> bool:
    """True when the group opening at `brace` is a case-protecting group."""
    if raw[brace + 1:brace + 2] == "\\":
        return False  # `{\"a}` is a special character, `{\em x}` a switch: not protected
    return not _MACRO_BEFORE.search(raw[:brace])


def csl_text(raw: str) -> str:
    """Field text for CSL-JSON: decoded LaTeX, typographic apostrophes, nocase spans."""
    out: list[str] = []
    if "quote" in raw:
        raw = _QUOTE.sub(lambda m: f"\u201c{m.group(1)}\u201d", raw)
    for piece, protected in protected_groups(raw):
        text = _decoded_keeping_edges(piece)
        if not text.strip():
            out.append(" " if text else "")
            continue
        text = typographic(text)
        out.append(f"{NOCASE_OPEN}{text}{NOCASE_CLOSE}" if protected else text)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def plain_text(raw: str) -> str:
    """Field text without markup (names, places, numbers)."""
    return typographic(to_unicode(raw))


def typographic(text: str) -> str:
    """Straight apostrophes inside or closing words become ’ (as citeproc-js prints them)."""
    return _APOSTROPHE.sub("\u2019", text) if "'" in text else text


def _decoded_keeping_edges(piece: str) -> str:
    """`to_unicode(piece)` with one space kept where the raw piece begins or ends with space."""
    core = to_unicode(piece)
    lead = " " if piece[:1].isspace() or piece.startswith("~") else ""
    trail = " " if piece[-1:].isspace() or piece.endswith("~") else ""
    return f"{lead}{core}{trail}" if core else lead or trail
