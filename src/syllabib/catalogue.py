"""`bib/themes.toml`: labels, descriptions and order of themes; edited with tomlkit (comments kept)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BibSyntaxError, Location
from .themes import ancestors, is_theme, under

_ALLOWED = {"label", "description", "order"}


@dataclass(frozen=True, slots=True)
class ThemeInfo:
    """What themes.toml says about one theme."""

    slug: str
    label: str
    description: str = ""
    order: int | None = None


def default_label(slug: str) -> str:
    """`cognitive-distortions` → `Cognitive distortions`."""
    last = slug.rsplit("/", 1)[-1].replace("-", " ")
    return last[:1].upper() + last[1:]


def load_catalogue(path: Path) -> dict[str, ThemeInfo]:
    """The themes declared in `path` ({} when the file does not exist)."""
    import tomllib

    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        from .config import toml_error

        raise toml_error(exc, path) from None
    unknown_top = sorted(set(data) - {"themes"})
    if unknown_top:
        raise BibSyntaxError(f"unknown table(s): {', '.join(unknown_top)}", Location(path, 1),
                             hint='themes are declared as [themes."slug"]')
    return {slug: _info(path, text, slug, table) for slug, table in data.get("themes", {}).items()}


def _line_of(text: str, slug: str) -> int | None:
    import re

    header = re.compile(r"\s*\[\s*themes\s*\.\s*[\"']?" + re.escape(slug) + r"[\"']?\s*\]")
    for number, line in enumerate(text.splitlines(), 1):
        if header.match(line):
            return number
    return None


def _info(path: Path, text: str, slug: str, table: object) -> ThemeInfo:
    where = Location(path, _line_of(text, slug))
    if not is_theme(slug):
        raise BibSyntaxError(f"'{slug}' is not a theme slug", where,
                             hint="use a-z, 0-9, '-' and '/' between levels")
    if not isinstance(table, dict):
        raise BibSyntaxError(f"themes.{slug} must be a table", where)
    unknown = sorted(set(table) - _ALLOWED)
    if unknown:
        raise BibSyntaxError(f"theme '{slug}': unknown key(s) {', '.join(unknown)}", where,
                             hint="allowed: label, description, order")
    order = table.get("order")
    if order is not None and not isinstance(order, int):
        raise BibSyntaxError(f"theme '{slug}': order must be a whole number", where)
    return ThemeInfo(slug, str(table.get("label") or default_label(slug)),
                     str(table.get("description", "")), order)


def label_for(catalogue: dict[str, ThemeInfo], slug: str) -> str:
    """The label of `slug`, or one made from the slug."""
    info = catalogue.get(slug)
    return info.label if info else default_label(slug)


def _themes_table(doc):
    import tomlkit

    if "themes" not in doc:
        doc["themes"] = tomlkit.table(is_super_table=True)
    return doc["themes"]


def catalogue_add(text: str, slug: str, label: str | None = None,
                  description: str | None = None) -> str:
    """`text` with a table for `slug` (existing tables are updated, not duplicated)."""
    import tomlkit

    doc = tomlkit.parse(text)
    themes = _themes_table(doc)
    table = themes.get(slug) or tomlkit.table()
    if label is not None:
        table["label"] = label
    if description is not None:
        table["description"] = description
    themes[slug] = table
    return tomlkit.dumps(doc)


def catalogue_rename(text: str, old: str, new: str) -> str:
    """Rename the tables of `old` and its subtree; an existing target table wins."""
    import tomlkit

    doc = tomlkit.parse(text)
    if "themes" not in doc:
        return text
    themes = doc["themes"]
    moving = [slug for slug in list(themes) if under(slug, old)]
    for slug in moving:
        target = new + slug[len(old):]
        table = themes[slug]
        del themes[slug]
        if target not in themes:
            themes[target] = table
    return tomlkit.dumps(doc)


def catalogue_merge(text: str, source: str, target: str) -> str:
    """Move `source`'s subtree under `target`; `source` itself goes (target keeps its label)."""
    return catalogue_rename(text, source, target)


@dataclass
class ThemeNode:
    """A theme in the tree: entries tagged exactly with it, entries in its subtree, children."""

    slug: str
    label: str
    count: int = 0
    total: int = 0
    order: int | None = None
    children: list[ThemeNode] = field(default_factory=list)


def build_tree(theme_lists: Iterable[Sequence[str]],
               catalogue: dict[str, ThemeInfo]) -> list[ThemeNode]:
    """The tree of themes used by entries and declared in the catalogue, with counts."""
    nodes: dict[str, ThemeNode] = {}

    def node(slug: str) -> ThemeNode:
        if slug not in nodes:
            info = catalogue.get(slug)
            nodes[slug] = ThemeNode(slug, label_for(catalogue, slug), order=info.order if info else None)
            for parent in ancestors(slug)[-1:]:
                node(parent)
        return nodes[slug]

    for slug in catalogue:
        node(slug)
    for themes in theme_lists:
        in_subtree: set[str] = set()
        for slug in themes:
            node(slug).count += 1
            in_subtree.update([slug, *ancestors(slug)])
        for slug in in_subtree:
            node(slug).total += 1
    roots: list[ThemeNode] = []
    for slug in sorted(nodes):
        parents = ancestors(slug)
        (nodes[parents[-1]].children if parents else roots).append(nodes[slug])
    for n in nodes.values():
        n.children.sort(key=_order)
    return sorted(roots, key=_order)


def _order(n: ThemeNode) -> tuple[int, str]:
    return (n.order if n.order is not None else 1_000_000, n.label.lower())
