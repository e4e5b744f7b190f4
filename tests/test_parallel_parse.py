"""A text read in windows, on one or several processes, parses exactly as in one pass.

`parse_part(text, …, 0, len(text), 1)` is the one-pass reference. Windows are made tiny here so
that every file is cut many times, near every kind of block; the generated texts put what could
fool a cut (an unclosed entry, an `@comment`, free text, an `@` in a value, CRLF, a BOM) next to
the cuts.
"""

from __future__ import annotations

import io
import os
import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from syllabib import parallel
from syllabib.bibfile import WINDOWED_FROM, ParsedFile, parse_part, parse_text
from syllabib.bibtext import decode
from syllabib.progress import reporting
from syllabib.workers import fork_is_safe

from .bibgen import bib_file
from .conftest import CORPUS_FILES, corpus_id

FORK = fork_is_safe()


def one_pass(text: str) -> ParsedFile:
    return parse_part(text, "x.bib", 0, len(text), 1).parsed


def windowed(text: str, window: int, workers: int = 1) -> ParsedFile:
    return parallel.parse_windows(text, "x.bib", window=window, workers=workers)


def child_parts(monkeypatch) -> list[int]:
    """Counts the parts that children send back (one number per `received` call)."""
    counted: list[int] = []
    real = parallel._Child.received

    def received(self, tracker, wait=False):
        parts = real(self, tracker, wait)
        counted.append(len(parts))
        return parts

    monkeypatch.setattr(parallel._Child, "received", received)
    return counted


def corpus_text(path) -> str:
    return decode(path.read_bytes(), "x.bib").text


@pytest.mark.parametrize("path", CORPUS_FILES, ids=corpus_id)
def test_every_corpus_file_parses_alike_in_windows(path) -> None:
    text = corpus_text(path)
    window = max(300, len(text) // 40)
    assert len(parallel.cuts(text, window)) > 3 or len(text) < 4 * window  # really cut
    assert windowed(text, window) == one_pass(text)


@pytest.mark.skipif(not FORK, reason="fork is not safe on this platform: one process reads")
@pytest.mark.parametrize("path", [p for p in CORPUS_FILES if p.stat().st_size > 100_000],
                         ids=corpus_id)
def test_every_big_corpus_file_parses_alike_on_two_processes(path, monkeypatch) -> None:
    text = corpus_text(path)
    counted = child_parts(monkeypatch)
    assert windowed(text, len(text) // 9, workers=2) == one_pass(text)
    assert sum(counted) > 0  # the child did read windows


def test_the_cut_is_only_before_a_line_that_starts_a_block() -> None:
    text = ("@book{a, title = {x @misc{y}}}\n  @misc{indented,}\n% @article{c,}\n"
            "@comment{z}\n@article (p, title = {q})\n")
    starts = parallel.cuts(text, 1)[1:-1]
    assert [text[s:s + 9] for s in starts] == ["@comment{", "@article "]


# Blocks that sit next to a cut: good ones, broken ones and things that look like blocks.
SNIPPETS = [
    "@article{good{n}, title = {T}, year = 2001}",
    "@book{open{n}, title = {never closed,\n  year = 1999",
    "@misc{brace{n}, title = {one {extra}}}}",
    "@misc{nocomma{n} title = {T}}",
    "@incollection{q{n}, title = \"quoted {\"} text\", note = \"a \\\" b\"}",
    "@comment{a comment with @article{fake, inside}",
    "@comment{unclosed comment\n",
    "@string{m{n} = \"macro\"}",
    "@preamble{\"\\newcommand{\\x}{y}\"}",
    "@article(paren{n}, title = {T (with) parens}, year = 2002)",
    "@article(parenopen{n}, title = {T}\n",
    "free text between entries",
    "% a percent comment @misc{notablock,}",
    "@ article{spaced{n}, title = {lost}}",
    "  , stray = {field}",
    "@misc{at{n}, note = {line\n@inproceedings{inside, title = {x}}\n}}",
    "@misc{dup, title = {same key}}",
    "@book{dupfield{n}, title = {A}, title = {B}}",
    "@misc{}",
    "@",
    "}",
    "{",
    "\"",
]


@st.composite
def tricky_text(draw: st.DrawFn) -> str:
    picks = draw(st.lists(st.integers(0, len(SNIPPETS) - 1), min_size=1, max_size=25))
    gaps = draw(st.lists(st.sampled_from(["\n", "\n\n", " ", "\n  ", "\n% note\n", ""]),
                         min_size=len(picks), max_size=len(picks)))
    text = "".join(SNIPPETS[i].replace("{n}", str(n)) + gap
                   for n, (i, gap) in enumerate(zip(picks, gaps)))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text  # a BOM that `decode` did not strip (decoded twice, say)
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tricky_text(), st.integers(1, 120))
def test_tricky_texts_parse_alike_in_windows(text: str, window: int) -> None:
    assert windowed(text, window) == one_pass(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bib_file(min_entries=2, max_entries=8), st.integers(1, 400))
def test_generated_files_parse_alike_in_windows(generated, window: int) -> None:
    text = decode(generated.data, "x.bib").text
    assert windowed(text, window) == one_pass(text)


def test_an_entry_open_across_a_cut_is_read_again_wider(monkeypatch) -> None:
    good = "".join(f"@misc{{k{i}, title = {{T}}}}\n" for i in range(40))
    text = good + "@book{open, title = {never closed\n" + good.replace("k", "j")
    reads = []
    real = parallel.parse_part
    monkeypatch.setattr(parallel, "parse_part", lambda *a: reads.append(a[2:4]) or real(*a))
    assert windowed(text, 200) == one_pass(text)
    cut_open = text.index("@book{open")
    assert any(start < cut_open and end > text.index("@misc{j0") + 1 for start, end in reads)


@pytest.mark.skipif(not FORK, reason="fork is not safe on this platform")
@pytest.mark.parametrize("how", ["raise", "die"])
def test_a_child_that_fails_or_dies_only_means_its_windows_are_read_here(monkeypatch,
                                                                         how: str) -> None:
    text = corpus_text(CORPUS_FILES[0]) * 3
    parent = os.getpid()
    real = parallel.parse_part

    def fail_in_child(*args):
        if os.getpid() != parent:
            if how == "die":
                os._exit(3)
            raise RuntimeError("a bug met in the child")
        return real(*args)

    monkeypatch.setattr(parallel, "parse_part", fail_in_child)
    counted = child_parts(monkeypatch)
    assert windowed(text, len(text) // 6, workers=2) == one_pass(text)
    assert counted and sum(counted) == 0  # a child ran, and sent nothing


def test_parse_text_reads_a_big_text_in_windows(monkeypatch) -> None:
    text = corpus_text(max(CORPUS_FILES, key=lambda p: p.stat().st_size))
    assert len(text) >= WINDOWED_FROM
    calls = []
    real = parallel.parse_windows
    monkeypatch.setattr(parallel, "parse_windows", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert parse_text(text, "x.bib") == one_pass(text)
    assert calls == [1]


@pytest.mark.parametrize("workers", [1, 2] if FORK else [1])
def test_a_big_read_reports_its_progress(monkeypatch, workers: int) -> None:
    text = corpus_text(max(CORPUS_FILES, key=lambda p: p.stat().st_size))
    monkeypatch.setattr(parallel, "REPORT_FROM", 1000)
    heard: list[tuple[str, int, int]] = []
    counted = child_parts(monkeypatch)
    with reporting(lambda task, done, total: heard.append((task, done, total))):
        parallel.parse_windows(text, "bib/x.bib", window=len(text) // 8, workers=workers)
    assert (sum(counted) > 0) == (workers > 1)
    assert {task for task, _, _ in heard} == {"reading bib/x.bib"}
    done = [d for _, d, _ in heard]
    assert done[0] == 0 and done[-1] == len(text) and done == sorted(done)
    assert len(done) >= 8  # every window, the child's too
    assert {total for _, _, total in heard} == {len(text)}


def test_a_small_read_reports_nothing(monkeypatch) -> None:
    text = corpus_text(max(CORPUS_FILES, key=lambda p: p.stat().st_size))
    assert len(text) < parallel.REPORT_FROM
    heard = []
    with reporting(lambda *a: heard.append(a)):
        parallel.parse_windows(text, "bib/x.bib", workers=1)
    assert heard == []


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_cli_draws_a_bar_on_a_terminal_and_clears_it(make_library, monkeypatch) -> None:
    from syllabib.cli import app

    big = max(CORPUS_FILES, key=lambda p: p.stat().st_size)
    root = make_library({"big.bib": big})
    monkeypatch.setattr(parallel, "REPORT_FROM", 1000)
    monkeypatch.setenv("SYLLABIB_NO_CACHE", "1")
    monkeypatch.chdir(root)
    out, err = _Terminal(), _Terminal()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    app(["--library", str(root), "themes"], standalone_mode=False)
    drawn, _, after = err.getvalue().partition("\x1b[?25h")  # the cursor back: the bar is done
    assert "reading bib/big.bib" in drawn and re.search(r"[1-9]\d?%", drawn)  # moving
    assert drawn.endswith("\x1b[2K")  # and taken off the screen, before the command's own output
    assert "reading" not in after and "note:" in after


def test_the_cli_draws_nothing_when_stderr_is_not_a_terminal(make_library, monkeypatch) -> None:
    from typer.testing import CliRunner

    from syllabib.cli import app

    big = max(CORPUS_FILES, key=lambda p: p.stat().st_size)
    root = make_library({"big.bib": big})
    monkeypatch.setattr(parallel, "REPORT_FROM", 1000)
    monkeypatch.setenv("SYLLABIB_NO_CACHE", "1")
    result = CliRunner().invoke(app, ["--library", str(root), "themes"])
    assert result.exit_code == 0, result.output
    assert "reading" not in result.output


def test_no_child_is_forked_while_another_thread_runs(monkeypatch) -> None:
    import threading

    text = corpus_text(CORPUS_FILES[0]) * 3
    counted = child_parts(monkeypatch)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert windowed(text, len(text) // 6, workers=2) == one_pass(text)
    finally:
        release.set()
        other.join()
    assert counted == []  # read here alone: a fork now could inherit a lock held by the thread


# --- many files: the ones not cached are shared among processes -------------------------------

SMALL_FILES = [p for p in CORPUS_FILES if p.stat().st_size < parallel.PARALLEL_FROM]


def forked_results(monkeypatch) -> list[bool]:
    """One entry per child of `map_ranges`: True when it sent its share back."""
    from syllabib import workers

    seen: list[bool] = []
    real = workers.Forked.result

    def result(self):
        found = real(self)
        seen.append(found is not None)
        return found

    monkeypatch.setattr(workers.Forked, "result", result)
    return seen


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_many_files_parse_as_each_alone(monkeypatch, jobs: str) -> None:
    monkeypatch.setenv("SYLLABIB_JOBS", jobs)
    texts = [(corpus_text(p), corpus_id(p)) for p in SMALL_FILES]
    assert sum(len(t) for t, _ in texts) >= parallel.PARALLEL_FROM
    seen = forked_results(monkeypatch)
    found = parallel.parse_texts(texts, parse_text)
    assert found == [parse_text(t, name) for t, name in texts]
    assert seen == ([True] if jobs == "2" and FORK else [])


def test_a_library_of_many_files_loads_alike_on_two_processes(make_library, monkeypatch) -> None:
    from syllabib.library import load_library

    root = make_library({p.name: p for p in SMALL_FILES})
    monkeypatch.chdir(root)

    def loaded(jobs: str):
        monkeypatch.setenv("SYLLABIB_JOBS", jobs)
        library = load_library(root, use_cache=False)
        return ([(f.path, f.parsed) for f in library.files], [e.key for e in library.entries],
                [str(d) for d in library.diagnostics])

    seen = forked_results(monkeypatch)
    assert loaded("2") == loaded("1")
    assert seen == ([True] if FORK else [])


@pytest.mark.skipif(not FORK, reason="fork is not safe on this platform")
def test_only_this_process_reports_progress(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("SYLLABIB_JOBS", "2")
    monkeypatch.setattr(parallel, "REPORT_FROM", 1000)
    heard = tmp_path / "heard"

    def listener(task: str, done: int, total: int) -> None:
        with heard.open("a") as out:  # a file, so that a child's report would show
            out.write(f"{os.getpid()} {task} {done} {total}\n")

    texts = [(corpus_text(p), corpus_id(p)) for p in SMALL_FILES]
    seen = forked_results(monkeypatch)
    with reporting(listener):
        parallel.parse_texts(texts, parse_text)
    lines = [line.split() for line in heard.read_text().splitlines()]
    total = sum(len(t) for t, _ in texts)
    assert seen == [True] and lines
    assert {int(pid) for pid, *_ in lines} == {os.getpid()}
    assert {" ".join(rest[:-2]) for _, *rest in lines} == {f"reading {len(texts)} files"}
    assert int(lines[-1][-2]) == int(lines[-1][-1]) == total
