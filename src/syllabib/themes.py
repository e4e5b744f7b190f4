"""Theme slugs kept in `keywords`: parse, add, remove and rename them without touching other bytes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .errors import UsageError
from .textnorm import fold

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*")


def is_theme(keyword: str) -> bool:
    """True when `keyword` is a theme slug such as `justifications/implicit-theories`."""
    return SLUG.fullmatch(keyword) is not None


def slugify(text: str) -> str:
    """`Cognitive Distortions` → `cognitive-distortions` (slashes kept)."""
    parts = []
    for part in text.split("/"):
        words = re.findall(r"[a-z0-9]+", fold(part))
        if words:
            parts.append("-".join(words))
    return "/".join(parts)


def validate_slug(text: str) -> str:
    """`text` if it is a theme slug; otherwise a UsageError suggesting one."""
    if is_theme(text):
        return text
    suggestion = slugify(text)
    hint = f"write it as '{suggestion}'" if suggestion else "use a-z, 0-9, '-' and '/'"
    raise UsageError(f"'{text}' is not a theme slug (a-z, 0-9 and '-', '/' between levels)",
                     hint=hint)


def under(theme: str, root: str) -> bool:
    """True when `theme` is `root` or below it."""
    return theme == root or theme.startswith(root + "/")


def ancestors(theme: str) -> list[str]:
    """`a/b/c` → [`a`, `a/b`]."""
    parts = theme.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def _items(raw: str) -> tuple[str, list[tuple[int, int]]]:
    """The separator character and the (start, end) of each keyword, stripped, at depth 0."""
    sep = _sep_char(raw)
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(raw + sep):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == sep and depth == 0:
            a, b = start, i
            while a < b and raw[a].isspace():
                a += 1
            while b > a and raw[b - 1].isspace():
                b -= 1
            if b > a:
                spans.append((a, b))
            start = i + 1
    return sep, spans


def _sep_char(raw: str) -> str:
    depth = 0
    for ch in raw:
        depth += (ch == "{") - (ch == "}")
        if depth == 0 and ch in ",;":
            return ch
    return ","


def detect_separator(raw: str | None) -> str:
    """The separator used in this keywords value: ', ', ',', '; ' or ';' (default ', ')."""
    if not raw:
        return ", "
    sep, spans = _items(raw)
    if len(spans) < 2:
        return ", " if sep == "," else "; "
    between = raw[spans[0][1]:spans[1][0]]
    return sep + (" " if between.endswith((" ", "\t", "\n")) else "")


def split_keywords(raw: str) -> list[str]:
    """The keywords of a value, stripped, in order."""
    _, spans = _items(raw)
    return [raw[a:b] for a, b in spans]


def add_themes(raw: str | None, themes: Sequence[str]) -> str | None:
    """`raw` with the missing `themes` appended; None when all are already there."""
    present = set(split_keywords(raw)) if raw else set()
    new = [t for t in dict.fromkeys(themes) if t not in present]
    if not new:
        return None
    sep = detect_separator(raw)
    if not raw or not raw.strip():
        return sep.join(new)
    body = raw.rstrip()
    return body + sep + sep.join(new) + raw[len(body):]


def _remove_where(raw: str, drop) -> str | None:
    """`raw` without the keywords for which `drop` is true, separators kept as written."""
    _, spans = _items(raw)
    kept = [i for i, (a, b) in enumerate(spans) if not drop(raw[a:b])]
    if len(kept) == len(spans):
        return None
    if not kept:
        return ""
    out = [raw[:spans[0][0]]]
    for n, i in enumerate(kept):
        if n:
            out.append(raw[spans[i - 1][1]:spans[i][0]])  # the separator written before it
        out.append(raw[spans[i][0]:spans[i][1]])
    out.append(raw[spans[-1][1]:])
    return "".join(out)


def remove_themes(raw: str, themes: Sequence[str]) -> str | None:
    """`raw` without exactly these slugs; None if none was there, '' if nothing is left."""
    wanted = set(themes)
    return _remove_where(raw, lambda k: k in wanted)


def remove_subtree(raw: str, root: str) -> str | None:
    """`raw` without `root` and everything below it."""
    return _remove_where(raw, lambda k: under(k, root))


def rename_theme(raw: str, old: str, new: str) -> str | None:
    """Rename `old` and its subtree to `new` in place; duplicates that result are dropped."""
    _, spans = _items(raw)
    out, cursor, seen, changed = [], 0, set(), False
    for a, b in spans:
        keyword = raw[a:b]
        renamed = new + keyword[len(old):] if is_theme(keyword) and under(keyword, old) else keyword
        changed |= renamed != keyword
        out.append(raw[cursor:a])
        out.append(renamed)
        cursor = b
        seen.add(renamed)
    out.append(raw[cursor:])
    if not changed:
        return None
    text = "".join(out)
    return _dedupe(text)


def _dedupe(raw: str) -> str:
    seen: set[str] = set()
    duplicates: set[int] = set()
    for i, keyword in enumerate(split_keywords(raw)):
        if keyword in seen:
            duplicates.add(i)
        seen.add(keyword)
    if not duplicates:
        return raw
    counter = iter(range(len(split_keywords(raw))))
    result = _remove_where(raw, lambda k: next(counter) in duplicates)
    return raw if result is None else result
