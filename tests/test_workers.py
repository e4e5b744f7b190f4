"""Work shared with forked children gives what one process gives, whatever the children do."""

from __future__ import annotations

import os

import pytest

from syllabib import workers
from syllabib.workers import chunked_ranges, fork_is_safe, map_ranges

FORK = fork_is_safe()


def squares(lo: int, hi: int) -> list[tuple[int, int, int]]:
    return [(i, i * i, os.getpid()) for i in range(lo, hi)]


def failing_in_children(how: str, from_item: int = 0):
    """`squares`, except in a forked child from item `from_item` on: it raises, dies or returns
    what cannot be pickled."""
    parent = os.getpid()

    def compute(lo: int, hi: int) -> list:
        if os.getpid() != parent and lo >= from_item:
            if how == "raise":
                raise RuntimeError("a bug in the child")
            if how == "die":
                os._exit(3)
            return [lambda: None]  # cannot be pickled
        return squares(lo, hi)

    return compute


@pytest.mark.parametrize("count", [0, 1, 2, 7, 1000])
@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_ranges_come_back_complete_and_in_order(count: int, jobs: int) -> None:
    found = map_ranges(squares, count, workers=jobs)
    assert [(i, sq) for i, sq, _ in found] == [(i, i * i) for i in range(count)]


@pytest.mark.skipif(not FORK, reason="fork is not safe on this platform")
def test_a_child_computes_its_range() -> None:
    found = map_ranges(squares, 100, workers=2)
    pids = {pid for _, _, pid in found}
    assert os.getpid() in pids and len(pids) == 2
    assert {pid for i, _, pid in found if i >= 50} != {os.getpid()}


@pytest.mark.skipif(not FORK, reason="fork is not safe on this platform")
@pytest.mark.parametrize("how", ["raise", "die", "unpicklable"])
def test_a_child_that_fails_leaves_its_range_to_this_process(how: str) -> None:
    found = map_ranges(failing_in_children(how), 10, workers=2)
    assert [(i, sq, pid) for i, sq, pid in found] == [(i, i * i, os.getpid()) for i in range(10)]


def test_no_fork_on_a_busy_machine(monkeypatch) -> None:
    monkeypatch.delenv("SYLLABIB_JOBS", raising=False)
    monkeypatch.setattr(workers, "others_running", lambda: 64)
    assert workers.free_cores() == 1
    found = map_ranges(squares, 10)
    assert {pid for _, _, pid in found} == {os.getpid()}


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("3", 3), ("99", workers.MAX_WORKERS)])
def test_syllabib_jobs_sets_the_number_of_processes(monkeypatch, value: str, expected: int) -> None:
    monkeypatch.setattr(workers, "others_running", lambda: 64)
    monkeypatch.setenv("SYLLABIB_JOBS", value)
    assert workers.free_cores() == expected


@pytest.mark.parametrize(("weights", "workers_", "bounds"), [
    ([1] * 10, 2, [0, 5, 10]),
    ([100, 1, 1, 1, 1], 2, [0, 1, 5]),
    ([1, 1, 1, 1, 100], 2, [0, 4, 5]),
    ([5, 5, 5, 5, 5, 5], 3, [0, 2, 4, 6]),
    ([0, 0, 0], 2, [0, 1, 3]),
])
def test_weighted_ranges_have_about_the_same_weight(weights, workers_, bounds) -> None:
    assert workers._bounds(len(weights), workers_, weights) == bounds


@pytest.mark.parametrize("count", [0, 1, 7, 1000])
@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_chunked_ranges_come_back_complete_and_in_order(count: int, jobs: int) -> None:
    chunks = list(chunked_ranges(squares, count, 64, workers=jobs))
    assert [len(c) for c in chunks] == [min(64, count - lo) for lo in range(0, count, 64)]
    found = [item for chunk in chunks for item in chunk]
    assert [(i, sq) for i, sq, _ in found] == [(i, i * i) for i in range(count)]


@pytest.mark.skipif(not FORK, reason="fork is not safe on this platform")
def test_the_next_chunk_is_computed_while_the_caller_works_on_one() -> None:
    import time

    def stamped(lo: int, hi: int) -> list[tuple[int, float, int]]:
        return [(i, time.monotonic(), os.getpid()) for i in range(lo, hi)]

    handed, by_children = [], []
    for chunk in chunked_ranges(stamped, 40, 10, workers=2):
        handed.append(time.monotonic())
        by_children.append(max(t for _, t, pid in chunk if pid != os.getpid()))
        assert any(pid == os.getpid() for _, _, pid in chunk)  # this process took its share
        time.sleep(0.2)  # the caller's own work on a chunk
    assert len(handed) == 4
    for k in range(1, 4):  # chunk k's children were done before the caller was with chunk k - 1
        assert by_children[k] < handed[k - 1] + 0.2


@pytest.mark.skipif(not FORK, reason="fork is not safe on this platform")
@pytest.mark.parametrize("how", ["raise", "die", "unpicklable"])
def test_chunks_a_failed_child_took_are_computed_here(how: str) -> None:
    compute = failing_in_children(how, from_item=20)
    found = [item for chunk in chunked_ranges(compute, 50, 10, workers=2) for item in chunk]
    assert [(i, sq) for i, sq, _ in found] == [(i, i * i) for i in range(50)]


def test_a_process_running_for_a_moment_does_not_take_a_core(monkeypatch) -> None:
    import io

    counts = iter([3, 3, 1, 3, 3])  # runnable processes in /proc/loadavg, this one included

    def loadavg(path: str, encoding: str) -> io.StringIO:
        assert path == "/proc/loadavg"
        return io.StringIO(f"0.50 0.40 0.30 {next(counts)}/120 4242\n")

    monkeypatch.setattr(workers, "open", loadavg, raising=False)
    assert workers.others_running(interval=0) == 0


def test_processes_that_keep_running_are_counted(monkeypatch) -> None:
    import io

    monkeypatch.setattr(workers, "open", lambda path, encoding: io.StringIO("1 1 1 3/99 7\n"),
                        raising=False)
    assert workers.others_running(interval=0) == 2


@pytest.mark.skipif(not FORK, reason="fork is not safe on this platform")
def test_a_caller_that_stops_early_leaves_no_child_running() -> None:
    import multiprocessing

    parent = os.getpid()

    def compute(lo: int, hi: int) -> list[tuple[int, int, int]]:
        if os.getpid() != parent and lo >= 100:  # the second chunk's child would take long
            import time

            time.sleep(30)
        return squares(lo, hi)

    found = chunked_ranges(compute, 10_000, 100, workers=2)
    assert len(next(found)) == 100
    assert multiprocessing.active_children()  # the next chunk's child, forked ahead
    found.close()
    assert not multiprocessing.active_children()
