"""Concurrent writers on one big library: the full run of tests/test_concurrency.py's stress test.

    python bench/concurrency.py                          # 4 workers × 50 edits, 10,000 entries
    python bench/concurrency.py --workers 4 --edits 8    # what CI runs

Each worker is a process that runs mixed edits (tag a shared entry, set, annotate, unset) through
the services, one locked write each (see tests/stress.py). Afterwards every edit must be present,
the file must have no new diagnostic and every other entry must be byte-identical. Prints the
wall time, edits per second and the latency of one edit as a worker sees it (lock wait included).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent))

from tests import stress  # noqa: E402  (after the path set-up)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--edits", type=int, default=50, help="edits per worker")
    parser.add_argument("--size", type=int, default=10_000, help="entries in the file")
    args = parser.parse_args()
    from syllabib.library import load_library

    root = HERE / "out" / f"stress-{args.size}"
    shutil.rmtree(root, ignore_errors=True)
    started = time.perf_counter()
    keys = stress.build(root / "bib" / "stress.bib", args.size,
                        stress.corpus_entries(HERE.parent / "tests" / "corpora"))
    bib = load_library(root).files[0]  # also warms the parse cache the workers start from
    plans = stress.plan(keys, args.workers, args.edits, bib.parsed)
    print(f"{args.size} entries, {len(bib.text.encode()) / 1e6:.1f} MB, built in "
          f"{time.perf_counter() - started:.1f} s; {args.workers} workers × {args.edits} edits")
    begun = time.perf_counter()
    took = stress.run(root, plans)
    wall = time.perf_counter() - begun
    every = sorted(t for worker in took for t in worker)
    problems = stress.verify(root, bib.text, bib.parsed, plans)
    print(f"{len(every)} edits in {wall:.1f} s ({len(every) / wall:.2f} edits/s); one edit as a "
          f"worker sees it: median {statistics.median(every):.2f} s, p95 "
          f"{every[int(0.95 * (len(every) - 1))]:.2f} s, max {every[-1]:.2f} s")
    if problems:
        print(f"FAILED: {len(problems)} problems", *problems[:20], sep="\n  ")
        raise SystemExit(1)
    print("every edit present, no new diagnostic, every other entry byte-identical")


if __name__ == "__main__":
    main()
