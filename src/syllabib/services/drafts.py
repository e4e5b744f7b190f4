"""Checking a draft against the library, and the reference list of the works it cites."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from ..draft import extract_citations, read_draft
from ..draft.matching import Matcher
from ..draft.report import AMBIGUOUS, MATCHED, SUFFIX_NEEDED, Candidate, DraftReport, Resolution
from ..library import Library, display_path
from ..render.model import Bibliography


def check_draft(library: Library, path: Path, expect_query: str = "",
                expect_keys: Collection[str] | None = None) -> DraftReport:
    """Every citation of the draft at `path` resolved against `library`.

    `expect_query` (the query language of `syllabib list`) and `expect_keys` (e.g. a reading
    list's entries) name entries the draft should cite; those it never cites are reported.
    """
    draft = read_draft(path)
    citations = extract_citations(draft.text, draft.kind)
    matcher = Matcher(library.entries)
    report = DraftReport(display_path(path), matcher.resolve_all(citations))
    expected = _expected(library, expect_query, expect_keys)
    if expected is not None:
        report.expected = len(expected)
        report.uncited = _uncited(matcher, report.resolutions, expected)
    return report


def _expected(library: Library, query: str, keys: Collection[str] | None) -> list[str] | None:
    """The keys the draft should cite, in library order (None: nothing expected)."""
    if not query.strip() and keys is None:
        return None
    from .selection import select

    chosen: list[str] = []
    if query.strip():
        chosen = [e.key for e in select(library, query)]
    if keys is not None:
        for key in keys:
            library.get(key)  # NotFoundError with close keys for a mistyped one
        chosen += [k for k in keys if k not in chosen]
    return chosen


def _uncited(matcher: Matcher, resolutions: list[Resolution], expected: list[str]
             ) -> list[Candidate]:
    """Expected entries no citation matched (nor offered as ambiguous/suffix candidates)."""
    cited = {r.key for r in resolutions if r.status == MATCHED}
    cited |= {c.key for r in resolutions if r.status in (AMBIGUOUS, SUFFIX_NEEDED)
              for c in r.candidates}
    return [Candidate(k, matcher.by_key[k].label, "never cited") for k in expected
            if k not in cited and k in matcher.by_key]


@dataclass(frozen=True, slots=True)
class References:
    """The reference list of a draft, and the citations it could not include."""

    bibliography: Bibliography
    keys: list[str]
    left_out: list[Resolution]


def reference_list(library: Library, path: Path, style: str, locale: str | None = None,
                   title: str = "") -> tuple[DraftReport, References]:
    """The report of the draft at `path` and the bibliography of every work it matched."""
    report = check_draft(library, path)
    keys = report.cited_keys
    from .formatting import bibliography

    bib = bibliography(library, [library.get(k) for k in keys], style, locale, title=title)
    return report, References(bib, keys, report.unresolved)
