"""CPU time of the default engine in one process: a bibliography, then single-item citations.

    python tools/cpu_bench.py --style apa --style chicago-author-date
    python tools/cpu_bench.py --bib bench/out/format-1000/bib/bench.bib --citations 200

CPU time (time.process_time), not wall time, so that other load on a shared machine counts
less. The default library is bench/out/format-1000 (built by `python bench/format.py`).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def measure(items: list[dict], style: str, citations: int) -> tuple[float, float]:
    """(bibliography seconds, citations seconds) of CPU time for one style."""
    from syllabib.render.engine import render_bibliography, render_citations

    start = time.process_time()
    render_bibliography(items, style)
    middle = time.process_time()
    render_citations(items, [[str(item["id"])] for item in items[:citations]], style)
    return middle - start, time.process_time() - middle


def main(argv: list[str] | None = None) -> int:
    """Print one line per style."""
    from syllabib.csl.mapping import bib_to_csl_items

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bib", type=Path,
                        default=ROOT / "bench" / "out" / "format-1000" / "bib" / "bench.bib")
    parser.add_argument("--style", action="append")
    parser.add_argument("--citations", type=int, default=200)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    items = bib_to_csl_items(args.bib)
    for style in args.style or ["apa", "chicago-author-date"]:
        bib, cit = measure(items, style, args.citations)
        print(f"{style:24} {len(items)} entries: bibliography {bib:.2f} s CPU, "
              f"{args.citations} citations {cit:.2f} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
