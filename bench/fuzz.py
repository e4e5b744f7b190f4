"""Fuzz the reader for a while: the long run of tests/test_fuzz.py (not a test).

    python bench/fuzz.py --minutes 10            # one process
    python bench/fuzz.py --minutes 10 --seed 7   # another stream of inputs

Inputs are mutated windows of the real files in tests/corpora (bits flipped, special bytes
inserted or replacing others, ranges deleted or duplicated, truncation), BibTeX-shaped token
soup and random bytes, in proportions 8:1:1. Each goes through every reader (tests/fuzzing.py).
A crash is any exception other than a SyllabibError, or a write to the library; each distinct
crash (type and place) is saved under bench/out/fuzz/ and reported with its reproduction command.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent))

from tests.fuzzing import (  # noqa: E402  (after the path set-up)
    CORPUS_FILES, OPS, SPECIAL, Mutation, mutate, read_everything, window,
)

OUT = HERE / "out" / "fuzz"


def random_mutations(rng: random.Random) -> list[Mutation]:
    """One to eight mutations."""
    return [Mutation(rng.choice(OPS), rng.random(), rng.randrange(200), rng.choice(SPECIAL))
            for _ in range(rng.randint(1, 8))]


def next_input(rng: random.Random, corpus: list[bytes]) -> tuple[str, bytes]:
    """A kind label and the input bytes."""
    roll = rng.random()
    if roll < 0.8:
        return "mutated", mutate(window(rng.choice(corpus), rng.random()), random_mutations(rng))
    if roll < 0.9:
        return "tokens", b"".join(rng.choice(SPECIAL) for _ in range(rng.randrange(200)))
    return "bytes", rng.randbytes(rng.randrange(3000))


def signature(exc: BaseException) -> str:
    """Exception type and the innermost syllabib frame: one crash, however often it is hit."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "syllabib" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__} at {where}"


def run(minutes: float, seed: int) -> int:
    """Fuzz for `minutes`; returns the number of distinct crashes."""
    rng = random.Random(seed)
    corpus = [path.read_bytes() for path in CORPUS_FILES]
    crashes: dict[str, Path] = {}
    counts = {"mutated": 0, "tokens": 0, "bytes": 0}
    deadline = time.monotonic() + minutes * 60
    started = time.monotonic()
    while time.monotonic() < deadline:
        kind, data = next_input(rng, corpus)
        counts[kind] += 1
        with tempfile.TemporaryDirectory(prefix="syllabib-fuzz-") as tmp:
            try:
                read_everything(data, Path(tmp))
            except Exception as exc:  # noqa: BLE001 — every escape is what we are looking for
                sig = signature(exc)
                if sig not in crashes:
                    crashes[sig] = save(data, len(crashes))
                    print(f"CRASH {sig}: {exc!r:.160}\n  input: {crashes[sig]}", flush=True)
    elapsed = time.monotonic() - started
    total = sum(counts.values())
    print(f"{total} inputs in {elapsed:.0f} s ({total / elapsed:.0f}/s; "
          + ", ".join(f"{k} {v}" for k, v in counts.items()) + f"), seed {seed}: "
          + (f"{len(crashes)} distinct crashes" if crashes else "no crash"))
    for sig, path in crashes.items():
        print(f"  {sig}: python -c \"import sys; sys.path[:0] = ['src', '.']; "
              f"from tests.test_fuzz import check; check(open('{path}', 'rb').read())\"")
    return len(crashes)


def save(data: bytes, index: int) -> Path:
    """Keep a crashing input."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"crash-{int(time.time())}-{index}.bib"
    path.write_bytes(data)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=None, help="default: from the clock")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    raise SystemExit(1 if run(args.minutes, seed) else 0)


if __name__ == "__main__":
    main()
