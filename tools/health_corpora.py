"""Counts of `syllabib check` codes and `duplicates` rules on the test corpora (for false-positive review).

    python tools/health_corpora.py            # a table of counts per corpus
    python tools/health_corpora.py CODE [N]   # N sample diagnostics of CODE from every corpus
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path

from syllabib.library import load_files
from syllabib.services.checking import check_library

TESTS = Path(__file__).resolve().parent.parent / "tests"


def corpora() -> dict[str, list[Path]]:
    """Each corpus: a folder of files read together (iridia, plume) or one file."""
    found: dict[str, list[Path]] = {}
    for base in (TESTS / "corpora", TESTS / "corpora-own"):
        for path in sorted(base.iterdir()):
            if path.is_dir():
                found[f"{base.name}/{path.name}"] = sorted(path.glob("*.bib"))
            elif path.suffix == ".bib":
                found[f"{base.name}/{path.name}"] = [path]
    return found


def main() -> None:
    """Print counts, or samples of one code."""
    code = sys.argv[1] if len(sys.argv) > 1 else None
    sample = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    for name, paths in corpora().items():
        library = load_files(paths, paths[0].parent)
        report = check_library(library)
        if code is None:
            counts = Counter(d.code for d in report.diagnostics)
            print(f"{name}: {len(library.entries)} entries; "
                  + ", ".join(f"{c} {n}" for c, n in sorted(counts.items())))
            continue
        hits = [d for d in report.diagnostics if d.code == code]
        random.Random(0).shuffle(hits)
        for d in hits[:sample]:
            print(f"{name}: {d}\n    hint: {d.hint}")


if __name__ == "__main__":
    main()
