"""Likely duplicate entries: same DOI, same ISBN, or the same title, year and first author.

Titles are compared after LaTeX decoding, case and accent folding and removing punctuation;
two titles of the same year and first author also match when rapidfuzz's `ratio` reaches
`TITLE_THRESHOLD` (measured on the test corpora: see docs/check-codes.md, "Duplicates").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from .identifiers import isbn13, isbn_parts, isbn_valid, normalize_doi

TITLE_THRESHOLD = 90.0  # rapidfuzz.fuzz.ratio of the whole titles, 0–100
WORD_THRESHOLD = 80.0  # each differing word must have a counterpart this close …
MIN_WORD = 5  # … and this long: 'stsp'/'atsp', 'i'/'ii', '2014'/'2015' are other works
SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "in", "on", "for", "to", "at", "by",
                         "with", "der", "die", "das", "le", "la", "les", "el", "et", "und"})
MIN_TITLE = 12  # shorter normalised titles ("Preface", "Editorial") must match exactly
# Parts of a larger work: they carry the ISBN of the book they are in, so ISBN proves nothing.
PARTS = frozenset({"inbook", "incollection", "inproceedings", "conference", "bookinbook",
                   "suppbook", "suppcollection", "suppperiodical", "article", "inreference",
                   "review"})
CONTAINERS = frozenset({"book", "mvbook", "collection", "mvcollection", "proceedings",
                        "mvproceedings", "reference", "mvreference", "periodical"})
_ROMAN = re.compile(r"[ivxlcdm]+")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What duplicate detection compares of one entry."""

    key: str
    entry_type: str = ""
    doi: str = ""
    isbns: frozenset[str] = frozenset()
    title: str = ""  # normalised
    year: int | None = None
    author: str = ""  # first author's (else editor's) family name, folded
    volume: str = ""
    edition: str = ""
    number: str = ""  # issue or report number
    first_page: str = ""
    parent: str = ""  # crossref


@dataclass(frozen=True, slots=True)
class Match:
    """Two entries that are likely the same work, and why."""

    first: str
    second: str
    reason: str


@dataclass(frozen=True, slots=True)
class Group:
    """Entries that are likely one work (connected by matches)."""

    keys: tuple[str, ...]
    matches: tuple[Match, ...]


def normalize_title(value: str) -> str:
    """Decoded, folded, punctuation-free title: '{The} {WHO} Report!' → 'the who report'."""
    from ..latex import to_unicode
    from ..textnorm import fold

    return " ".join(re.findall(r"[^\W_]+", fold(to_unicode(value))))


def fingerprint(key: str, entry_type: str, fields: Mapping[str, str],
                own: Mapping[str, str] | None = None) -> Fingerprint:
    """The fingerprint of an entry; `own` holds the fields not inherited (DOI, ISBN come from it)."""
    own = fields if own is None else own
    isbns = frozenset()
    if entry_type not in PARTS and own.get("isbn"):
        isbns = frozenset(isbn13(i) for i in isbn_parts(own["isbn"]) if isbn_valid(i))
    doi = normalize_doi(own["doi"]) if own.get("doi") else ""
    return Fingerprint(key, entry_type, doi if doi.startswith("10.") else "", isbns,
                       normalize_title(fields.get("title", "")), _year(fields),
                       _first_family(fields), _plain(fields.get("volume")),
                       _plain(fields.get("edition")), _plain(fields.get("number")),
                       _first_page(fields.get("pages")), fields.get("crossref", "").strip())


def _year(fields: Mapping[str, str]) -> int | None:
    for name in ("year", "date"):
        found = _YEAR.search(fields.get(name, ""))
        if found:
            return int(found.group(1))
    return None


def _first_family(fields: Mapping[str, str]) -> str:
    from ..names import family_names
    from ..textnorm import fold

    for name in ("author", "editor"):
        if fields.get(name):
            families = family_names(fields[name])
            if families:
                return fold(families[0])
    return ""


def _first_page(value: str | None) -> str:
    found = re.match(r"[^\w]*(\w+)", value or "")
    return found.group(1).lower() if found else ""


def _plain(value: str | None) -> str:
    return re.sub(r"[{}\s]", "", value or "").lower()


class DuplicateIndex:
    """Fingerprints by DOI, ISBN and (first author, year), for finding an entry's duplicates."""

    def __init__(self, prints: Iterable[Fingerprint] = ()) -> None:
        self._doi: dict[str, str] = {}
        self._isbn: dict[str, list[Fingerprint]] = {}
        self._block: dict[tuple[str, int], list[Fingerprint]] = {}
        for fp in prints:
            self.add(fp)

    def add(self, fp: Fingerprint) -> None:
        """Index one more entry."""
        if fp.doi:
            self._doi.setdefault(fp.doi, fp.key)
        for isbn in fp.isbns:
            self._isbn.setdefault(isbn, []).append(fp)
        if fp.title and fp.author and fp.year:
            self._block.setdefault((fp.author, fp.year), []).append(fp)

    def matches(self, fp: Fingerprint) -> Iterator[Match]:
        """Every indexed entry that `fp` likely duplicates, the strongest reason first."""
        seen: set[str] = {fp.key}
        if fp.doi and self._doi.get(fp.doi, fp.key) not in seen:
            other = self._doi[fp.doi]
            seen.add(other)
            yield Match(other, fp.key, f"same DOI {fp.doi}")
        for isbn in sorted(fp.isbns):
            for other in self._isbn.get(isbn, ()):
                if other.key not in seen and _compatible(fp, other):
                    seen.add(other.key)
                    yield Match(other.key, fp.key, f"same ISBN {isbn}")
        if fp.title and fp.author and fp.year:
            for other in self._block.get((fp.author, fp.year), ()):
                if other.key not in seen and _compatible(fp, other):
                    reason = title_reason(fp.title, other.title)
                    if reason:
                        seen.add(other.key)
                        yield Match(other.key, fp.key, f"{reason}, same year and first author")

    def first_match(self, fp: Fingerprint) -> Match | None:
        """The strongest match of `fp`, if any."""
        return next(self.matches(fp), None)


def _compatible(a: Fingerprint, b: Fingerprint) -> bool:
    """False for a crossref parent and child, two volumes or editions of one work, or two
    issues of a recurring column (another issue number or first page)."""
    if a.parent == b.key or b.parent == a.key:
        return False
    if {a.entry_type, b.entry_type} & CONTAINERS and {a.entry_type, b.entry_type} & PARTS:
        return False  # a chapter and its book may share a title ("Alternative Modernities")
    pairs = ((a.volume, b.volume), (a.edition, b.edition), (a.number, b.number),
             (a.first_page, b.first_page))
    return not any(x and y and x != y for x, y in pairs)


def title_reason(a: str, b: str) -> str | None:
    """'same title' or 'near-identical title (94 %)' when two normalised titles match.

    Near-identical: the whole titles reach TITLE_THRESHOLD and every word that differs is a
    spelling variant (a counterpart of at least MIN_WORD letters and WORD_THRESHOLD) or a small
    word; a differing number or Roman numeral means another part, year or edition.
    """
    if a == b:
        return "same title"
    if min(len(a), len(b)) < MIN_TITLE:
        return None
    from rapidfuzz import fuzz

    score = fuzz.ratio(a, b, score_cutoff=TITLE_THRESHOLD)
    if not score or not _variants(a.split(), b.split()):
        return None
    return f"near-identical title ({score:.0f} %)"


def _variants(a: list[str], b: list[str]) -> bool:
    """True when the words only in `a` and only in `b` are spelling variants or small words."""
    from rapidfuzz import fuzz

    only_a = [w for w in a if w not in b]
    only_b = [w for w in b if w not in a]
    for word in only_a + only_b:
        if word.isdigit() or _ROMAN.fullmatch(word) and len(word) <= 4:
            return False
    pending = [w for w in only_b if w not in SMALL_WORDS]
    for word in (w for w in only_a if w not in SMALL_WORDS):
        twin = next((w for w in pending if len(word) >= MIN_WORD and len(w) >= MIN_WORD
                     and fuzz.ratio(word, w) >= WORD_THRESHOLD), None)
        if twin is None:
            return False
        pending.remove(twin)
    return not pending


def find_groups(prints: Iterable[Fingerprint]) -> list[Group]:
    """Groups of likely duplicates among `prints`, each with the matches that connect it."""
    index = DuplicateIndex()
    found: list[Match] = []
    order: dict[str, int] = {}
    for fp in prints:
        order[fp.key] = len(order)
        found.extend(index.matches(fp))
        index.add(fp)
    return _grouped(found, order)


def _grouped(found: list[Match], order: dict[str, int]) -> list[Group]:
    root: dict[str, str] = {}

    def find(key: str) -> str:
        while root.get(key, key) != key:
            key = root[key]
        return key

    for m in found:
        a, b = find(m.first), find(m.second)
        if a != b:
            root[max(a, b, key=order.__getitem__)] = min(a, b, key=order.__getitem__)
    groups: dict[str, list[Match]] = {}
    for m in found:
        groups.setdefault(find(m.first), []).append(m)
    result = []
    for matches in groups.values():
        keys = sorted({k for m in matches for k in (m.first, m.second)}, key=order.__getitem__)
        result.append(Group(tuple(keys), tuple(matches)))
    return sorted(result, key=lambda g: order[g.keys[0]])
