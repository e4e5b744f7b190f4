"""Work shared with forked processes: the result of one process, sooner when cores are free.

Forking is used only where it is safe (Linux and the BSDs, a process with one thread) and only
for the cores other processes leave free. Whatever goes wrong in a child (an error, a crash, no
more processes) only means that its share is computed here.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
from bisect import bisect_left
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import Any, TypeVar

from .cache import gc_paused

MAX_WORKERS = 4
JOBS_VARIABLE = "SYLLABIB_JOBS"  # e.g. 1 on a shared machine
T = TypeVar("T")


def free_cores() -> int:
    """The processes to share work among: $SYLLABIB_JOBS if set, else the cores this process may
    run on that other processes leave free now, at most MAX_WORKERS.

    On a busy machine a child gets no core of its own: it would only add its overhead.
    """
    wanted = os.environ.get(JOBS_VARIABLE, "")
    if wanted.isdigit():
        return max(1, min(MAX_WORKERS, int(wanted)))
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        count = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, count - others_running()))


def others_running(samples: int = 5, interval: float = 0.002) -> int:
    """How many other processes keep running now (Linux; 0 where it cannot be told).

    The fewest seen in `samples` looks `interval` seconds apart: a process that runs for a
    moment (a shell's `rm`, a sampler, one just exiting) must not take a core away from a read
    of several seconds. Not the load average: that would count this command's own last runs.
    """
    import time

    fewest = None
    for i in range(samples):
        try:
            with open("/proc/loadavg", encoding="ascii") as handle:
                running = int(handle.read().split()[3].split("/")[0])
        except (OSError, ValueError, IndexError):
            return 0
        fewest = running if fewest is None else min(fewest, running)
        if fewest <= 1:
            break
        if i + 1 < samples:
            time.sleep(interval)
    return max(0, (fewest or 1) - 1)  # this process is running too


def fork_is_safe() -> bool:
    """True where a forked child may run Python on: Linux and the BSDs (not macOS, not Windows),
    in a process with one thread (another thread may hold a lock the child would wait on)."""
    import multiprocessing
    import threading

    return (sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def map_ranges(compute: Callable[[int, int], list[T]], count: int, workers: int | None = None,
               weights: list[int] | None = None) -> list[T]:
    """`compute(0, count)`, computed as consecutive ranges by this process and forked children.

    `compute(lo, hi)` must return a picklable list for the items lo..hi-1 and have no effect that
    the caller needs (a child's effects stay in the child). With `weights` (one per item), the
    ranges have about the same weight rather than the same number of items.
    """
    workers = min(workers or free_cores(), count)
    if workers < 2 or not fork_is_safe():
        return compute(0, count)
    bounds = _bounds(count, workers, weights or [1] * count)
    ranges = [(lo, hi) for lo, hi in zip(bounds, bounds[1:]) if lo < hi]
    children: list[Forked | None] = []
    for lo, hi in ranges[1:]:
        try:
            children.append(Forked(compute, lo, hi))
        except OSError:  # no more pipes or processes: computed here
            children.append(None)
    for child in children:
        if child is not None:
            child.listen()  # threads only once every child is forked
    results = compute(*ranges[0])
    for child, (lo, hi) in zip(children, ranges[1:]):
        part = child.result() if child is not None else None
        results.extend(part if part is not None else compute(lo, hi))
    return results


def chunked_ranges(compute: Callable[[int, int], list[T]], count: int, step: int,
                   workers: int | None = None, own: float = 0.4) -> Iterator[list[T]]:
    """`compute(lo, hi)` for consecutive chunks of `step` items, in order, each shared out.

    Each chunk is cut among this process (`own` of a share) and fresh forked children, which
    are forked before the previous chunk is handed to the caller: what the caller does with it
    overlaps their work. A child lives for one chunk, so that the pages it copies on writing
    (refcounts, caches) are few at any time. A child that fails leaves its range to this process.
    """
    chunks = [(lo, min(lo + step, count)) for lo in range(0, count, step)]
    workers = min(workers or (free_cores() if count > 1 else 1), max(count, 1))
    if workers < 2 or not fork_is_safe():
        for lo, hi in chunks:
            yield compute(lo, hi)
        return
    started = _start_chunk(compute, *chunks[0], workers, own) if chunks else None
    try:
        for k in range(len(chunks)):
            done = _finish_chunk(compute, started)
            started = None
            if k + 1 < len(chunks):
                started = _start_chunk(compute, *chunks[k + 1], workers, own)
            yield done
    finally:  # the caller stopped early: end the children of the next chunk
        for child, _ in started[1] if started else []:
            if child is not None:
                child.stop()


_Started = tuple[tuple[int, int], list[tuple["Forked | None", tuple[int, int]]]]


def _start_chunk(compute: Callable[[int, int], list[Any]], lo: int, hi: int, workers: int,
                 own: float) -> _Started:
    """Fork the children of the chunk lo..hi; this process keeps the first range."""
    weights = [own] + [1.0] * (workers - 1)
    total = sum(weights)
    bounds = [lo + round((hi - lo) * c / total) for c in accumulate(weights, initial=0)]
    ranges = list(zip(bounds, bounds[1:]))
    children: list[tuple[Forked | None, tuple[int, int]]] = []
    for a, b in ranges[1:]:
        child = None
        if a < b:
            try:
                child = Forked(compute, a, b)
            except OSError:  # no more pipes or processes: computed here
                pass
        children.append((child, (a, b)))
    for child, _ in children:
        if child is not None:
            child.listen()  # threads only once every child is forked
    return ranges[0], children


def _finish_chunk(compute: Callable[[int, int], list[T]], started: _Started | None) -> list[T]:
    """This process's range, then each child's (or computed here if the child failed)."""
    assert started is not None
    (lo, hi), children = started
    results = compute(lo, hi) if lo < hi else []
    for child, (a, b) in children:
        part = child.result() if child is not None else None
        results.extend(part if part is not None else compute(a, b) if a < b else [])
    return results


class Turns:
    """The index of the next piece of work to take, shared by processes forked after it is made."""

    def __init__(self, count: int, shared: bool) -> None:
        self.count = count
        self._next: Any = None
        self._taken = 0
        if shared:
            import multiprocessing

            try:
                self._next = multiprocessing.get_context("fork").Value("q", 0)
            except (OSError, ImportError):  # no shared memory (a container without /dev/shm)
                pass

    @property
    def shared(self) -> bool:
        """True when forked processes may take turns too."""
        return self._next is not None

    def take(self) -> int | None:
        """The next index nobody has taken, or None when all are taken."""
        if self._next is None:
            taken, self._taken = self._taken, self._taken + 1
        else:
            with self._next.get_lock():
                taken = self._next.value
                self._next.value = taken + 1
        return taken if taken < self.count else None


def _bounds(count: int, workers: int, weights: list[int]) -> list[int]:
    """Range bounds: 0, the item nearest to each next 1/workers of the total weight, count."""
    cumulative = list(accumulate(weights, initial=0))
    bounds = [0]
    for k in range(1, workers):
        target = cumulative[-1] * k / workers
        i = bisect_left(cumulative, target)
        if i > 0 and target - cumulative[i - 1] < cumulative[i] - target:
            i -= 1
        if bounds[-1] < i < count:
            bounds.append(i)
        elif bounds[-1] + 1 < count and i <= bounds[-1]:
            bounds.append(bounds[-1] + 1)
    return bounds + [count]


class Forked:
    """A forked child computing `compute(lo, hi)` and sending the list back as one pickle.

    A thread of this process reads the pickle as it comes, so the child never waits on a full pipe.
    """

    def __init__(self, compute: Callable[[int, int], list[Any]], lo: int, hi: int) -> None:
        import multiprocessing
        import threading

        context = multiprocessing.get_context("fork")
        self._conn, writer = context.Pipe(duplex=False)
        self._process: Any = context.Process(target=_compute_and_send, daemon=True,
                                             args=(writer, compute, lo, hi))
        self._process.start()
        writer.close()
        self._data: list[bytes] = []
        self._thread = threading.Thread(target=self._receive, daemon=True)

    def _receive(self) -> None:
        try:
            self._data.append(self._conn.recv_bytes())
        except (EOFError, OSError):  # failed or died: nothing comes
            pass

    def result(self) -> list[Any] | None:
        """The child's list, or None when it failed or died."""
        self._thread.join()
        self._process.join()
        self._conn.close()
        if not self._data:
            return None
        with gc_paused():
            return pickle.loads(self._data[0])

    def listen(self) -> None:
        """Start reading the child's result (call once every child is forked)."""
        self._thread.start()

    def stop(self) -> None:
        """End the child, whose result is not wanted any more."""
        self._process.terminate()
        self._process.join()
        self._conn.close()


def enter_child() -> None:
    """What a forked child does first: no collector, no Ctrl-C, no progress reports."""
    from .progress import mute

    gc.disable()  # a collection would touch, hence copy, every page shared with the parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    mute()  # the parent's listener draws on the parent's terminal


def _compute_and_send(conn: Any, compute: Callable[[int, int], list[Any]], lo: int,
                      hi: int) -> None:
    """In the child: compute the range and send it; on any error send nothing."""
    enter_child()
    try:
        data = pickle.dumps(compute(lo, hi), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a bug met in the child: the parent computes the range itself
        data = None
    if data is not None:
        conn.send_bytes(data)
    conn.close()
