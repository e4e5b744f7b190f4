"""Concurrent mixed edits on one big library: the plan, the workers and the checks.

Shared by tests/test_concurrency.py (a few edits per worker) and bench/concurrency.py (4 × 50).
The library is one file of real entries from tests/corpora, replicated under unique keys. Each
worker runs its own list of edits through the services, each edit one locked write:

* tag    — a shared entry (every worker tags the same ones) gets the worker's own theme,
           so a lost update between workers shows as a missing theme;
* set    — one of the worker's own entries gets `note = {…}`;
* annotate — one of its own entries gets an annotation;
* unset  — one of its own entries loses a field it had.

Afterwards every edit must be in the file, the file must read with no diagnostic it did not have
before, and every entry nobody edited must be byte-identical to the start.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from syllabib.bibfile import ParsedFile
    from syllabib.library import Library

_KEY = re.compile(r"^(@\w+\s*[{(]\s*)([^,\s]+)")
KINDS = ("tag", "set", "annotate", "unset")
_SKIP = {"keywords", "annotation", "annote", "note", "crossref"}  # edited, or links entries


@dataclass(frozen=True)
class Edit:
    """One edit of the plan."""

    worker: int
    number: int
    kind: str
    key: str
    name: str  # the field it changes
    value: str  # the theme, the note, the annotation; '' for unset


def corpus_entries(corpora: Path, max_file_bytes: int = 1_100_000) -> list[str]:
    """Every clean entry (with a field it may lose) of the corpus files up to a size, as written."""
    from syllabib.bibfile import parse_text

    found = []
    for path in sorted(corpora.rglob("*.bib")):
        if path.stat().st_size > max_file_bytes:
            continue
        text = path.read_text(encoding="utf-8")
        for block in parse_text(text, path).entries:
            names = {f.name.lower() for f in block.fields}
            if block.writable and names - _SKIP and not names & {"crossref", "annote"}:
                found.append(text[block.start:block.end])
    return found


def build(path: Path, size: int, pool: list[str]) -> list[str]:
    """Write one file of `size` entries from `pool` with unique keys; returns the keys."""
    parts, keys = [], []
    for i in range(size):
        raw = pool[i % len(pool)]
        key = f"{_KEY.match(raw).group(2)}-c{i}"
        parts.append(_KEY.sub(lambda m: m.group(1) + key, raw, count=1))
        keys.append(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return keys


def plan(keys: list[str], workers: int, edits: int, parsed: ParsedFile) -> list[list[Edit]]:
    """Each worker's edits: shared entries for tags, entries of its own for the rest."""
    blocks = {b.key: b for b in parsed.entries}
    step = max(1, len(keys) // ((workers + 1) * edits + 1))
    spread = keys[::step]
    shared, own = spread[:edits], spread[edits:]
    plans = []
    for w in range(workers):
        mine = own[w::workers]
        todo = []
        for n in range(edits):
            kind = KINDS[(n + w) % len(KINDS)]
            if kind == "tag":
                todo.append(Edit(w, n, kind, shared[n], "keywords", f"stress/worker-{w}"))
                continue
            key = mine[n]
            if kind == "set":
                todo.append(Edit(w, n, kind, key, "note", f"Worker {w}, edit {n}"))
            elif kind == "annotate":
                todo.append(Edit(w, n, kind, key, "annotation", f"Read by worker {w} ({n})."))
            else:
                name = next(f.name for f in blocks[key].fields if f.name.lower() not in _SKIP)
                todo.append(Edit(w, n, kind, key, name.lower(), ""))
        plans.append(todo)
    return plans


def apply(root: Path, edit: Edit) -> None:
    """Run one edit through the services (one locked write each)."""
    from syllabib.services.editing import annotate, set_fields, tag, unset_fields

    if edit.kind == "tag":
        tag(root, [edit.key], [edit.value], [])
    elif edit.kind == "set":
        set_fields(root, edit.key, [f"note={edit.value}"])
    elif edit.kind == "annotate":
        annotate(root, edit.key, edit.value)
    else:
        unset_fields(root, edit.key, [edit.name])


def _worker(root: str, edits: list[Edit], ready, results) -> None:
    """A worker process: load (imports, warm cache), wait for the others, run its edits."""
    from syllabib.library import load_library

    try:
        load_library(Path(root))
        ready.wait(timeout=300)
        took = []
        for edit in edits:
            begun = time.perf_counter()
            apply(Path(root), edit)
            took.append(time.perf_counter() - begun)
        results.put((edits[0].worker if edits else -1, took))
    except BaseException:  # noqa: BLE001 — reported by the parent
        import traceback

        results.put((-1, traceback.format_exc()))


def run(root: Path, plans: list[list[Edit]], timeout: float = 600) -> list[list[float]]:
    """Every worker in its own process, started together; each edit's seconds, per worker."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    ready, results = context.Barrier(len(plans)), context.Queue()
    procs = [context.Process(target=_worker, args=(str(root), todo, ready, results))
             for todo in plans]
    for proc in procs:
        proc.start()
    try:
        done = [results.get(timeout=timeout) for _ in procs]
    finally:
        for proc in procs:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()
    failed = [took for worker, took in done if worker < 0]
    if failed:
        raise RuntimeError("a worker failed:\n" + failed[0])
    return [took for _, took in sorted(done)]


def verify(root: Path, before: str, old: ParsedFile, plans: list[list[Edit]]) -> list[str]:
    """Everything that is wrong after the run (empty when all is well)."""
    from syllabib.library import load_library

    problems: list[str] = []
    library = load_library(root, use_cache=False)
    after, new = library.files[0].text, library.files[0].parsed
    old_diags = sorted((d.code, d.message) for d in old.diagnostics())
    new_diags = sorted((d.code, d.message) for d in new.diagnostics())
    if new_diags != old_diags:
        problems.append(f"diagnostics changed: {set(new_diags) ^ set(old_diags)}")
    edited = {e.key for todo in plans for e in todo}
    old_raw = {b.key: before[b.start:b.end] for b in old.entries}
    new_raw = {b.key: after[b.start:b.end] for b in new.entries}
    if list(old_raw) != list(new_raw):
        problems.append("entries are missing, added or reordered")
    problems += [f"{key} changed but nobody edited it" for key in old_raw
                 if key not in edited and new_raw.get(key) != old_raw[key]]
    problems += _gaps(before, old, after, new)
    for edit in (e for todo in plans for e in todo):
        problems += _landed(library, edit)
    return problems


def _gaps(before: str, old: ParsedFile, after: str, new: ParsedFile) -> list[str]:
    """The text between entries (and before the first, after the last) is unchanged."""
    def gaps(text: str, parsed: ParsedFile) -> list[str]:
        bounds = [0] + [x for b in parsed.entries for x in (b.start, b.end)] + [len(text)]
        return [text[bounds[i]:bounds[i + 1]] for i in range(0, len(bounds), 2)]
    return [] if gaps(before, old) == gaps(after, new) else ["text between entries changed"]


def _landed(library: Library, edit: Edit) -> list[str]:
    """A message if `edit` is not in the library."""
    entry = library.get(edit.key)
    fields = entry.fields
    ok = {"tag": edit.value in entry.themes,
          "set": fields.get("note") == edit.value,
          "annotate": fields.get("annotation") == edit.value,
          "unset": edit.name not in fields}[edit.kind]
    return [] if ok else [f"lost: worker {edit.worker} edit {edit.number} ({edit.kind} {edit.key})"]
