"""Formatted output against citeproc-js (Zotero's engine), from golden files: no node needed.

The golden files under tests/golden/citeproc-js are citeproc-js's output for our CSL-JSON,
written by `python tools/compare.py --corpus FILE.bib --write-golden` and reviewed as a diff.
FLOORS records the shares measured when the golden files were last reviewed: a change that
makes syllabib agree with citeproc-js less often fails here; one that improves it should raise
the floor. When the mapping changes the items, the golden files are stale and this test says so.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import compare  # noqa: E402  (tools/compare.py)

GOLDEN = ROOT / "tests" / "golden" / "citeproc-js"
CORPORA = {"biblatex-examples": ROOT / "tests" / "corpora" / "biblatex-examples.bib",
           "social-science": ROOT / "tests" / "corpora-own" / "social-science.bib"}

# (corpus, style@locale): (bibliography entries identical %, citations identical %)
FLOORS = {
    ("biblatex-examples", "apa"): (100, 100),
    ("biblatex-examples", "chicago-author-date"): (100, 100),
    ("biblatex-examples", "chicago-notes-bibliography"): (100, 100),
    ("biblatex-examples", "modern-language-association"): (100, 100),
    ("biblatex-examples", "ieee"): (100, 100),
    ("biblatex-examples", "nlm-citation-sequence"): (100, 100),
    ("biblatex-examples", "harvard-cite-them-right"): (100, 100),
    ("biblatex-examples", "nature"): (98, 100),
    ("biblatex-examples", "apa@fi-FI"): (100, 100),
    ("social-science", "apa"): (100, 100),
    ("social-science", "chicago-author-date"): (100, 100),
    ("social-science", "chicago-notes-bibliography"): (100, 100),
    ("social-science", "modern-language-association"): (100, 100),
    ("social-science", "ieee"): (100, 100),
    ("social-science", "nlm-citation-sequence"): (100, 100),
    ("social-science", "harvard-cite-them-right"): (100, 100),
    ("social-science", "nature"): (97, 100),
    ("social-science", "apa@fi-FI"): (100, 100),
}


@pytest.fixture(scope="module")
def corpora() -> dict[str, compare.Corpus]:
    return {name: compare.load_corpus(path) for name, path in CORPORA.items()}


@pytest.mark.parametrize("corpus, spec", sorted(FLOORS))
def test_agreement_with_citeproc_js(corpora, monkeypatch, corpus, spec) -> None:
    def no_node(*args, **kwargs):
        raise RuntimeError("golden file missing or stale: review and regenerate it with "
                           f"`python tools/compare.py --corpus {CORPORA[corpus]} --write-golden`")

    monkeypatch.setattr(compare, "run_citeproc_js", no_node)
    style, locale = compare.parse_style(spec, "en-US")
    figures = compare.compare_one(corpora[corpus], style, locale, GOLDEN)
    assert figures.error is None, figures.error
    assert figures.source == "golden"
    bib_floor, cit_floor = FLOORS[(corpus, spec)]
    shown = "\n".join(compare.diff_lines(figures, 3))
    assert 100 * figures.bib_share >= bib_floor, shown
    assert 100 * figures.cit_share >= cit_floor, shown
