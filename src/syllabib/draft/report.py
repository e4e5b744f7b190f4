"""The result of checking a draft: each citation resolved against the library, as data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .citation import Citation

MATCHED = "matched"
AMBIGUOUS = "ambiguous"  # several entries fit: Merdian et al., 2013
SUFFIX_NEEDED = "suffix-needed"  # the same authors twice in a year and no a/b printed
MISSING = "missing"  # no entry fits (candidates: a misspelling, a year off by one)
STATUSES = (MATCHED, AMBIGUOUS, SUFFIX_NEEDED, MISSING)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A library entry offered for a citation, and why."""

    key: str
    label: str  # 'Abel et al., 1984'
    reason: str = ""  # 'year 1984', 'spelt Abel'

    def to_dict(self) -> dict[str, str]:
        """JSON-ready data."""
        return {"key": self.key, "label": self.label, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Resolution:
    """One citation and what it resolved to."""

    citation: Citation
    status: str
    key: str = ""  # the matched entry
    candidates: tuple[Candidate, ...] = ()
    note: str = ""  # e.g. 'the entry has 2 authors; the draft prints et al.'

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        data: dict[str, Any] = {"status": self.status, "citation": self.citation.to_dict()}
        if self.key:
            data["key"] = self.key
        if self.candidates:
            data["candidates"] = [c.to_dict() for c in self.candidates]
        if self.note:
            data["note"] = self.note
        return data


@dataclass(slots=True)
class DraftReport:
    """Every citation of a draft resolved, plus the expected entries it never cites."""

    path: str
    resolutions: list[Resolution] = field(default_factory=list)
    uncited: list[Candidate] = field(default_factory=list)  # expected but never cited
    expected: int | None = None  # how many entries were expected (None: no expectation)

    @property
    def unresolved(self) -> list[Resolution]:
        """Citations that did not resolve to exactly one entry."""
        return [r for r in self.resolutions if r.status != MATCHED]

    @property
    def cited_keys(self) -> list[str]:
        """Matched keys in order of first citation."""
        return list(dict.fromkeys(r.key for r in self.resolutions if r.status == MATCHED))

    @property
    def ok(self) -> bool:
        """True when every citation matched and no expected entry is left uncited."""
        return not self.unresolved and not self.uncited

    def counts(self) -> dict[str, int]:
        """How many citations ended in each status."""
        found = Counter(r.status for r in self.resolutions)
        return {status: found.get(status, 0) for status in STATUSES}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: summary, citations, uncited entries."""
        return {
            "file": self.path,
            "summary": {"citations": len(self.resolutions), **self.counts(),
                        "works": len(self.cited_keys), "uncited": len(self.uncited)},
            "citations": [r.to_dict() for r in self.resolutions],
            "uncited": [c.to_dict() for c in self.uncited],
        }
