"""Benchmark: whole-process timings of syllabib on 1k/10k/60k-entry libraries built from the corpora.

    python bench/run.py                 # 1k, 10k, 60k
    python bench/run.py --sizes 1000 10000 --repeat 3

Each library is made by replicating the real entries of tests/corpora with unique keys (every
third entry gets a `bench/topic-N` theme). Figures are medians of --repeat runs, and ratios
against peers measured in the same run: `python -c pass` (interpreter start) and bibtexparser 2
alone splitting the same file (what any tool built on it pays without a cache).

"first run" is `list` on a library never seen (its .syllabib/ deleted): read, parse cache and
index written; "first MB" is its peak memory (PSS: pages a forked child shares count once),
summed over its processes (sampled every 20 ms on Linux, in a run of its own as sampling slows
it; elsewhere the largest process). The
load average is printed: on a busy machine the parallel read has no free core to use.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = HERE.parent / "tests" / "corpora"
OUT = HERE / "out"
sys.path.insert(0, str(HERE.parent / "src"))

_KEY = re.compile(r"^(@\w+\s*[{(]\s*)([^,\s]+)")


def real_entries() -> list[str]:
    """Every clean entry of the corpora, as written."""
    from syllabib.bibfile import parse_text

    found = []
    for path in sorted(CORPORA.rglob("*.bib")):
        text = path.read_text(encoding="utf-8")
        for block in parse_text(text, path).entries:
            if block.writable and block.fields:
                found.append(text[block.start:block.end])
    return found


def build(size: int, pool: list[str]) -> Path:
    """A library of `size` entries in one file."""
    root = OUT / f"lib-{size}"
    if (root / "bib" / "bench.bib").exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    (root / "bib").mkdir(parents=True)
    parts = []
    for i in range(size):
        raw = pool[i % len(pool)]
        raw = _KEY.sub(lambda m: f"{m.group(1)}{m.group(2)}-b{i}", raw, count=1)
        if i % 3 == 0:
            head_end = raw.index(",") + 1
            raw = raw[:head_end] + f"\n  keywords = {{bench/topic-{i % 7}}}," + raw[head_end:]
        parts.append(raw)
    (root / "bib" / "bench.bib").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return root


def timed(cmd: list[str], env: dict[str, str], repeat: int, reset=None) -> float:
    """Median wall time of `cmd` over `repeat` runs."""
    times = []
    for _ in range(repeat):
        if reset:
            reset()
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-500:]}")
    return statistics.median(times)


def timed_peak(cmd: list[str], env: dict[str, str], repeat: int, reset) -> tuple[float, float]:
    """Median wall time of `cmd` over `repeat` runs, and its peak memory (MB) in one more run.

    The memory is sampled in a run of its own: reading /proc/PID/smaps_rollup walks the page
    tables under the process's memory lock, which slows a large process down by a third.
    """
    seconds = timed(cmd, env, repeat, reset)
    reset()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_kb(proc.pid))
        time.sleep(0.02)
    _, stderr = proc.communicate()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {stderr.decode()[-500:]}")
    if not peak:  # no /proc: the largest process is what the OS tells
        import resource

        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak / 1024


def tree_rss_kb(pid: int) -> int:
    """Memory of `pid` and its children, in KB (0 where /proc is missing): the proportional set
    size, so that pages a forked child still shares with its parent count once, not twice."""
    total = 0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for each in [pid, *map(int, children)]:
        for name, pattern in (("smaps_rollup", r"^Pss:\s+(\d+)"), ("status", r"^VmRSS:\s+(\d+)")):
            try:
                found = re.search(pattern, Path(f"/proc/{each}/{name}").read_text(), re.M)
            except OSError:
                continue
            if found:
                total += int(found.group(1))
                break
    return total


def run(sizes: list[int], repeat: int) -> None:
    pool = real_entries()
    py = sys.executable
    syl = [py, "-m", "syllabib"]
    print(f"{len(pool)} distinct real entries from tests/corpora; median of {repeat} runs\n")
    header = ("entries", "MB", "python", "bibtexparser", "--help", "list cold", "first run",
              "first MB", "list", "theme query", "show", "tag", "tag cold")
    print(" | ".join(f"{h:>12}" for h in header))
    for size in sizes:
        root = build(size, pool)
        bib = root / "bib" / "bench.bib"
        env = dict(os.environ, SYLLABIB_LIBRARY=str(root), PYTHONPATH=str(HERE.parent / "src"))
        cold = dict(env, SYLLABIB_NO_CACHE="1")
        unindexed = dict(env, SYLLABIB_NO_INDEX="1")  # parse cache and memo, as before the index
        key = f"{_KEY.match(pool[(size // 2) % len(pool)]).group(2)}-b{size // 2}"
        peer_python = timed([py, "-c", "pass"], env, repeat)
        peer_parser = timed([py, "-c", "import sys, bibtexparser; "
                             "bibtexparser.parse_string(open(sys.argv[1]).read(), parse_stack=[])",
                             str(bib)], env, repeat)
        helped = timed(syl + ["--help"], env, repeat)
        list_cold = timed(syl + ["list"], cold, repeat)
        first, first_mb = timed_peak(syl + ["list"], env, repeat,
                                     lambda: shutil.rmtree(root / ".syllabib", ignore_errors=True))
        list_warm = timed(syl + ["list"], env, repeat)
        theme = timed(syl + ["list", "theme:bench/topic-3 year>=1990"], env, repeat)
        show = timed(syl + ["show", key], env, repeat)
        flips = iter(["+bench/flip", "-bench/flip"] * repeat)
        tag = timed_tag(syl, env, key, repeat)
        tag_cold = timed_tag(syl, cold, key, repeat)
        before = {"list": timed(syl + ["list"], unindexed, repeat),
                  "theme query": timed(syl + ["list", "theme:bench/topic-3 year>=1990"],
                                       unindexed, repeat),
                  "show": timed(syl + ["show", key], unindexed, repeat),
                  "tag": timed_tag(syl, unindexed, key, repeat)}
        del flips
        size_mb = bib.stat().st_size / 1e6
        row = [f"{size}", f"{size_mb:.1f}"] + [f"{t:.2f}s" for t in (
            peer_python, peer_parser, helped, list_cold, first)] + [f"{first_mb:.0f}"] + [
            f"{t:.2f}s" for t in (list_warm, theme, show, tag, tag_cold)]
        print(" | ".join(f"{c:>12}" for c in row))
        print(" " * 4 + f"ratios to bibtexparser alone: list {list_warm / peer_parser:.2f}, "
              f"theme query {theme / peer_parser:.2f}, show {show / peer_parser:.2f}, "
              f"tag {tag / peer_parser:.2f}, list cold {list_cold / peer_parser:.2f}, "
              f"first run {first / peer_parser:.2f}; load average {os.getloadavg()[0]:.1f}")
        after = {"list": list_warm, "theme query": theme, "show": show, "tag": tag}
        print(" " * 4 + "without the index (parse cache and memo only), same run: " + ", ".join(
            f"{name} {before[name]:.2f}s (index: x{before[name] / after[name]:.1f} faster)"
            for name in before))


def timed_tag(syl: list[str], env: dict[str, str], key: str, repeat: int) -> float:
    times = []
    for i in range(repeat * 2):
        op = "+bench/flip" if i % 2 == 0 else "-bench/flip"
        start = time.perf_counter()
        proc = subprocess.run(syl + ["tag", key, op], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(proc.stderr.decode())
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 60000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    run(args.sizes, args.repeat)


if __name__ == "__main__":
    main()
