"""Reading-list files: their status for `syllabib lists`, and new ones from a template."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConflictError, SyllabibError, UsageError
from ..library import Library
from ..readinglists.model import slug
from .building import OUT_FOLDER, lists_dir, select_sections


@dataclass(frozen=True, slots=True)
class ListStatus:
    """One row of `syllabib lists`."""

    name: str
    path: Path
    title: str = ""
    sections: int = 0
    entries: int = 0
    missing: tuple[str, ...] = ()  # keys the list names that the library lacks
    built: dt.datetime | None = None  # newest output file in out/
    error: str | None = None  # the file does not validate

    def as_dict(self) -> dict[str, object]:
        """JSON-ready data."""
        return {"name": self.name, "path": str(self.path), "title": self.title,
                "sections": self.sections, "entries": self.entries, "missing": list(self.missing),
                "built": self.built.isoformat(timespec="seconds") if self.built else None,
                "error": self.error}


def statuses(library: Library) -> list[ListStatus]:
    """Every list of the library with its counts, missing keys and last build."""
    from ..readinglists.loading import load_list

    rows = []
    for path in sorted(lists_dir(library).glob("*.toml")):
        built = _last_built(library.root / OUT_FOLDER, path.stem)
        try:
            reading_list = load_list(path)
        except SyllabibError as exc:
            rows.append(ListStatus(path.stem, path, built=built, error=str(exc)))
            continue
        selected = select_sections(library, reading_list)
        entries = len({e.key for section in selected.sections for e in section})
        rows.append(ListStatus(path.stem, path, reading_list.title, len(reading_list.sections),
                               entries, selected.missing, built))
    return rows


def _last_built(out_dir: Path, name: str) -> dt.datetime | None:
    """When the newest `out/<name>.*` was written (None when never)."""
    times = [p.stat().st_mtime for p in out_dir.glob(f"{name}.*") if p.is_file()]
    return dt.datetime.fromtimestamp(max(times)) if times else None


TEMPLATE = '''\
# A reading list for syllabib: `syllabib build {name}` writes out/{name}.<format>.
# Every field is documented in the README ("Reading lists").

title = "{title}"
subtitle = ""
description = """
What this list is for, in Markdown: *emphasis*, [links](https://example.org), lists.
"""
audience = ""
style = "{style}"              # any CSL style id, alias or .csl file
locale = "{locale}"            # e.g. en-GB, fi-FI
formats = ["html", "md", "docx"]   # html, md, docx, txt, tex
annotated = true             # print each entry's annotation under it
# allow_repeats = true       # let an entry appear in more than one section

# Relabel the importance levels (essential, recommended, further) if you like:
# [importance]
# essential = "Required"
{sections}'''

SECTION = '''
[[sections]]
heading = "{heading}"
intro = ""
query = "{query}"            # the query language of `syllabib list`
# keys = ["key1", "key2"]    # explicit entries, in this order with sort = "keys"
# exclude = ["key3"]
sort = "author"              # author, year, year-desc, title, keys
'''

ENTRY_EXAMPLE = '''
# Per-entry extras of the section above:
# [sections.entries.KEY]
# importance = "essential"   # essential, recommended, further
# note = "Read chapters 2–3."
# annotation = "Replaces the entry's own annotation in this list."
'''


def scaffold(library: Library, name: str, title: str | None = None,
             themes: list[str] | None = None) -> Path:
    """Write `readinglists/<name>.toml` from the template (one section per theme); its path."""
    from ..config import load_config
    from ..store import atomic_write

    if not name or slug(name) != name.lower():
        raise UsageError(f"'{name}' is not a good list name",
                         hint=f"use letters, digits and hyphens, e.g. {slug(name or 'my list')}")
    path = lists_dir(library) / f"{name}.toml"
    if path.exists():
        raise ConflictError(f"{path} already exists", hint="choose another name or edit it")
    config = load_config(library.root)
    chosen = themes or _top_themes(library)
    sections = "".join(SECTION.format(heading=_heading(library, t), query=f"theme:{t}")
                       for t in chosen) or SECTION.format(heading="Readings", query="")
    text = TEMPLATE.format(name=name, title=title or name.replace("-", " ").capitalize(),
                           style=config.style, locale=config.locale,
                           sections=sections + ENTRY_EXAMPLE)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text.encode("utf-8"))
    return path


def _top_themes(library: Library) -> list[str]:
    """The first three top-level themes in use (a starting point for sections)."""
    seen: dict[str, None] = {}
    for entry in library.entries:
        for theme in entry.themes:
            seen.setdefault(theme.split("/")[0], None)
    return list(seen)[:3]


def _heading(library: Library, theme: str) -> str:
    """The theme's label from themes.toml, else one made from its name."""
    from ..catalogue import default_label, label_for, load_catalogue
    from .themes_ops import catalogue_path

    try:
        return label_for(load_catalogue(catalogue_path(library.root)), theme)
    except SyllabibError:
        return default_label(theme)
