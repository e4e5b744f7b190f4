"""CSL-JSON and RIS names → BibTeX name lists (`von Last, Jr, First`; organisations braced)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .texvalue import escape

_AND_WORD = re.compile(r"(?<!\S)and(?!\S)", re.IGNORECASE)


def bibtex_names(names: Sequence[Mapping[str, Any]]) -> str:
    """A CSL name list as one BibTeX name field (`and` between names)."""
    return " and ".join(text for name in names if (text := bibtex_name(name)))


def bibtex_name(name: Mapping[str, Any]) -> str:
    """One CSL name: `{"literal": "World Health Organization"}` → `{World Health Organization}`;
    a no-break space is written `~`, as BibTeX names spell it."""
    return _name(name).replace("\u00a0", "~")


def _name(name: Mapping[str, Any]) -> str:
    family = _part(name, "family")
    given = _part(name, "given")
    literal = _part(name, "literal")
    if literal or (family and not given and " " in family and not _particles(name)):
        return "{" + escape(literal or family) + "}"
    if not family:
        return _braced_if_needed(escape(given)) if given else ""
    particle = " ".join(p for p in (_part(name, "dropping-particle"),
                                    _part(name, "non-dropping-particle")) if p)
    last = _braced_if_needed(escape(family))
    if particle and particle[:1].islower():
        last = f"{escape(particle)} {last}"
    elif particle:
        last = "{" + escape(f"{particle} {family}") + "}"
    parts = [last]
    suffix = _part(name, "suffix")
    if suffix:
        parts.append(_braced_if_needed(escape(suffix)))
    if given or suffix:
        parts.append(_braced_if_needed(escape(given)))
    return ", ".join(parts)


def _part(name: Mapping[str, Any], key: str) -> str:
    value = name.get(key)
    return str(value).strip() if value not in (None, "") else ""


def _particles(name: Mapping[str, Any]) -> bool:
    return bool(_part(name, "dropping-particle") or _part(name, "non-dropping-particle"))


def _braced_if_needed(text: str) -> str:
    """A name part holding a comma, the word `and` or a lower-case word (`Vázques de Parga`,
    `da Costa`) is braced, or BibTeX would split it or read a `von` part in it."""
    words = text.split()
    lower_word = len(words) > 1 and any(w[:1].islower() for w in words)
    if "," in text or "\u00a0" in text or _AND_WORD.search(text) or lower_word:
        return "{" + text + "}"
    return text


def ris_name(raw: str) -> dict[str, str]:
    """A RIS name (`Last, First, Suffix`) as a CSL name; EndNote marks organisations with a
    trailing comma, other tools write them as one comma-less string of several words."""
    text = raw.strip()
    if text.endswith(",") and text.count(",") == 1:
        return {"literal": text[:-1].strip()}
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 1:
        return {"literal": text} if " " in text else {"family": text}
    out = {"family": parts[0], "given": parts[1]} if parts[1] else {"family": parts[0]}
    if len(parts) > 2 and parts[2]:
        out["suffix"] = parts[2]
    return out
