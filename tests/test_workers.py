"""Work shared with forked children gives what one process gives, whatever the children do."""

from __future__ import annotations

import os

import pytest

from syllabib import workers
from syllabib.workers import fork_is_safe, map_ranges, stream_ranges

FORK = fork_is_safe()


def squares(lo: int, hi: int) -> list[tuple[int, int, int]]:
    return [(i, i * i, os.getpid()) for i in range(lo, hi)]


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
    parent = os.getpid()

    def compute(lo: int, hi: int) -> list:
        if os.getpid() != parent:
            if how == "raise":
                raise RuntimeError("a bug in the child")
            if how == "die":
                os._exit(3)
            return [lambda: None]  # cannot be pickled
        return squares(lo, hi)

    found = map_ranges(compute, 10, workers=2)
    assert [(i, sq, pid) for i, sq, pid in found] == [(i, i * i, parent) for i in range(10)]


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


def streamed(found) -> list[tuple[int, int, int]]:
    """The items of `stream_ranges`, in order, checking each range starts where it says."""
    items = []
    for lo, part in found:
        assert part and part[0][0] == lo
        items.extend(part)
    return sorted(items)


@pytest.mark.parametrize("count", [0, 1, 7, 1000])
@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_streamed_ranges_come_back_complete(count: int, jobs: int) -> None:
    found = streamed(stream_ranges(squares, count, 64, workers=jobs))
    assert [(i, sq) for i, sq, _ in found] == [(i, i * i) for i in range(count)]


@pytest.mark.skipif(not FORK, reason="fork is not safe on this platform")
def test_streamed_ranges_are_taken_in_turn_while_the_caller_works() -> None:
    import time

    def slow(lo: int, hi: int) -> list[tuple[int, int, int]]:
        time.sleep(0.01)
        return squares(lo, hi)

    pids = []
    for _, part in stream_ranges(slow, 40, 4, workers=2):
        pids.append(part[0][2])
        time.sleep(0.02)  # the caller's own work on a range: the child goes on meanwhile
    assert os.getpid() in pids and len(set(pids)) == 2
    assert pids.count(os.getpid()) < len(pids) / 2  # the child did more: it had no other work


@pytest.mark.skipif(not FORK, reason="fork is not safe on this platform")
@pytest.mark.parametrize("how", ["raise", "die", "unpicklable"])
def test_ranges_a_failed_child_took_are_computed_here(how: str) -> None:
    parent = os.getpid()

    def compute(lo: int, hi: int) -> list:
        if os.getpid() != parent and lo >= 20:
            if how == "raise":
                raise RuntimeError("a bug in the child")
            if how == "die":
                os._exit(3)
            return [lambda: None]  # cannot be pickled
        return squares(lo, hi)

    found = streamed(stream_ranges(compute, 50, 5, workers=2))
    assert [(i, sq) for i, sq, _ in found] == [(i, i * i) for i in range(50)]


@pytest.mark.skipif(not FORK, reason="fork is not safe on this platform")
def test_a_caller_that_stops_early_leaves_no_child_running() -> None:
    import multiprocessing

    found = stream_ranges(squares, 10_000, 10, workers=2)
    next(found)
    found.close()
    assert not multiprocessing.active_children()
