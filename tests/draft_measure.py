"""Measuring cite check on review.txt: the annotation, a test library, precision and recall.

Run `python -m tests.draft_measure` for the numbers (also against bib/review.bib when it exists).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from syllabib.draft import Citation, extract_citations
from syllabib.draft.matching import Matcher, printed_name
from syllabib.draft.report import AMBIGUOUS, MATCHED

DATA = Path(__file__).parent / "data" / "drafts"
REVIEW = DATA / "review.txt"


@dataclass(frozen=True)
class Row:
    """One annotated citation (or trap) of review.txt."""

    line: int
    text: str
    authors: str
    year: str
    locator: str
    key: str
    sample: bool
    patterns: str

    @property
    def ident(self) -> tuple[int, str, str]:
        """What an extracted citation must share with the row: line, first author, year."""
        return self.line, first_author(self.authors), self.year


def first_author(group: str) -> str:
    """Squashed first family name of a printed group ('M. de Young' → 'deyoung')."""
    first = group.replace(" and ", " & ").split("&")[0].split(",")[0].replace(" et al.", "")
    return printed_name(first.strip())[1]


def annotation() -> list[Row]:
    """The rows of review-citations.tsv (citations and traps)."""
    lines = [ln for ln in (DATA / "review-citations.tsv").read_text("utf-8").splitlines()
             if not ln.startswith("#")]
    return [Row(int(r["line"]), r["text"], r["authors"], r["year"], r["locator"], r["key"],
                r["sample"] == "1", r["patterns"])
            for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def ident(c: Citation) -> tuple[int, str, str]:
    """The comparable identity of an extracted citation."""
    return c.line, first_author(c.group), c.year + c.suffix


def extracted() -> list[Citation]:
    """The author-year citations extracted from review.txt."""
    return [c for c in extract_citations(REVIEW.read_text("utf-8")) if not c.key]


@dataclass(frozen=True)
class Score:
    """Precision and recall of a set of predictions against the truth."""

    true_positive: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.expected if self.expected else 1.0

    def __str__(self) -> str:
        return (f"precision {self.precision:.1%} ({self.true_positive}/{self.predicted}), "
                f"recall {self.recall:.1%} ({self.true_positive}/{self.expected})")


def extraction_score(rows: list[Row], found: list[Citation], lines: set[int] | None = None
                     ) -> Score:
    """Multiset comparison of (line, first author, year), optionally on some lines only."""
    truth = Counter(r.ident for r in rows if r.key != "none")
    pred = Counter(ident(c) for c in found if lines is None or c.line in lines)
    if lines is not None:
        truth = Counter({k: n for k, n in truth.items() if k[0] in lines})
    return Score(sum((truth & pred).values()), sum(pred.values()), sum(truth.values()))


def trap_hits(rows: list[Row], found: list[Citation]) -> list[Row]:
    """Traps an extracted citation fell into (same line, and same year or same first name)."""
    hits = []
    for r in rows:
        if r.key != "none":
            continue
        for c in found:
            if c.line == r.line and ((r.year and c.year.startswith(r.year[:3]))
                                     or (r.authors and first_author(c.group)
                                         == first_author(r.authors))):
                if not any(o.ident == ident(c) for o in rows if o.key != "none"):
                    hits.append(r)
                    break
    return hits


@dataclass(frozen=True)
class MatchScore:
    """How the extracted citations that are in the annotation resolved."""

    total: int  # citations of works that are in the library
    correct: int  # matched to the expected key (or ambiguous between exactly the expected keys)
    in_candidates: int  # not correct, but the expected key is among the candidates offered
    wrong: int  # matched to another key
    absent: int  # citations of works that are not in the library
    absent_reported: int  # ... reported as not matched (missing, ambiguous, suffix needed)

    def __str__(self) -> str:
        text = (f"correct {self.correct}/{self.total} ({self.correct / self.total:.1%}), "
                f"expected key among the candidates {self.in_candidates}, "
                f"matched to a wrong key {self.wrong}")
        if self.absent:
            text += (f"; works not in the library: {self.absent_reported}/{self.absent} "
                     "citations reported unmatched")
        return text


def matching_score(rows: list[Row], found: list[Citation], matcher: Matcher,
                   sample_only: bool = False) -> MatchScore:
    """Resolve every extracted citation that the annotation has; compare keys."""
    expected = {r.ident: r.key for r in rows if r.key != "none" and (r.sample or not sample_only)}
    counts = Counter()
    for c, res in zip(found, matcher.resolve_all(found)):
        key = expected.get(ident(c))
        if key is None:
            continue
        keys = set(key.split("|"))
        if not keys & set(matcher.by_key):
            counts["absent"] += 1
            counts["absent_reported"] += res.status != MATCHED
            continue
        counts["total"] += 1
        offered = {k.key for k in res.candidates}
        if (res.status == MATCHED and res.key in keys) or (
                res.status == AMBIGUOUS and offered == keys and len(keys) > 1):
            counts["correct"] += 1
        elif keys & offered:
            counts["in_candidates"] += 1
        elif res.status == MATCHED:
            counts["wrong"] += 1
    return MatchScore(**{f: counts[f] for f in MatchScore.__dataclass_fields__})


def works_bib() -> str:
    """A BibTeX library of the 128 cited works, from review-works.tsv."""
    lines = [ln for ln in (DATA / "review-works.tsv").read_text("utf-8").splitlines()
             if not ln.startswith("#")]
    out = []
    for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        fields = [f"  author = {{{r['author']}}}", f"  year = {{{r['year']}}}"]
        if r["title"]:
            fields.append(f"  title = {{{r['title']}}}")
        out.append(f"@{r['type']}{{{r['key']},\n" + ",\n".join(fields) + "\n}\n")
    return "\n".join(out)


def main() -> None:
    """Print the numbers."""
    import tempfile

    from syllabib.library import load_library

    rows = annotation()
    found = extracted()
    sample_lines = {r.line for r in rows if r.sample and r.key != "none"}
    print("extraction, whole review:", extraction_score(rows, found))
    print("extraction, sample lines:", extraction_score(rows, found, sample_lines))
    print("traps taken:", [f"{t.line} {t.text}" for t in trap_hits(rows, found)])
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "bib").mkdir()
        (Path(tmp) / "bib" / "review.bib").write_text(works_bib(), "utf-8")
        matcher = Matcher(load_library(Path(tmp), use_cache=False).entries)
        print("matching, test library, whole review:", matching_score(rows, found, matcher))
        print("matching, test library, sample:", matching_score(rows, found, matcher, True))
    bundled = Path(__file__).parents[1] / "bib" / "review.bib"
    if bundled.exists():
        matcher = Matcher(load_library(bundled.parents[1], use_cache=False).entries)
        print("matching, bib/review.bib, whole review:", matching_score(rows, found, matcher))
        print("matching, bib/review.bib, sample:", matching_score(rows, found, matcher, True))


if __name__ == "__main__":
    main()
