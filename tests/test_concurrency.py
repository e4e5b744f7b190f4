"""Concurrent writers all land; a writer killed mid-write leaves the old or the new file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from syllabib.errors import StorageError
from syllabib.library import load_library
from syllabib.writer import writing

ENTRY = "@article{{e{n},\n  title = {{Entry {n}}},\n  year = {{2000}},\n}}\n"


def entries(count: int) -> str:
    return "\n".join(ENTRY.format(n=n) for n in range(count))


def syllabib(root: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, SYLLABIB_LIBRARY=str(root))
    return subprocess.Popen([sys.executable, "-m", "syllabib", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_twenty_concurrent_tag_processes_all_land(make_library) -> None:
    root = make_library({"x.bib": entries(20)})
    procs = [syllabib(root, "tag", f"e{n}", f"+theme-{n}") for n in range(20)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    library = load_library(root, use_cache=False)
    assert library.diagnostics == []
    for n in range(20):
        assert library.get(f"e{n}").themes == (f"theme-{n}",)


def test_sigkill_mid_write_leaves_old_or_new_file(make_library) -> None:
    root = make_library({"x.bib": entries(3000)})  # big enough that a write takes a while
    path = root / "bib" / "x.bib"
    without = path.read_bytes()
    with writing(root) as writer:
        writer.set_field("e1500", "keywords", "flip")
    with_tag = path.read_bytes()
    path.write_bytes(without)
    loop = ("import sys\nfrom pathlib import Path\nfrom syllabib.writer import writing\n"
            "root = Path(sys.argv[1])\nwhile True:\n"
            "    for op in ('+flip', '-flip'):\n"
            "        with writing(root) as w:\n"
            "            (w.set_field('e1500', 'keywords', 'flip') if op == '+flip'"
            " else w.delete_field('e1500', 'keywords'))\n")
    for delay in (0.35, 0.5, 0.65, 0.8, 0.95, 1.1):
        proc = subprocess.Popen([sys.executable, "-c", loop, str(root)])
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert path.read_bytes() in (without, with_tag)
    with writing(root) as writer:  # the next writer cleans up what the killed one left
        writer.set_field("e0", "note", "after")
    assert not list(path.parent.glob(".syllabib-*"))


def test_failed_rename_changes_nothing(make_library, monkeypatch) -> None:
    root = make_library({"x.bib": entries(3)})
    path = root / "bib" / "x.bib"
    before = path.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(StorageError, match="No space left"):
        with writing(root) as writer:
            writer.set_field("e1", "note", "x")
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".syllabib-*"))


def test_read_only_file_is_refused(make_library) -> None:
    root = make_library({"x.bib": entries(3)})
    path = root / "bib" / "x.bib"
    path.chmod(0o444)
    with pytest.raises(StorageError, match="read-only"):
        with writing(root) as writer:
            writer.set_field("e1", "note", "x")
    assert "note" not in path.read_text()


def test_file_changed_behind_our_back_is_not_overwritten(make_library, monkeypatch) -> None:
    from syllabib import writer as writer_module

    root = make_library({"x.bib": entries(3)})
    path = root / "bib" / "x.bib"
    real_commit = writer_module.commit_edits

    def edit_meanwhile(*args, **kwargs):
        result = real_commit(*args, **kwargs)
        path.write_text(path.read_text() + "% edited by someone else\n")
        return result

    monkeypatch.setattr(writer_module, "commit_edits", edit_meanwhile)
    from syllabib.errors import ConflictError

    with pytest.raises(ConflictError, match="changed on disk"):
        with writing(root) as writer:
            writer.set_field("e1", "note", "x")
    assert path.read_text().endswith("% edited by someone else\n")
    assert "note" not in path.read_text()


# --- many writers, many edits, one big file (tests/stress.py; full run: bench/concurrency.py) ---

CI_EDITS = 4  # per worker (each does all four kinds): ~12-25 s on 2 cores; the bench runs 4 × 50


def test_four_processes_of_mixed_edits_on_a_10k_entry_file(make_library) -> None:
    from .conftest import CORPORA
    from .stress import KINDS, build, corpus_entries, plan, run, verify

    root = make_library({})
    keys = build(root / "bib" / "stress.bib", 10_000, corpus_entries(CORPORA))
    bib = load_library(root).files[0]  # warms the parse cache the workers start from
    assert len(bib.parsed.entries) == 10_000 and bib.parsed.diagnostics() == []
    plans = plan(keys, 4, CI_EDITS, bib.parsed)
    assert {e.kind for todo in plans for e in todo} == set(KINDS)
    took = run(root, plans, timeout=180)
    assert sorted(map(len, took)) == [CI_EDITS] * 4
    assert verify(root, bib.text, bib.parsed, plans) == []


def test_the_stress_check_sees_a_lost_edit_and_a_stray_change(make_library) -> None:
    from .conftest import CORPORA
    from .stress import apply, build, corpus_entries, plan, verify

    root = make_library({})
    keys = build(root / "bib" / "stress.bib", 200, corpus_entries(CORPORA, 70_000))
    bib = load_library(root).files[0]
    plans = plan(keys, 2, 4, bib.parsed)
    edits = [e for todo in plans for e in todo]
    for edit in edits[1:]:  # the first edit is "lost"
        apply(root, edit)
    untouched = next(k for k in keys if k not in {e.key for e in edits})
    with writing(root) as writer:
        writer.set_field(untouched, "note", "nobody asked for this")
    problems = verify(root, bib.text, bib.parsed, plans)
    assert problems == [f"{untouched} changed but nobody edited it",
                        f"lost: worker 0 edit 0 ({edits[0].kind} {edits[0].key})"]
