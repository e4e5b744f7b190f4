"""What matching needs to know of a library entry: folded family names, year and a/b suffix.

Two or more works by the same authors in one year get suffixes as APA orders them: an explicit
one first (a year field '2020b', or a key ending in the year and a letter, 'krone2004a'), then
the free letters in title order.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..latex import to_unicode
from ..model import Entry
from ..names import OTHERS, parse_names
from ..textnorm import fold

_EXPLICIT = re.compile(r"(\d{4})([a-z])$")
_KEY_NAME = re.compile(r"([A-Za-z]+)[_:-]?\d{4}")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")


def squash(text: str) -> str:
    """Folded letters and digits only: 'Ó Ciardha' → 'ociardha', 'de Young' → 'deyoung'."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


@dataclass(frozen=True, slots=True)
class Work:
    """An entry as matching sees it."""

    key: str
    names: tuple[str, ...]  # family names as printed: ('Merdian', 'Wilson', …)
    families: tuple[str, ...]  # squashed 'particle family' of each author (editors if none)
    bare: tuple[str, ...]  # squashed family without particle
    initials: tuple[str, ...]  # folded first letter of each given name ('' when none)
    year: int | None
    suffix: str
    open_ended: bool  # the author list ends with `and others` (or is unknown)
    from_key: bool  # no author or editor: the name is the key's start ('lorenzodus2017cause')
    label: str  # 'Ward & Keenan, 1999'
    title: str  # folded, leading article dropped (APA's order for suffixes)

    @property
    def whole(self) -> str:
        """All families run together (a corporate name split on '&' by the draft)."""
        return "".join(self.families)


def works_of(entries: Iterable[Entry]) -> list[Work]:
    """The Works of `entries`, with a/b suffixes where the same authors share a year."""
    works = [_work(e) for e in entries]
    return _with_suffixes(works)


def _work(entry: Entry) -> Work:
    """One entry as a Work (suffix still the explicit one, if any)."""
    parsed = parse_names(entry.fields.get("author") or entry.fields.get("editor") or "")
    names = [n for n in parsed if n != OTHERS]
    printed = tuple(to_unicode(f"{n.particle} {n.family}".strip()) for n in names)
    from_key = not printed and _KEY_NAME.match(entry.key) is not None
    if from_key:
        printed = (_KEY_NAME.match(entry.key).group(1),)
    families = tuple(squash(f) for f in printed)
    bare = tuple(squash(to_unicode(n.family)) for n in names) or families
    initials = tuple(fold(to_unicode(n.given))[:1] for n in names) or ("",) * len(printed)
    year = entry.year
    explicit = _EXPLICIT.search((entry.fields.get("year") or "").strip())
    if explicit is None and year is not None:
        explicit = _EXPLICIT.search(entry.key)
        explicit = explicit if explicit and explicit.group(1) == str(year) else None
    title = _ARTICLE.sub("", fold(entry.text("title") or ""))
    return Work(entry.key, printed, families, bare, initials, year,
                explicit.group(2) if explicit else "", OTHERS in parsed or from_key, from_key,
                entry.summarize().authors or entry.key, title)


def _with_suffixes(works: list[Work]) -> list[Work]:
    """Works with suffixes given to every group of same-author, same-year works."""
    groups: dict[tuple[tuple[str, ...], int | None], list[int]] = defaultdict(list)
    for i, w in enumerate(works):
        groups[(w.families, w.year)].append(i)
    result = list(works)
    for members in groups.values():
        if len(members) > 1:
            for i, suffix in zip(members, _letters([works[i] for i in members])):
                result[i] = replace(works[i], suffix=suffix)
    return [replace(w, label=f"{w.label}, {w.year or 'n.d.'}{w.suffix}") for w in result]


def _letters(group: Sequence[Work]) -> list[str]:
    """The suffix of each work of a group: explicit ones kept, free letters by title."""
    taken = {w.suffix for w in group if w.suffix}
    free = iter(c for c in string.ascii_lowercase if c not in taken)
    order = sorted((i for i, w in enumerate(group) if not w.suffix), key=lambda i: group[i].title)
    letters = [w.suffix for w in group]
    for i in order:
        letters[i] = next(free, "")
    return letters
