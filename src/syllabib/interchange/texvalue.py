"""Plain and CSL rich text → BibTeX field text: LaTeX specials escaped, Unicode kept as UTF-8."""

from __future__ import annotations

import html
import re

_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
             "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
             "^": r"\textasciicircum{}"}
_SPECIAL = re.compile(r"[\\{}&%$#_~^]")
_SPACE = re.compile(r"[ \t\r\n\f\v]+")  # no-break spaces (U+00A0, U+202F) stay
_PARAGRAPH = re.compile(r"\s*\n\s*\n\s*")
_TAG = re.compile(r"<(/?)(i|b|em|strong|sup|sub|span|sc)((?:\s[^<>]*)?)>", re.IGNORECASE)
_MACROS = {"i": r"\textit{", "em": r"\emph{", "b": r"\textbf{", "strong": r"\textbf{",
           "sup": r"\textsuperscript{", "sub": r"\textsubscript{"}
_NOCASE = "}nocase"  # the closer of a nocase span: `}`, marked so acronyms inside stay bare
_ACRONYM = re.compile(r"(?<![\w{])([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?)(?![\w}])")


def escape(text: str) -> str:
    """Plain text as BibTeX text: `&` → `\\&` and the other specials; whitespace collapsed."""
    return _SPECIAL.sub(lambda m: _SPECIALS[m.group()], _SPACE.sub(" ", text).strip())


def escape_prose(text: str) -> str:
    """Rich text of abstracts, annotations and notes: paragraph breaks (blank lines) kept,
    markup as in `rich`, no acronym protection (prose is never case-changed)."""
    paragraphs = _PARAGRAPH.split(text.strip())
    return "\n\n".join(rich(p, protect_acronyms=False) for p in paragraphs if p.strip())


def rich(text: str, protect_acronyms: bool = True) -> str:
    """CSL rich text (`<i>`, `<b>`, `<sup>`, `<sub>`, small caps, `<span class="nocase">`) as
    BibTeX: markup → LaTeX macros, nocase → `{…}`, all-caps acronyms braced unless shouting."""
    if protect_acronyms and not re.search(r"[a-z]", _TAG.sub("", text)):
        protect_acronyms = False  # a title all in capitals: case protection would freeze it
    out: list[str] = []
    closers: list[str] = []  # what closes each open tag; NOCASE_END for a nocase span
    cursor = 0
    for m in _TAG.finditer(text):
        out.append(_plain_piece(text[cursor:m.start()], protect_acronyms and _NOCASE not in closers))
        cursor = m.end()
        closing, name, attributes = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            out.append(closers.pop()[:1] if closers else "")
        else:
            opener, closer = _open(name, attributes)
            out.append(opener)
            closers.append(closer)
    out.append(_plain_piece(text[cursor:], protect_acronyms and _NOCASE not in closers))
    out.extend(c[:1] for c in reversed(closers))
    return _SPACE.sub(" ", "".join(out)).strip()


def _open(name: str, attributes: str) -> tuple[str, str]:
    """The LaTeX opening and closing of one HTML-like tag of CSL rich text."""
    if name in _MACROS:
        return _MACROS[name], "}"
    if name == "span" and "nocase" in attributes:
        return "{", _NOCASE
    if name == "sc" or name == "span" and "small-caps" in attributes:
        return r"\textsc{", "}"
    return "", ""


def _plain_piece(piece: str, protect_acronyms: bool) -> str:
    """Text between tags: entities decoded, specials escaped, acronyms braced."""
    if not piece:
        return ""
    raw = html.unescape(piece)
    lead = " " if raw[:1].isspace() else ""
    trail = " " if raw[-1:].isspace() and raw.strip() else ""
    value = escape(raw)
    if protect_acronyms:
        value = _ACRONYM.sub(r"{\1}", value)
    return f"{lead}{value}{trail}" if value else lead


def strip_markup(text: str) -> str:
    """CSL rich text without its tags (for RIS, which has no markup)."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", text))).strip()
