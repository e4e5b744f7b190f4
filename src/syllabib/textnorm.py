"""Case- and accent-insensitive text folding, shared by queries and matching."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case `text` and strip accents: 'Ó Ciardha' -> 'o ciardha'."""
    lowered = text.casefold().translate(_SPECIAL)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
