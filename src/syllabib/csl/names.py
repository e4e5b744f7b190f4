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
    out: CSLName = {}
    family = plain_text(name.family)
    if family:
        out["family"] = family
    given = plain_text(name.given)
    if given:
        out["given"] = given
    particle = plain_text(name.particle)
    if particle:
        out["non-dropping-particle"] = particle
    suffix = plain_text(name.suffix)
    if suffix:
        out["suffix"] = suffix
    if not family and given:  # a single word like `Plato`, or a malformed entry
        out = {"literal": given}
    return out
