"""Formatting entries of a library: CSL-JSON, bibliographies in any style, in-text citations."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from ..errors import NotFoundError
from ..library import Library, state_dir
from ..model import Entry
from ..render.model import Bibliography


def csl_items(entries: Sequence[Entry]) -> list[dict[str, Any]]:
    """The entries as CSL-JSON items (printable entries only)."""
    from ..csl.mapping import to_csl_items

    return to_csl_items(entries)


def csl_json(entries: Sequence[Entry]) -> str:
    """The entries as a CSL-JSON document (what Zotero, pandoc and citeproc-js read)."""
    return json.dumps(csl_items(entries), ensure_ascii=False, indent=2) + "\n"


def bibliography(library: Library, entries: Sequence[Entry], style: str,
                 locale: str | None = None, annotated: bool = False,
                 title: str = "") -> Bibliography:
    """The entries formatted in `style`, from the render cache when nothing changed."""
    from ..render.cache import RenderCache, render_key
    from ..render.engine import render_bibliography, style_and_locale

    ref, resolved = style_and_locale(style, locale)
    items = csl_items(entries)
    notes = {e.key: e.annotation for e in entries if e.annotation}
    cache = RenderCache(state_dir(library.root) / "cache" / "render")
    key = render_key(items, ref.path, resolved, style=ref.id, notes=notes, annotated=annotated)
    bib = cache.get(key)
    if bib is None:
        bib = render_bibliography(items, ref, resolved, annotated, notes)
        cache.put(key, bib)
    return dataclasses.replace(bib, title=title) if title else bib


def citations(library: Library, clusters: Sequence[Sequence[str]], style: str,
              locale: str | None = None) -> list[str]:
    """In-text citations of each cluster of keys; numbered styles number in citation order."""
    from ..render.engine import render_citations

    for cluster in clusters:
        for key in cluster:
            if key not in library:
                raise NotFoundError(f"no entry with key '{key}'", hint=library.suggest(key))
    cited = [library.get(k) for cluster in clusters for k in cluster]
    unique = list({e.key: e for e in cited}.values())
    return render_citations(csl_items(unique), clusters, style, locale)
