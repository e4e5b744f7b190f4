"""Compare syllabib's CSL rendering with citeproc-js (Zotero's engine), style by style.

    python tools/compare.py --corpus refs.bib --style apa --style ieee --style apa@fi-FI \
        [--locale en-US] [--golden-dir tests/golden/citeproc-js] [--write-golden] \
        [--show-diffs N] [--json]

Each corpus (.bib through syllabib's mapping, or a CSL-JSON list) is rendered by both engines;
the report gives, per corpus/style/locale, the share of bibliography entries and citations
whose plain text is identical. citeproc-js output is stored as golden files so that the test
suite can compare against it without node.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

TOOLS_DIR = Path(__file__).resolve().parent
if str(TOOLS_DIR) not in sys.path:
    sys.path.insert(0, str(TOOLS_DIR))

from citeproc_js import (  # noqa: E402
    CITEPROC_NPM_VERSION,
    CiteprocJsError,
    resolve_style,
    run_citeproc_js,
)

DEFAULT_LOCALE = "en-US"
DEFAULT_GOLDEN_DIR = TOOLS_DIR.parent / "tests" / "golden" / "citeproc-js"
DEFAULT_STYLES = (
    "apa", "chicago-author-date", "chicago-notes-bibliography", "modern-language-association",
    "ieee", "nlm-citation-sequence", "harvard-cite-them-right", "nature", "apa@fi-FI",
)
MAX_PAIR_CLUSTERS = 10
ENGINE_UNAVAILABLE = "syllabib engine not available"
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


# --- data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    """A named list of CSL-JSON items (name = the source file's stem)."""

    name: str
    items: list[dict]


@dataclass(frozen=True)
class Diff:
    """One entry or citation whose plain text differs between the engines."""

    kind: str  # "bibliography" or "citation"
    key: str  # item id, or the cluster's ids joined with "+"
    ours: str | None  # None: syllabib produced no such entry
    theirs: str | None  # None: citeproc-js produced no such entry


@dataclass
class Figures:
    """The comparison of one corpus in one style and locale."""

    corpus: str
    style: str
    locale: str
    engine: str = ""  # the citeproc-js version that produced the reference output
    source: str = ""  # "golden" or "live"
    bib_same: int = 0
    bib_total: int = 0
    cit_same: int = 0
    cit_total: int = 0
    order_same: bool | None = None  # bibliography order identical (None: not compared)
    error: str | None = None
    diffs: list[Diff] = field(default_factory=list)

    @property
    def bib_share(self) -> float:
        """Share of identical bibliography entries (0..1)."""
        return self.bib_same / self.bib_total if self.bib_total else 0.0

    @property
    def cit_share(self) -> float:
        """Share of identical citations (0..1)."""
        return self.cit_same / self.cit_total if self.cit_total else 0.0

    def to_json(self, max_diffs: int | None = None) -> dict[str, Any]:
        """The figures as a JSON-ready dict (at most `max_diffs` diffs)."""
        data = asdict(self)
        data["diffs"] = data["diffs"][:max_diffs] if max_diffs is not None else data["diffs"]
        data["bib_share"] = round(self.bib_share, 4)
        data["cit_share"] = round(self.cit_share, 4)
        return data


# --- inputs -------------------------------------------------------------------------------


def load_corpus(path: Path) -> Corpus:
    """Load a .bib file (syllabib's mapping) or a CSL-JSON list (.json)."""
    if path.suffix.lower() == ".json":
        items = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(items, list):
            raise SystemExit(f"{path}: expected a JSON list of CSL-JSON items")
        return Corpus(path.stem, items)
    try:
        from syllabib.csl.mapping import bib_to_csl_items
    except ImportError as error:
        raise SystemExit(
            f"{path}: syllabib.csl.mapping.bib_to_csl_items is not available ({error}); "
            "pass CSL-JSON with --items FILE.json"
        ) from error
    return Corpus(path.stem, bib_to_csl_items(path))


def make_clusters(ids: Sequence[str], max_pairs: int = MAX_PAIR_CLUSTERS) -> list[list[str]]:
    """One single-item cluster per item, then up to `max_pairs` pairs of consecutive items."""
    singles = [[key] for key in ids]
    pairs = [[ids[i], ids[i + 1]] for i in range(0, len(ids) - 1, 2)][:max_pairs]
    return singles + pairs


def parse_style(spec: str, default_locale: str) -> tuple[str, str]:
    """"apa@fi-FI" → ("apa", "fi-FI"); "apa" → ("apa", default_locale)."""
    style, _, locale = spec.partition("@")
    return style, locale or default_locale


def canonical_json(value: Any) -> str:
    """Stable JSON text for hashing."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def items_hash(items: list[dict], clusters: list[list[str]]) -> str:
    """sha256 of the canonical JSON of items + citation clusters."""
    text = canonical_json({"items": items, "citations": clusters})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_hash(path: Path) -> str:
    """sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- citeproc-js side (golden or live) ----------------------------------------------------


def golden_path(golden_dir: Path, corpus: str, style: str, locale: str) -> Path:
    """`<golden_dir>/<corpus>/<style>[@<locale>].json` (no suffix for en-US)."""
    suffix = "" if locale == DEFAULT_LOCALE else f"@{locale}"
    return golden_dir / corpus / f"{style}{suffix}.json"


def load_golden(path: Path, digest: str, style_digest: str) -> dict[str, Any] | None:
    """The golden output if it exists and matches these items, style file and pinned version."""
    try:
        golden = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    fresh = (
        golden.get("items_hash") == digest
        and golden.get("style_sha256") == style_digest
        and golden.get("citeproc_npm_version") == CITEPROC_NPM_VERSION
    )
    return golden if fresh else None


def write_golden(path: Path, golden: dict[str, Any]) -> None:
    """Write a golden file (pretty, UTF-8, trailing newline)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def citeproc_js_output(
    corpus: Corpus, style: str, locale: str, clusters: list[list[str]],
    golden_dir: Path | None = None, write: bool = False,
) -> tuple[dict[str, Any], str]:
    """citeproc-js output for one corpus/style/locale and where it came from ("golden"/"live")."""
    css = resolve_style(style)
    digest, style_digest = items_hash(corpus.items, clusters), file_hash(css)
    path = golden_path(golden_dir, corpus.name, style, locale) if golden_dir else None
    if path is not None and not write:
        golden = load_golden(path, digest, style_digest)
        if golden is not None:
            return golden, "golden"
    result = run_citeproc_js(css, locale, corpus.items, clusters)
    golden = {
        "corpus": corpus.name, "style": style, "style_file": css.name, "style_sha256": style_digest,
        "locale": locale, "items_hash": digest, "citeproc_npm_version": CITEPROC_NPM_VERSION,
        "engine": result["engine"], "bibliography": result["bibliography"],
        "citations": result["citations"],
    }
    if path is not None and write:
        write_golden(path, golden)
    return golden, "live"


# --- syllabib side ------------------------------------------------------------------------


def normalize(text: str) -> str:
    """Comparison text: strip tags, unescape entities, collapse whitespace, strip."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", text))).strip()


def reference_text(reference: Any) -> str:
    """A syllabib Reference as comparison text: label + " " + text when it has a label."""
    text = f"{reference.label} {reference.text}" if reference.label else reference.text
    return normalize(text)


def our_engine() -> tuple[Callable[..., Any], Callable[..., Any]] | str:
    """syllabib's (render_bibliography, render_citations), or why they cannot be imported."""
    try:
        from syllabib.render.engine import render_bibliography, render_citations
    except ImportError as error:
        return f"{ENGINE_UNAVAILABLE} ({error})"
    return render_bibliography, render_citations


def our_output(
    engine: tuple[Callable[..., Any], Callable[..., Any]], items: list[dict],
    clusters: list[list[str]], style: str, locale: str,
) -> tuple[dict[str, str], list[str]]:
    """syllabib's bibliography (key → text, in its order) and citation texts."""
    render_bibliography, render_citations = engine
    bibliography = render_bibliography(json.loads(json.dumps(items)), style, locale)
    entries = {ref.key: reference_text(ref) for ref in bibliography.references}
    citations = render_citations(json.loads(json.dumps(items)), clusters, style, locale)
    return entries, [normalize(text) for text in citations]


# --- comparison ---------------------------------------------------------------------------


def compare_bibliography(figures: Figures, ours: dict[str, str], theirs: list[dict]) -> None:
    """Count identical bibliography entries (matched by item id) into `figures`."""
    their_texts = {entry["id"]: normalize(entry["text"]) for entry in theirs}
    keys = list(their_texts) + [key for key in ours if key not in their_texts]
    figures.bib_total = len(keys)
    for key in keys:
        mine, other = ours.get(key), their_texts.get(key)
        if mine == other:
            figures.bib_same += 1
        else:
            figures.diffs.append(Diff("bibliography", key, mine, other))
    figures.order_same = list(ours) == list(their_texts)


def compare_citations(figures: Figures, ours: list[str], theirs: list[dict]) -> None:
    """Count identical citations (cluster by cluster) into `figures`."""
    figures.cit_total = len(theirs)
    for index, cite in enumerate(theirs):
        mine = ours[index] if index < len(ours) else None
        other = normalize(cite["text"])
        if mine == other:
            figures.cit_same += 1
        else:
            figures.diffs.append(Diff("citation", "+".join(cite["ids"]), mine, other))


def compare_one(
    corpus: Corpus, style: str, locale: str, golden_dir: Path | None = None,
    write: bool = False, engine: tuple[Callable[..., Any], Callable[..., Any]] | str | None = None,
) -> Figures:
    """Compare one corpus in one style and locale."""
    figures = Figures(corpus.name, style, locale)
    clusters = make_clusters([str(item["id"]) for item in corpus.items])
    try:
        golden, figures.source = citeproc_js_output(corpus, style, locale, clusters, golden_dir, write)
    except Exception as error:  # noqa: BLE001 - unknown style, npm/node failure, bad output
        figures.error = f"citeproc-js: {type(error).__name__}: {error}"
        return figures
    figures.engine = golden["engine"]
    figures.bib_total, figures.cit_total = len(golden["bibliography"]), len(golden["citations"])
    engine = engine if engine is not None else our_engine()
    if isinstance(engine, str):
        figures.error = engine
        return figures
    try:
        ours, our_cites = our_output(engine, corpus.items, clusters, style, locale)
    except Exception as error:  # noqa: BLE001 - any engine failure is a finding, not a crash
        figures.error = f"syllabib: {type(error).__name__}: {error}"
        return figures
    compare_bibliography(figures, ours, golden["bibliography"])
    compare_citations(figures, our_cites, golden["citations"])
    return figures


def compare(
    corpora: Sequence[Path | Corpus], styles: Sequence[str] = DEFAULT_STYLES,
    locale: str = DEFAULT_LOCALE, golden_dir: Path | None = None, write_golden: bool = False,
) -> list[Figures]:
    """Figures for every corpus × style ("style" or "style@locale")."""
    loaded = [c if isinstance(c, Corpus) else load_corpus(Path(c)) for c in corpora]
    engine = our_engine()
    return [
        compare_one(corpus, *parse_style(spec, locale), golden_dir, write_golden, engine)
        for corpus in loaded
        for spec in styles
    ]


# --- report -------------------------------------------------------------------------------


def share(same: int, total: int) -> str:
    """"9/10 (90.0%)"."""
    percent = 100.0 * same / total if total else 0.0
    return f"{same}/{total} ({percent:.1f}%)"


def label(figures: Figures) -> str:
    """"apa" or "apa@fi-FI"."""
    return figures.style if figures.locale == DEFAULT_LOCALE else f"{figures.style}@{figures.locale}"


def report_line(figures: Figures) -> str:
    """One row of the text report."""
    head = f"{figures.corpus:<16} {label(figures):<32}"
    if figures.error:
        counts = f"{figures.bib_total} entries, {figures.cit_total} citations"
        return f"{head} {figures.error}  [{counts}; {figures.source or 'no'} citeproc-js output]"
    order = "" if figures.order_same in (None, True) else "  (order differs)"
    return f"{head} {share(figures.bib_same, figures.bib_total):<20} " \
        f"{share(figures.cit_same, figures.cit_total):<20} [{figures.source}]{order}"


def diff_lines(figures: Figures, limit: int) -> list[str]:
    """Up to `limit` differing pairs, ours above citeproc-js."""
    lines: list[str] = []
    for diff in figures.diffs[:limit]:
        lines.append(f"  {label(figures)} · {figures.corpus} · {diff.kind} {diff.key}")
        lines.append(f"    ours:        {diff.ours if diff.ours is not None else '(missing)'}")
        lines.append(f"    citeproc-js: {diff.theirs if diff.theirs is not None else '(missing)'}")
    return lines


def format_report(all_figures: Sequence[Figures], show_diffs: int = 0) -> str:
    """The human-readable report."""
    engines = sorted({f.engine for f in all_figures if f.engine})
    lines = [f"reference: {', '.join(engines) or 'citeproc-js (no output)'}",
             f"{'corpus':<16} {'style':<32} {'bibliography':<20} {'citations':<20}"]
    for figures in all_figures:
        lines.append(report_line(figures))
    if show_diffs:
        for figures in all_figures:
            lines.extend(diff_lines(figures, show_diffs))
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", type=Path, default=[],
                        help="a .bib file (syllabib's mapping) or CSL-JSON .json; repeatable")
    parser.add_argument("--items", action="append", type=Path, default=[],
                        help="a CSL-JSON file (list of items); repeatable")
    parser.add_argument("--style", action="append", default=[],
                        help="style id, optionally @locale (apa@fi-FI); repeatable "
                             "(default: the nine measured styles)")
    parser.add_argument("--locale", default=DEFAULT_LOCALE, help="locale for styles without @")
    parser.add_argument("--golden-dir", type=Path, default=DEFAULT_GOLDEN_DIR)
    parser.add_argument("--write-golden", action="store_true",
                        help="run citeproc-js live and (re)write the golden files")
    parser.add_argument("--show-diffs", type=int, default=0, metavar="N",
                        help="print up to N differing pairs per style")
    parser.add_argument("--json", action="store_true", help="emit the figures as JSON")
    args = parser.parse_args(argv)
    if not args.corpus and not args.items:
        parser.error("give at least one --corpus or --items")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the comparison; exit 1 when citeproc-js output is missing for some style."""
    args = parse_args(argv)
    figures = compare([*args.corpus, *args.items], args.style or DEFAULT_STYLES, args.locale,
                      args.golden_dir, args.write_golden)
    if args.json:
        print(json.dumps([f.to_json(args.show_diffs) for f in figures], ensure_ascii=False, indent=1))
    else:
        print(format_report(figures, args.show_diffs))
    return 1 if any(f.error and f.error.startswith("citeproc-js") for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
