"""Benchmark: formatting N entries as whole processes, first render and cached, against citeproc-js.

    python bench/format.py                      # 1,000 entries; apa and ieee
    python bench/format.py --size 300 --style apa --style chicago-author-date

The library is the first N clean entries of bench/out/lib-10000 (built by bench/run.py) or, if
that does not exist, of the corpora. Figures: `syllabib format` cold (render cache empty), warm
(cached), and citeproc-js (node, via tools/citeproc_js) rendering the same CSL-JSON in the same
run, as a ratio (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent / "tools"))


def build(size: int) -> Path:
    """A library of the first `size` clean entries of the corpora, replicated with unique keys."""
    from run import build as build_lib, real_entries  # bench/run.py

    source = build_lib(max(size, 1000), real_entries())
    root = HERE / "out" / f"format-{size}"
    shutil.rmtree(root, ignore_errors=True)
    (root / "bib").mkdir(parents=True)
    text = (source / "bib" / "bench.bib").read_text(encoding="utf-8")
    parts = text.split("\n\n@")
    (root / "bib" / "bench.bib").write_text("\n\n@".join(parts[:size]) + "\n", encoding="utf-8")
    return root


def timed(args: list[str], cwd: Path) -> float:
    """Wall time of one process."""
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def citeproc_js_time(root: Path, style: str) -> float:
    """citeproc-js rendering the same CSL-JSON (bibliography + one citation per item)."""
    from citeproc_js import resolve_style, run_citeproc_js
    from syllabib.csl.mapping import bib_to_csl_items

    items = bib_to_csl_items(root / "bib" / "bench.bib")
    start = time.perf_counter()
    run_citeproc_js(resolve_style(style), "en-US", items, [])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--style", action="append")
    args = parser.parse_args()
    root = build(args.size)
    exe = [sys.executable, "-m", "syllabib"]
    print(f"{args.size} entries; whole processes, seconds")
    print(f"{'style':>22} | {'first render':>12} | {'cached':>8} | {'citeproc-js':>11} | ratio first/js")
    for style in args.style or ["apa", "ieee"]:
        shutil.rmtree(root / ".syllabib" / "cache" / "render", ignore_errors=True)
        cold = timed(exe + ["format", "--style", style], root)
        warm = timed(exe + ["format", "--style", style], root)
        try:
            js = citeproc_js_time(root, style)
        except Exception as error:  # no node: report ours alone
            print(f"  (citeproc-js unavailable: {error})")
            js = float("nan")
        print(f"{style:>22} | {cold:12.2f} | {warm:8.2f} | {js:11.2f} | {cold / js:.2f}")


if __name__ == "__main__":
    main()
