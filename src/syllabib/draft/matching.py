"""Citations → library entries: matched, ambiguous, suffix needed, or missing with candidates.

An author-year citation fits an entry when its first author's family name (accents, case,
spaces and apostrophes ignored; the particle optional) is the entry's first, every further
printed name is the entry's name at that place, initials agree, and the year and suffix agree.
The author count is checked APA's way (two names: two authors; `et al.`: three or more) and
relaxed, with a note, when only a count differs. A key citation fits the entry with that key.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from ..model import Entry
from .citation import Citation
from .report import AMBIGUOUS, MATCHED, MISSING, SUFFIX_NEEDED, Candidate, Resolution
from .works import Work, squash, works_of

_INITIALS = re.compile(r"^((?:[^\W\d_]\.\s*(?:-\s*[^\W\d_]\.\s*)?)+)(?=\S)")
_SPELLING = 0.87  # Jaro-Winkler similarity of a likely misspelt family name ('Able' ~ 'Abel')
_MAX_CANDIDATES = 3
_YEAR_GAP = 2  # same authors this many years off: offered as a candidate


def printed_name(name: str) -> tuple[str, str]:
    """('k', 'young') for 'K. Young': folded first initial and squashed family name."""
    m = _INITIALS.match(name)
    initial = squash(m.group(1))[:1] if m else ""
    return initial, squash(name[m.end():] if m else name)


class Matcher:
    """Resolves citations against a fixed set of entries."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.works = works_of(entries)
        self.by_key = {w.key: w for w in self.works}
        self._first: dict[str, list[Work]] = defaultdict(list)
        self._bare: dict[str, list[Work]] = defaultdict(list)
        self._whole: dict[str, list[Work]] = defaultdict(list)
        for w in self.works:
            if w.families:
                self._first[w.families[0]].append(w)
                self._bare[w.bare[0]].append(w)
                self._whole[w.whole].append(w)

    def resolve(self, citation: Citation) -> Resolution:
        """What `citation` refers to in the library."""
        if citation.key:
            return self._resolve_key(citation)
        pool = self._pool(citation)
        fitting = [w for w in pool if _names_fit(citation, w)]
        strict = [w for w in fitting if _count_fits(citation, w) and _year_fits(citation, w)]
        loose = [w for w in fitting if _year_fits(citation, w)]
        chosen, note = (strict, "") if strict else (loose, _count_note(citation, loose))
        if not chosen:
            return Resolution(citation, MISSING, candidates=self._near(citation, fitting))
        return _decide(citation, chosen, note)

    def resolve_all(self, citations: Iterable[Citation]) -> list[Resolution]:
        """Every citation resolved; different suffixes landing on one entry are undone."""
        resolved = [self.resolve(c) for c in citations]
        suffixes: dict[str, set[str]] = defaultdict(set)
        for r in resolved:
            if r.status == MATCHED and r.citation.suffix:
                suffixes[r.key].add(r.citation.suffix)
        return [_one_of_several(r, self.by_key[r.key], suffixes[r.key])
                if r.status == MATCHED and len(suffixes.get(r.key, ())) > 1 else r
                for r in resolved]

    def _resolve_key(self, citation: Citation) -> Resolution:
        """A pandoc or LaTeX key: in the library, or missing with close keys."""
        if citation.key in self.by_key:
            return Resolution(citation, MATCHED, citation.key)
        close = process.extract(citation.key, list(self.by_key), scorer=fuzz.ratio,
                                limit=_MAX_CANDIDATES, score_cutoff=70)
        return Resolution(citation, MISSING, candidates=tuple(
            Candidate(k, self.by_key[k].label, "close key") for k, _, _ in close))

    def _pool(self, citation: Citation) -> list[Work]:
        """Entries whose first author could be the citation's first printed name."""
        initial, first = printed_name(citation.authors[0]) if citation.authors else ("", "")
        whole = squash(citation.group.replace("et al.", ""))
        words = citation.authors[0].split() if citation.authors else []
        tries = [first] + [squash(" ".join(words[i:])) for i in range(1, len(words))]
        for name in tries:
            found = self._first.get(name) or self._bare.get(name) or []
            if found:
                break
        found = list(found) + [w for w in self._whole.get(whole, []) if w not in found]
        if initial:
            found = [w for w in found if not w.initials[0] or w.initials[0] == initial
                     or w.families[0] == whole]
        return found

    def _near(self, citation: Citation, same_authors: Sequence[Work]) -> tuple[Candidate, ...]:
        """Likely intended entries: same authors in a near year, or a misspelt name."""
        year = _year(citation)
        found: list[tuple[float, Candidate]] = []
        for w in same_authors:
            if year is not None and w.year is not None and abs(w.year - year) <= _YEAR_GAP:
                gap = abs(w.year - year)
                found.append((gap, Candidate(w.key, w.label, f"year {w.year}{w.suffix}")))
        if citation.authors and year is not None:
            first = printed_name(citation.authors[0])[1]
            for w in self.works:
                if (w.families and w.year is not None and abs(w.year - year) <= 1
                        and w.families[0] != first and w not in same_authors):
                    score = JaroWinkler.normalized_similarity(first, w.families[0])
                    if score >= _SPELLING:
                        reason = f"name spelt {w.names[0]}"
                        found.append((1 - score + abs(w.year - year), Candidate(w.key, w.label,
                                                                                 reason)))
        found.sort(key=lambda pair: pair[0])
        return tuple(c for _, c in found[:_MAX_CANDIDATES])


def _year(citation: Citation) -> int | None:
    """The citation's year as a number (None for n.d. and in press)."""
    return int(citation.year) if citation.year.isdigit() else None


def _year_fits(citation: Citation, work: Work) -> bool:
    """Same year (n.d. and in press fit entries without a year)."""
    return work.year == _year(citation)


def _names_fit(citation: Citation, work: Work) -> bool:
    """Every printed name after the first is the entry's name at that place."""
    if work.from_key or _split_corporate(citation, work):
        return True
    for i, name in enumerate(citation.authors[1:], start=1):
        family = printed_name(name)[1]
        if i >= len(work.families) or family not in (work.families[i], work.bare[i]):
            return False
    return True


def _split_corporate(citation: Citation, work: Work) -> bool:
    """'International Centre for Missing & Exploited Children': one name the draft split."""
    return len(citation.authors) > 1 and squash(citation.group) == work.whole


def _count_fits(citation: Citation, work: Work) -> bool:
    """APA's count: n names printed → n authors; n names + et al. → more than n, at least 3."""
    if _split_corporate(citation, work):
        return True
    printed = len(citation.authors)
    if work.open_ended:
        return printed + citation.et_al > len(work.families)
    if citation.et_al:
        return len(work.families) >= max(3, printed + 1)
    return len(work.families) == printed


def _count_note(citation: Citation, works: Sequence[Work]) -> str:
    """Why a citation matched only once the author count was relaxed."""
    if not works:
        return ""
    counts = sorted({len(w.families) for w in works})
    printed = f"{len(citation.authors)} name(s){' + et al.' if citation.et_al else ''}"
    return f"the draft prints {printed}; the entry has {'/'.join(map(str, counts))} author(s)"


def _decide(citation: Citation, chosen: list[Work], note: str) -> Resolution:
    """One entry: matched; several: by suffix, else suffix needed or ambiguous."""
    if citation.suffix:
        same = [w for w in chosen if w.suffix == citation.suffix]
        if same:
            chosen = same
        elif len(chosen) > 1:
            return Resolution(citation, MISSING, candidates=_candidates(chosen, "suffix"))
        else:
            note = note or f"the library has one such work: no suffix '{citation.suffix}' needed"
    if len(chosen) == 1:
        if chosen[0].from_key:
            note = "the entry has no author: matched by its key"
        return Resolution(citation, MATCHED, chosen[0].key, note=note)
    if len({w.families for w in chosen}) == 1:
        return Resolution(citation, SUFFIX_NEEDED, candidates=_candidates(chosen, "suffix"),
                          note="the same authors have several works that year: print a, b, …")
    return Resolution(citation, AMBIGUOUS, candidates=_candidates(chosen, "authors"),
                      note="name more authors (APA: until the citations differ)")


def _one_of_several(r: Resolution, work: Work, suffixes: set[str]) -> Resolution:
    """'Krone, 2004a' and '2004b' both fit the one Krone 2004 entry: one of them is missing."""
    if r.citation.suffix == work.suffix:
        return r
    years = ", ".join(f"{work.year}{s}" for s in sorted(suffixes))
    return Resolution(r.citation, MISSING, candidates=(Candidate(work.key, work.label, "suffix"),),
                      note=f"the draft cites {years}; the library has one such work")


def _candidates(works: Sequence[Work], why: str) -> tuple[Candidate, ...]:
    """Candidates with a reason: their suffix, or their full author list."""
    return tuple(Candidate(w.key, w.label, f"{w.year}{w.suffix}" if why == "suffix"
                           else "authors " + _authors(w)) for w in works)


def _authors(work: Work) -> str:
    """'Merdian, Wilson, Thakker …'."""
    return ", ".join(work.names[:3]) + (" …" if len(work.names) > 3 else "")
