"""LaTeX in field values to Unicode text, for display, queries and formatting (never written back)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_PLAIN = re.compile(r"[\\{}~$`]|--|''")
# whitespace runs, but not the no-break and fixed-width spaces that `~`, `\,` etc. decode to
_SPACES = re.compile(r"[^\S\u00a0\u2002\u2003\u2009\u202f]+")
_MACRO = re.compile(r"\\[A-Za-z]+\*?|\\.")
_URL = re.compile(r"\\(?:url|path)\s*\{([^{}]*)\}")
_FORMATTING = ("textit", "emph", "textbf", "textsc", "textrm", "textsf", "texttt", "textup",
               "textsl", "url", "mkbibquote", "mkbibemph", "mkbibitalic", "mkbibbold", "enquote",
               "NoCaseChange", "textnormal", "mbox", "hbox")
_WRAPPER = re.compile(r"\\(?:" + "|".join(_FORMATTING) + r")\s*\{")


_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
            "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
            "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331"}
_ACCENT = re.compile(r"\\([\'\"`^~=.]|[uvHckrdb](?![A-Za-z]))\s*"
                     r"(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))")
_LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å",
            "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ"}
_LETTER = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])(?:\s*\{\})?\s?")
_LOGOS = {"TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX",
          "AmS": "AMS", "AMS": "AMS", "MF": "Metafont", "MP": "MetaPost", "ConTeXt": "ConTeXt",
          "XeTeX": "XeTeX", "LuaTeX": "LuaTeX", "eTeX": "e-TeX", "SliTeX": "SliTeX",
          "TUB": "TUGboat", "TUG": "TUG", "dots": "…", "ldots": "…", "textendash": "–",
          "textemdash": "—", "slash": "/", "ae": "æ"}
_LOGO = re.compile(r"\\(" + "|".join(sorted(_LOGOS, key=len, reverse=True)) +
                   r")(?![A-Za-z])(?:\s*\{\}|\\ |[ \t\n])?")
_SPACING = re.compile(r"\\[,;: ]|\\-|\\/")
_SWITCH = re.compile(r"\\(?:it|em|bf|sl|tt|sf|rm|sc|ssf|bfseries|itshape|upshape|normalfont|"
                     r"small|large|Large|footnotesize|scriptsize|relax)(?![A-Za-z])\s*")
_DASHES = {"Dash": "\u2014", "emdash": "\u2014", "endash": "\u2013", "thinspace": "\u2009",
           "enspace": "\u2002", "quad": "\u2003", "textquoteright": "\u2019",
           "textquoteleft": "\u2018", "textquotedblleft": "\u201c", "textquotedblright": "\u201d",
           "textasciitilde": "\ue002", "textbackslash": "\ue003", "textasciicircum": "^",
           "textbar": "|", "textless": "<",
           "textgreater": ">", "textellipsis": "\u2026", "S": "\u00a7", "P": "\u00b6",
           "copyright": "\u00a9", "pounds": "\u00a3", "euro": "\u20ac", "textdegree": "\u00b0"}
_DASH = re.compile(r"\\(" + "|".join(_DASHES) + r")(?![A-Za-z])(?:\s*\{\})?")
_DROP_ARG = re.compile(r"\\(?:noopsort|nocite|index|label|footnote)\s*\{[^{}]*\}")
_LAYOUT = re.compile(r"\\(?:kern|raise|lower|llap|rlap|hbox|vbox|hskip|vskip|hspace|vspace|"
                     r"begin|end|def|char|symbol|verb)(?![A-Za-z])")
_WITH_ARG = re.compile(r"\\[A-Za-z]+\s*(?=\{(?!\}))")
_NAMED = re.compile(r"\\([A-Za-z]+)(?:\s*\{\}|[ \t\n])?")
_ESCAPE = re.compile(r"\\([&%$#_{}])")
_PROTECT = {"{": "\ue000", "}": "\ue001"}  # placeholders, undone by _RESTORE
_RESTORE = str.maketrans({"\ue000": "{", "\ue001": "}", "\ue002": "~", "\ue003": "\\"})


def to_unicode(value: str) -> str:
    """Decode LaTeX accents, special letters, dashes, quotes and markup; braces removed."""
    try:
        if not _PLAIN.search(value):
            return _nfc(_SPACES.sub(" ", value).strip())
        fast = _fast(value)
        return fast if fast is not None else _decode(value)
    except Exception:  # never raise on display text: the crude strip is always possible
        return _nfc(_SPACES.sub(" ", _crude(str(value))).strip())


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


@lru_cache(maxsize=65536)
def _fast(value: str) -> str | None:
    """The common LaTeX of titles and names without pylatexenc; None when it needs the full parser."""
    if "\\url" in value or "\\path" in value:
        return None
    text = _WRAPPER.sub("{", value) if "\\" in value else value
    if "\\" in text:
        text = _ACCENT.sub(_accent, text)
        text = _LETTER.sub(lambda m: _LETTERS[m.group(1)], text)
        text = _LOGO.sub(lambda m: _LOGOS[m.group(1)] + (" " if m.group().endswith("\\ ") else ""),
                         text)
        text = _SPACING.sub(lambda m: " " if m.group() in ("\\ ", "\\,", "\\;", "\\:") else "",
                            text)
        text = _ESCAPE.sub(lambda m: _PROTECT.get(m.group(1), m.group(1)), text)
    if "\\" in text:
        text = _generic_macros(text)
        if text is None:
            return None
    if "\\" in text or "$" in text:
        return None
    text = text.replace("{", "").replace("}", "")
    text = text.replace("---", "\u2014").replace("--", "\u2013").replace("~", "\u00a0")
    text = text.replace("``", "\u201c").replace("''", "\u201d").translate(_RESTORE)
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip())


def _generic_macros(text: str) -> str | None:
    """Font switches dropped, dashes named, other macros kept as their argument or their name."""
    if _LAYOUT.search(text):
        return None
    text = _SWITCH.sub("", text)
    text = _DASH.sub(lambda m: _DASHES[m.group(1)], text)
    text = _DROP_ARG.sub("", text)
    text = _WITH_ARG.sub("", text)
    return _NAMED.sub(lambda m: m.group(1), text)


def _accent(m: re.Match[str]) -> str:
    """The base letter followed by the combining mark of the accent macro."""
    base = m.group(2) or m.group(3)
    base = {"\\i": "i", "\\j": "j"}.get(base, base)
    return base + _ACCENTS[m.group(1)]


@lru_cache(maxsize=65536)
def _decode(value: str) -> str:
    """Full decoding through pylatexenc, for what the fast path leaves undecided."""
    value = _URL.sub(lambda m: "{" + m.group(1).replace("~", r"\textasciitilde{}")
                     .replace("%", r"\%") + "}", value)
    value = _WRAPPER.sub("{", value)
    try:
        text = _converter().latex_to_text(value)
    except Exception:  # pylatexenc is lenient; anything it still rejects gets the crude path
        text = _crude(value)
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip())


@lru_cache(maxsize=1)
def _converter() -> Any:
    """One shared pylatexenc converter (imported lazily: it is slow to load)."""
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


def _crude(value: str) -> str:
    """Escaped characters kept, other backslash-commands and braces dropped."""
    text = _ESCAPE.sub(lambda m: _PROTECT.get(m.group(1), m.group(1)), value)
    text = _MACRO.sub("", text).replace("{", "").replace("}", "").replace("~", "\u00a0")
    return text.translate(_RESTORE)


def strip_braces(value: str) -> str:
    """Remove unescaped `{` and `}`; `\\{` and `\\}` become literal braces."""
    out, escaped = [], False
    for ch in value:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
            out.append(ch)
        elif ch not in "{}":
            out.append(ch)
    text = "".join(out)
    return text.replace("\\{", "{").replace("\\}", "}")
