"""LaTeX in field values to Unicode text, for display, queries and formatting (never written back)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PLAIN = re.compile(r"[\\{}~$`]|--|''")
_SPACES = re.compile(r"\s+")
_MACRO = re.compile(r"\\[A-Za-z]+\*?|\\.")
_URL = re.compile(r"\\(?:url|path)\s*\{([^{}]*)\}")
_FORMATTING = ("textit", "emph", "textbf", "textsc", "textrm", "textsf", "texttt", "textup",
               "textsl", "url", "mkbibquote", "mkbibemph", "mkbibitalic", "mkbibbold", "enquote",
               "NoCaseChange", "textnormal", "mbox", "hbox")
_WRAPPER = re.compile(r"\\(?:" + "|".join(_FORMATTING) + r")\s*\{")


def to_unicode(value: str) -> str:
    """Decode LaTeX accents, special letters, dashes, quotes and markup; braces removed."""
    if not _PLAIN.search(value):
        return _SPACES.sub(" ", value).strip()
    return _decode(value)


@lru_cache(maxsize=65536)
def _decode(value: str) -> str:
    value = _URL.sub(lambda m: "{" + m.group(1).replace("~", r"\textasciitilde{}")
                     .replace("%", r"\%") + "}", value)
    value = _WRAPPER.sub("{", value)
    try:
        text = _converter().latex_to_text(value)
    except Exception:  # pylatexenc is lenient; anything it still rejects gets the crude path
        text = _crude(value)
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip())


@lru_cache(maxsize=1)
def _converter():
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


def _crude(value: str) -> str:
    return strip_braces(_MACRO.sub("", value)).replace("~", "\u00a0")


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
