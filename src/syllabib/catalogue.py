"""`bib/themes.toml`: labels, descriptions and order of themes; edited with tomlkit (comments kept)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit
from tomlkit.exceptions import ParseError, TOMLKitError
from tomlkit.items import KeyType, SingleKey

from .errors import BibSyntaxError, Location, UsageError
from .themes import ancestors, is_theme, slugify, under, validate_slug

ALLOWED_KEYS = ("label", "description", "order")
_UNORDERED = 1_000_000


@dataclass(frozen=True, slots=True)
class ThemeInfo:
    """What themes.toml says about one theme."""

    slug: str
    label: str
    description: str = ""
    order: int | None = None


def default_label(slug: str) -> str:
    """`a/cognitive-distortions` → `Cognitive Distortions` (last segment, title-cased)."""
    words = slug.rsplit("/", 1)[-1].split("-")
    return " ".join(w[:1].upper() + w[1:] for w in words if w)


# -- reading ---------------------------------------------------------------------------------


def _header(slug: str) -> re.Pattern[str]:
    """The `[themes."slug"]` header line of `slug` (any quoting, spacing and trailing comment)."""
    quoted = re.escape(slug)
    return re.compile(
        r"^(?P<head>[ \t]*\[[ \t]*themes[ \t]*\.[ \t]*)"
        rf"(?P<key>\"{quoted}\"|'{quoted}'|{quoted})"
        r"(?P<tail>[ \t]*\][ \t]*(?:#.*)?)$",
        re.MULTILINE,
    )


def _line_of(text: str, slug: str) -> int | None:
    """The 1-based line of the header of `slug`, if it is written as a header."""
    found = _header(slug).search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _toml_error(exc: tomllib.TOMLDecodeError, path: Path | str) -> BibSyntaxError:
    """A TOML syntax error located at `path:line:column`."""
    text = str(exc)
    m = re.search(r"\(at line (\d+), column (\d+)\)", text)
    message = re.sub(r"\s*\(at line \d+, column \d+\)", "", text)
    where = Location(path, int(m.group(1)), int(m.group(2))) if m else Location(path)
    return BibSyntaxError(f"not valid TOML: {message}", where, hint="see https://toml.io")


def load_catalogue(path: Path) -> dict[str, ThemeInfo]:
    """The themes declared in `path` ({} when the file does not exist)."""
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BibSyntaxError(f"not UTF-8: {exc}", Location(path)) from None
    return parse_catalogue(text, path)


def parse_catalogue(text: str, path: Path | str = "themes.toml") -> dict[str, ThemeInfo]:
    """The themes declared in the TOML `text` read from `path`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(exc, path) from None
    unknown_top = sorted(set(data) - {"themes"})
    if unknown_top:
        raise BibSyntaxError(f"unknown table(s): {', '.join(unknown_top)}",
                             Location(path, _top_line(text, unknown_top[0])),
                             hint='themes are declared as [themes."slug"]')
    themes = data.get("themes", {})
    if not isinstance(themes, dict):
        raise BibSyntaxError("'themes' must be a table", Location(path, _top_line(text, "themes")),
                             hint='declare each theme as [themes."slug"]')
    return {slug: _info(path, text, slug, table) for slug, table in themes.items()}


def _top_line(text: str, key: str) -> int | None:
    """The line where the top-level key or table `key` first appears."""
    pattern = re.compile(rf"^[ \t]*\[*[ \t]*[\"']?{re.escape(key)}\b", re.MULTILINE)
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _info(path: Path | str, text: str, slug: str, table: object) -> ThemeInfo:
    """Check one `[themes."slug"]` table and turn it into a ThemeInfo."""
    where = Location(path, _line_of(text, slug))
    if not is_theme(slug):
        suggestion = slugify(slug)
        hint = f"write it as [themes.\"{suggestion}\"]" if suggestion else "use a-z, 0-9, '-', '/'"
        raise BibSyntaxError(f"'{slug}' is not a theme slug", where, hint=hint)
    if not isinstance(table, dict):
        raise BibSyntaxError(f"themes.{slug} must be a table", where,
                             hint=f'write it as [themes."{slug}"] with label = "..."')
    unknown = [key for key in table if key not in ALLOWED_KEYS]
    if unknown:
        nested = isinstance(table[unknown[0]], dict)
        hint = (f'quote nested slugs: [themes."{slug}/{unknown[0]}"]' if nested
                else f"allowed keys: {', '.join(ALLOWED_KEYS)}")
        raise BibSyntaxError(f"theme '{slug}': unknown key(s) {', '.join(unknown)}", where, hint)
    label, description, order = table.get("label"), table.get("description", ""), table.get("order")
    if label is not None and not isinstance(label, str):
        raise BibSyntaxError(f"theme '{slug}': label must be a string", where)
    if not isinstance(description, str):
        raise BibSyntaxError(f"theme '{slug}': description must be a string", where)
    if order is not None and (isinstance(order, bool) or not isinstance(order, int)):
        raise BibSyntaxError(f"theme '{slug}': order must be a whole number", where)
    return ThemeInfo(slug, label or default_label(slug), description, order)


def label_for(catalogue: Mapping[str, ThemeInfo], slug: str) -> str:
    """The label of `slug` from the catalogue, or one made from the slug."""
    info = catalogue.get(slug)
    return info.label if info else default_label(slug)


# -- editing ---------------------------------------------------------------------------------


def _parse_doc(text: str) -> tomlkit.TOMLDocument:
    """`text` parsed by tomlkit; syntax errors become BibSyntaxError."""
    try:
        return tomlkit.parse(text)
    except ParseError as exc:
        raise BibSyntaxError(f"not valid TOML: {exc}", Location("themes.toml", exc.line, exc.col),
                             hint="see https://toml.io") from None
    except TOMLKitError as exc:
        raise BibSyntaxError(f"not valid TOML: {exc}", Location("themes.toml")) from None


def _key(slug: str) -> SingleKey:
    """A double-quoted TOML key, as in `[themes."a/b"]`."""
    return SingleKey(slug, KeyType.Basic)


def catalogue_add(text: str, slug: str, label: str | None = None,
                  description: str | None = None) -> str:
    """`text` with a table for `slug`; an existing table is updated in place, not duplicated."""
    validate_slug(slug)
    doc = _parse_doc(text)
    if "themes" not in doc:
        doc.append("themes", tomlkit.table(is_super_table=True))
    themes = doc["themes"]
    if slug in themes:
        table = themes[slug]
        if label is not None:
            table["label"] = label
        if description is not None:
            table["description"] = description
        return tomlkit.dumps(doc)
    table = tomlkit.table()
    if label is not None:
        table["label"] = label
    if description is not None:
        table["description"] = description
    table.add(tomlkit.nl())  # a blank line before whatever follows
    themes.append(_key(slug), table)
    out = tomlkit.dumps(doc)
    return out.rstrip("\n") + "\n" if not text.endswith("\n\n") else out


def catalogue_rename(text: str, old: str, new: str) -> str:
    """Rename the tables of `old` and its subtree to `new`; an existing target table wins."""
    validate_slug(new)
    if old == new:
        return text
    if under(new, old):
        raise UsageError(f"cannot move '{old}' inside itself", hint="choose a target outside it")
    return _move(text, lambda slug: new + slug[len(old):] if under(slug, old) else None, ())


def catalogue_merge(text: str, source: str, target: str) -> str:
    """Move `source`'s descendants under `target` and drop `source`'s own table."""
    validate_slug(target)
    if source == target:
        return text
    if under(target, source):
        raise UsageError(f"cannot merge '{source}' into its own subtree",
                         hint="choose a target outside it")

    def destination(slug: str) -> str | None:
        return target + slug[len(source):] if under(slug, source) and slug != source else None

    return _move(text, destination, (source,))


def _move(text: str, destination: Callable[[str], str | None], drop: Sequence[str]) -> str:
    """Rename theme tables by `destination(slug)` (None: stays), dropping `drop` and collisions."""
    doc = _parse_doc(text)
    if "themes" not in doc or not isinstance(doc["themes"], dict):
        return text
    themes = doc["themes"]
    slugs = list(themes)
    moves = {s: d for s in slugs if (d := destination(s)) is not None}
    staying = set(slugs) - set(moves) - set(drop)
    doomed = [s for s in slugs if s in drop or (s in moves and moves[s] in staying)]
    moves = {s: d for s, d in moves.items() if s not in doomed}
    if not moves and not doomed:
        return text
    expected = _renamed(doc.unwrap(), moves, doomed)
    in_place = _retitle(_cut(text, doomed), moves)
    try:
        if tomllib.loads(in_place) == expected:
            return in_place  # headers renamed and tables cut as lines: every other byte kept
    except tomllib.TOMLDecodeError:
        pass
    for slug in doomed:
        del themes[slug]
    for slug, target in moves.items():
        table = themes[slug]
        del themes[slug]
        themes.append(_key(target), table)
    return tomlkit.dumps(doc)


def _cut(text: str, slugs: Sequence[str]) -> str:
    """`text` without the tables of `slugs`; comments just above the next header stay."""
    for slug in slugs:
        found = _header(slug).search(text)
        if found is None:
            continue
        following = _ANY_HEADER.search(text, found.end())
        stop = following.start() if following else len(text)
        body = text[found.start():stop].splitlines(keepends=True)
        keep = len(body)
        while keep > 1 and (not body[keep - 1].strip() or body[keep - 1].lstrip().startswith("#")):
            keep -= 1
        kept = body[keep:]
        while kept and not kept[0].strip():
            kept.pop(0)  # blank lines between the cut body and the kept comments
        text = text[:found.start()] + "".join(kept) + text[stop:]
    return text


_ANY_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)


def _renamed(data: dict, moves: Mapping[str, str], doomed: Sequence[str]) -> dict:
    """The plain data of the document once `moves` and `doomed` have been applied."""
    themes = {moves.get(s, s): t for s, t in data["themes"].items() if s not in doomed}
    return {**data, "themes": themes}


def _retitle(text: str, moves: Mapping[str, str]) -> str:
    """`text` with the header line of each moved slug renamed in place."""
    for old, new in moves.items():
        text = _header(old).sub(lambda m, new=new: f'{m["head"]}"{new}"{m["tail"]}', text, 1)
    return text


# -- the tree --------------------------------------------------------------------------------


@dataclass
class ThemeNode:
    """A theme in the tree: entries tagged exactly with it, entries in its subtree, children."""

    slug: str
    label: str
    count: int = 0
    total: int = 0
    children: list[ThemeNode] = field(default_factory=list)
    order: int | None = None


def build_tree(theme_lists: Iterable[Sequence[str]],
               catalogue: Mapping[str, ThemeInfo]) -> list[ThemeNode]:
    """The themes used by entries or declared in the catalogue, as a sorted tree with counts."""
    nodes: dict[str, ThemeNode] = {}

    def node(slug: str) -> ThemeNode:
        if slug not in nodes:
            info = catalogue.get(slug)
            nodes[slug] = ThemeNode(slug, label_for(catalogue, slug),
                                    order=info.order if info else None)
            for parent in ancestors(slug):
                node(parent)
        return nodes[slug]

    for slug in catalogue:
        node(slug)
    for themes in theme_lists:
        tagged = [t for t in dict.fromkeys(themes) if is_theme(t)]
        in_subtree: set[str] = set()
        for slug in tagged:
            node(slug).count += 1
            in_subtree.update([slug, *ancestors(slug)])
        for slug in in_subtree:
            nodes[slug].total += 1
    roots: list[ThemeNode] = []
    for slug, n in nodes.items():
        parents = ancestors(slug)
        (nodes[parents[-1]].children if parents else roots).append(n)
    for n in nodes.values():
        n.children.sort(key=_sort_key)
    return sorted(roots, key=_sort_key)


def _sort_key(n: ThemeNode) -> tuple[int, str, str]:
    """Siblings sort by `order` (unset last), then label, then slug."""
    return (n.order if n.order is not None else _UNORDERED, n.label.casefold(), n.slug)
