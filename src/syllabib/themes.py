"""Theme slugs kept in `keywords`: parse, add, remove and rename them without touching other bytes."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .errors import UsageError
from .textnorm import fold

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*")

_Span = tuple[int, int]


def is_theme(keyword: str) -> bool:
    """True when `keyword` is a theme slug such as `justifications/implicit-theories`."""
    return SLUG.fullmatch(keyword) is not None


def slugify(text: str) -> str:
    """`Cognitive Distortions` → `cognitive-distortions` (accents stripped, slashes kept)."""
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
    raise UsageError(
        f"'{text}' is not a theme slug (a-z, 0-9 and '-', '/' between levels)", hint=hint
    )


def under(theme: str, root: str) -> bool:
    """True when `theme` is `root` or below it."""
    return theme == root or theme.startswith(root + "/")


def ancestors(theme: str) -> list[str]:
    """`a/b/c` → [`a`, `a/b`]."""
    parts = theme.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def _sep_char(raw: str) -> str | None:
    """The first `,` or `;` outside braces, if any."""
    depth = 0
    for ch in raw:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and ch in ",;":
            return ch
    return None


def _spans(raw: str, sep: str) -> list[_Span]:
    """The (start, end) of each non-empty keyword, whitespace trimmed, split on `sep` at depth 0."""
    spans: list[_Span] = []
    depth, start = 0, 0
    for i, ch in enumerate(raw + sep):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif ch == sep and (depth == 0 or i == len(raw)):
            a, b = start, i
            while a < b and raw[a].isspace():
                a += 1
            while b > a and raw[b - 1].isspace():
                b -= 1
            if b > a:
                spans.append((a, b))
            start = i + 1
    return spans


def _parse(raw: str) -> tuple[str | None, list[_Span]]:
    """The separator character (None if there is none) and the keyword spans."""
    char = _sep_char(raw)
    return char, _spans(raw, char or ",")


def detect_separator(raw: str | None) -> str:
    """The separator used in this keywords value: ', ', ',', '; ' or ';' (default ', ')."""
    if not raw:
        return ", "
    char, spans = _parse(raw)
    if char is None:
        return ", "
    if len(spans) < 2:
        return char + " "
    between = raw[spans[0][1]:spans[1][0]]
    after = between[between.index(char) + 1:]
    return char + (" " if after[:1].isspace() else "")


def split_keywords(raw: str | None) -> list[str]:
    """The keywords of a value, stripped, in order (braced groups stay whole)."""
    if not raw:
        return []
    _, spans = _parse(raw)
    return [raw[a:b] for a, b in spans]


def _rebuild(raw: str, spans: list[_Span], replacements: list[str | None]) -> str:
    """`raw` with keyword i replaced by replacements[i] (None drops it and one separator)."""
    if all(r is None for r in replacements):
        return ""
    out = [raw[:spans[0][0]]]
    kept_any = False
    for i, (start, _) in enumerate(spans):
        replacement = replacements[i]
        if replacement is None:
            continue
        if kept_any:
            out.append(raw[spans[i - 1][1]:start])  # the separator written before this keyword
        out.append(replacement)
        kept_any = True
    out.append(raw[spans[-1][1]:])
    return "".join(out)


def add_themes(raw: str | None, themes: Sequence[str]) -> str | None:
    """`raw` with the missing `themes` appended after the last keyword; None if all are there."""
    wanted = [validate_slug(t) for t in dict.fromkeys(themes)]
    spans = _parse(raw)[1] if raw else []
    present = {raw[a:b] for a, b in spans} if raw else set()
    new = [t for t in wanted if t not in present]
    if not new:
        return None
    if not raw or not spans:
        return ", ".join(new)
    sep = detect_separator(raw)
    end = spans[-1][1]
    return raw[:end] + sep + sep.join(new) + raw[end:]


def _remove_where(raw: str | None, drop: Callable[[str], bool]) -> str | None:
    """`raw` without the keywords for which `drop` is true; None when none matched."""
    if not raw:
        return None
    _, spans = _parse(raw)
    keywords = [raw[a:b] for a, b in spans]
    replacements = [None if drop(k) else k for k in keywords]
    if replacements == keywords:
        return None
    return _rebuild(raw, spans, replacements)


def remove_themes(raw: str | None, themes: Sequence[str]) -> str | None:
    """`raw` without exactly these slugs; None if none was there, '' if nothing is left."""
    wanted = set(themes)
    return _remove_where(raw, lambda k: k in wanted)


def remove_subtree(raw: str | None, root: str) -> str | None:
    """`raw` without `root` and every theme below it; None if none was there."""
    return _remove_where(raw, lambda k: is_theme(k) and under(k, root))


def rename_theme(raw: str | None, old: str, new: str) -> str | None:
    """Rename `old` and its subtree to `new` in place; a duplicate that results is dropped."""
    validate_slug(new)
    if not raw or old == new:
        return None
    _, spans = _parse(raw)
    keywords = [raw[a:b] for a, b in spans]
    renamed = [new + k[len(old):] if is_theme(k) and under(k, old) else k for k in keywords]
    if renamed == keywords:
        return None
    produced = {r for r, k in zip(renamed, keywords) if r != k}
    seen: set[str] = set()
    replacements: list[str | None] = []
    for keyword in renamed:
        replacements.append(None if keyword in produced and keyword in seen else keyword)
        seen.add(keyword)
    return _rebuild(raw, spans, replacements)
