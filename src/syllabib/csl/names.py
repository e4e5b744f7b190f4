"""BibTeX name lists → CSL-JSON names; names are split and parsed before LaTeX is decoded."""

from __future__ import annotations

from typing import Any

from ..names import OTHERS, Name, parse_names
from .richtext import plain_text

CSLName = dict[str, Any]


def csl_names(raw: str) -> list[CSLName]:
    """Every name of an author/editor field; `and others` is dropped (styles add et al.)."""
    return [csl_name(name) for name in parse_names(raw) if name != OTHERS]


def csl_name(name: Name) -> CSLName:
    """One name: `{World Health Organization}` is a literal; `van der` a non-dropping particle."""
    if name.literal:
        return {"literal": plain_text(name.family)}
    parts = {"family": name.family, "given": name.given, "non-dropping-particle": name.particle,
             "suffix": name.suffix}
    out: CSLName = {k: text for k, raw in parts.items() if (text := plain_text(raw))}
    if "family" not in out and "given" in out:  # a single word like `Plato`, or malformed
        out = {"literal": out["given"]}
    return out
