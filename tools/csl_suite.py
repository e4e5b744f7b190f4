"""Run the CSL processor test suite (citation-style-language/test-suite) through syllabib.

    git clone https://github.com/citation-style-language/test-suite /tmp/csl-test-suite
    python tools/csl_suite.py /tmp/csl-test-suite/processor-tests/humans [--show-failures N]

Each fixture gives a style, CSL-JSON input, a mode (citation or bibliography) and the expected
result (citeproc-js's HTML). Results are compared as text (tags stripped, entities decoded,
whitespace collapsed), as tools/compare.py compares with citeproc-js. Fixtures that need a
processor API syllabib does not have (CITATIONS: note numbers and positions across calls) are
counted as failures, not skipped. The suite itself is not committed.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import tempfile
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

_SECTION = re.compile(r">>=+\s*([A-Z-]+)\s*=+>>\n(.*?)\n<<=+\s*\1\s*=+<<", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(?:div|br|p)\b[^>]*>")


def sections(text: str) -> dict[str, str]:
    """The named sections of one fixture."""
    return {m.group(1): m.group(2) for m in _SECTION.finditer(text)}


def normal(text: str) -> str:
    """Text without tags or entities, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub("", _BLOCK.sub(" ", text)))).strip()


def expected_lines(result: str, mode: str) -> list[str]:
    """The expected output, one string per citation or one per bibliography entry."""
    if mode == "bibliography":
        return [normal(m) for m in re.findall(r'<div class="csl-entry">(.*?)</div>\s*(?=<div class="csl-entry"|</div>\s*$)',
                                              result, re.DOTALL)] or [normal(result)]
    return [normal(line) for line in result.splitlines() if line.strip()]


def plain_citeproc_py() -> tuple[object, object]:
    """render_bibliography/render_citations with citeproc-py alone (no syllabib compat layer):
    the baseline. Run it in its own process: importing syllabib's engine installs the layer."""
    import citeproc
    from citeproc.source.json import CiteProcJSON

    def session(items: list[dict], style: str) -> object:
        style_obj = citeproc.CitationStylesStyle(style, validate=False)
        bib = citeproc.CitationStylesBibliography(style_obj, CiteProcJSON(items),
                                                  citeproc.formatter.html)
        for item in items:
            bib.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
        return bib

    class Ref:
        def __init__(self, text: str) -> None:
            self.label, self.text = None, normal(text)

    class Bib:
        def __init__(self, references: list[Ref]) -> None:
            self.references = references

    def bibliography(items: list[dict], style: str) -> Bib:
        bib = session(items, style)
        bib.sort()
        return Bib([Ref(str(text)) for text in bib.bibliography()])

    def citations(items: list[dict], clusters: list[list[str]], style: str) -> list[str]:
        bib = session(items, style)
        out = []
        for keys in clusters:
            citation = citeproc.Citation([citeproc.CitationItem(k) for k in keys])
            bib.register(citation)
            out.append(normal(str(bib.cite(citation, lambda item: None))))
        return out

    return bibliography, citations


def run_fixture(data: dict[str, str], style_path: Path,
                engine: tuple[object, object] | None = None) -> tuple[list[str], list[str]]:
    """(ours, expected) for one fixture; raises for what cannot be run."""
    if engine is None:
        from syllabib.render.engine import render_bibliography, render_citations
    else:
        render_bibliography, render_citations = engine

    mode = data["MODE"].strip()
    items = json.loads(data["INPUT"])
    for n, item in enumerate(items):
        item.setdefault("id", f"item-{n}")
        item["id"] = str(item["id"])
    style_path.write_text(data["CSL"], encoding="utf-8")
    expected = expected_lines(data["RESULT"], mode)
    if "CITATIONS" in data:
        raise NotImplementedError("CITATIONS (note positions across calls)")
    if mode == "bibliography":
        bib = render_bibliography(items, str(style_path))
        ours = [normal(f"{r.label} {r.text}" if r.label else r.text) for r in bib.references]
        return ours, expected
    if mode != "citation":
        raise NotImplementedError(f"mode {mode}")
    clusters = ([[c["id"] if isinstance(c, dict) else c for c in cluster]
                 for cluster in json.loads(data["CITATION-ITEMS"])]
                if "CITATION-ITEMS" in data else [[str(i["id"]) for i in items]])
    clusters = [[str(k) for k in cluster] for cluster in clusters]
    return [normal(t) for t in render_citations(items, clusters, str(style_path))], expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="processor-tests/humans of a test-suite clone")
    parser.add_argument("--show-failures", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", default="*", metavar="GLOB",
                        help="fixtures whose name matches, e.g. 'disambiguate_*'")
    parser.add_argument("--engine", choices=("syllabib", "citeproc-py"), default="syllabib",
                        help="citeproc-py: the plain pinned engine, for the baseline")
    args = parser.parse_args(argv)
    engine = plain_citeproc_py() if args.engine == "citeproc-py" else None
    warnings.simplefilter("ignore")  # citeproc-py warns about CSL 1.0.2 variables it ignores
    outcome: Counter[str] = Counter()
    failures: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(args.folder.glob(f"{args.only}.txt")):
            style_path = Path(tmp) / f"{path.stem}.csl"  # parsed styles are cached by path
            data = sections(path.read_text(encoding="utf-8"))
            if not {"MODE", "RESULT", "CSL", "INPUT"} <= set(data):
                outcome["not a fixture"] += 1
                continue
            try:
                ours, expected = run_fixture(data, style_path, engine)
                passed = ours == expected
                outcome["pass" if passed else "fail"] += 1
                if not passed:
                    failures.append((path.stem, f"ours:     {ours[:3]}\n    expected: {expected[:3]}"))
            except NotImplementedError as error:
                outcome["fail"] += 1
                failures.append((path.stem, f"not supported: {error}"))
            except Exception as error:  # noqa: BLE001 - a crash is a failure of the fixture
                outcome["fail"] += 1
                outcome["crash"] += 1
                failures.append((path.stem, f"crash: {type(error).__name__}: {error}"[:300]))
    total = outcome["pass"] + outcome["fail"]
    share = 100 * outcome["pass"] / total if total else 0.0
    if args.json:
        print(json.dumps({"pass": outcome["pass"], "total": total, "crash": outcome["crash"],
                          "share": round(share, 1)}))
    else:
        print(f"CSL test suite: {outcome['pass']}/{total} passed ({share:.1f} %), "
              f"{outcome['crash']} crashed, {outcome['not a fixture']} files without a fixture")
        for name, detail in failures[: args.show_failures]:
            print(f"  {name}\n    {detail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
