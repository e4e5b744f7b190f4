"""CSL locales bundled with citeproc-py: checking a requested locale before rendering."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from ..errors import NotFoundError


def locales_dir() -> Path:
    """The folder of CSL locale files shipped with citeproc-py."""
    spec = find_spec("citeproc")
    if spec is None or spec.origin is None:
        raise NotFoundError("citeproc-py is not installed", hint="pip install citeproc-py")
    return Path(spec.origin).parent / "data" / "locales"


@lru_cache(maxsize=1)
def _catalogue() -> tuple[dict[str, str], dict[str, str]]:
    """(language names by locale, primary dialect by language)."""
    data = json.loads((locales_dir() / "locales.json").read_text(encoding="utf-8"))
    return data["language-names"], data["primary-dialects"]


def known_locales() -> list[str]:
    """Every locale with a file, e.g. `en-US`, `fi-FI`."""
    return sorted(_catalogue()[0])


def resolve_locale(name: str) -> str:
    """`fi`, `fi_FI`, `FI-fi` → `fi-FI`; an unknown locale is an error listing similar ones."""
    names, primary = _catalogue()
    text = name.strip().replace("_", "-")
    parts = text.split("-")
    candidate = "-".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p.title()
                                               for p in parts[1:]])
    if candidate in names:
        return candidate
    if candidate.lower() in primary:
        return primary[candidate.lower()]
    language = parts[0].lower()
    similar = [loc for loc in names if loc.split("-")[0] == language] or known_locales()[:10]
    raise NotFoundError(f"unknown locale '{name}'", hint=f"try one of: {', '.join(similar)}")
