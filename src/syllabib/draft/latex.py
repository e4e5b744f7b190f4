"""LaTeX citations: \\cite, \\parencite, \\textcite, natbib \\citet/\\citep, with optional
pre- and postnotes and several keys, and biblatex multicites (\\cites[p. 3]{a}{b})."""

from __future__ import annotations

import re

from .citation import LATEX, Citation
from .source import Source

_ARGS = r"(?P<args>(?:\s*\[[^\[\]]*\]){0,2})"
_COMMAND = re.compile(r"\\(?P<cmd>[A-Za-z]*cites?[A-Za-z]*)\*?" + _ARGS + r"\s*\{(?P<keys>[^{}]*)\}")
_MORE = re.compile(_ARGS + r"\s*\{(?P<keys>[^{}]*)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


def find_latex(source: Source) -> list[Citation]:
    """Every key cited by a LaTeX citation command (`\\nocite{*}` left out)."""
    found: list[Citation] = []
    for m in _COMMAND.finditer(source.text):
        groups = [m]
        end = m.end()
        while m.group("cmd").endswith("cites"):
            more = _MORE.match(source.text, end)
            if more is None or not more.group(0).strip():
                break
            groups.append(more)
            end = more.end()
        for g in groups:
            found.extend(_keys(source, m.start(), source.text[m.start():end], g))
    return found


def _keys(source: Source, start: int, text: str, m: re.Match[str]) -> list[Citation]:
    """One Citation per key of one `{keys}` group, with its notes."""
    notes = _OPTIONAL.findall(m.group("args") or "")
    prefix, locator = (notes[0], notes[1]) if len(notes) == 2 else ("", notes[0] if notes else "")
    line, column = source.position(start)
    keys = [k.strip() for k in m.group("keys").split(",")]
    return [Citation(LATEX, " ".join(text.split()), line, column, key=k,
                     locator=" ".join(locator.replace("~", " ").split()),
                     prefix=" ".join(prefix.replace("~", " ").split()))
            for k in keys if k and k != "*"]
