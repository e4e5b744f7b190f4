"""Reading a big .bib text in windows, on several processes: the same parse, sooner and smaller.

bibtexparser starts a block at every `@type{` that begins a line, whatever it was reading (an
entry still open there is cut short). So a text is cut into windows just before such lines, each
window is split and scanned alone, and the parts are joined. A window that does not end between
two blocks (an entry open at its end, a block it could not locate) is read again with the next
window, and on a second doubt with the rest of the text: the result is always that of one pass
over the whole text. bibtexparser's objects live for one window at a time, not for the file.

Where `fork` is safe and cores are free (see `workers`), forked children take windows in turn
with this process; a child that fails or dies only means its windows are read here. Many small
files not in the parse cache are shared among processes the same way, file by file.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from typing import Any

from .bibfile import ParsedFile, Part, join, pack, parse_part, unpack
from .cache import gc_paused
from .progress import listening, report
from .workers import Turns, enter_child, fork_is_safe, free_cores, map_ranges

WINDOW = 2_000_000  # characters per window, at most
MIN_WINDOW = 250_000  # a smaller text is not worth cutting finer
PARALLEL_FROM = 3_000_000  # characters; a smaller text is read in this process only
REPORT_FROM = 5_000_000  # characters; a smaller text is read too fast for a progress bar
_CUT = re.compile(r"\n(?=@\w*[ \t]*[{(])")  # a line that bibtexparser reads as a block start

Span = tuple[int, int]


def cuts(text: str, window: int) -> list[int]:
    """Window bounds: 0, the first block start at or after every `window` characters, the end."""
    found = [0]
    while found[-1] + window < len(text):
        m = _CUT.search(text, found[-1] + window - 1)
        if m is None:
            break
        found.append(m.end())
    return found + [len(text)]


def parse_windows(text: str, path: str, window: int | None = None,
                  workers: int | None = None) -> ParsedFile:
    """`bibfile.parse_text` of a big text, read in windows of about `window` characters on
    `workers` processes (default: one per core for a text of PARALLEL_FROM characters or more)."""
    if workers is None:
        workers = free_cores() if len(text) >= PARALLEL_FROM else 1
    if workers > 1 and not fork_is_safe():
        workers = 1
    with gc_paused():
        return _parse_windows(text, path, window or _window(len(text), workers), workers)


def _parse_windows(text: str, path: str, window: int, workers: int) -> ParsedFile:
    """Windows taken in turn by this process and its children, then joined in order."""
    import bibtexparser  # noqa: F401  (imported once here, not again by every child)

    bounds = cuts(text, window)
    spans = list(zip(bounds, bounds[1:]))
    lines = _first_lines(text, bounds)
    tracker = _Tracker(f"reading {path}", len(text))
    queue = Turns(len(spans), shared=workers > 1 and len(spans) > 1)
    children = []
    for _ in range(min(workers, len(spans)) - 1 if queue.shared else 0):
        try:
            children.append(_Child(text, path, spans, lines, queue))
        except OSError:  # no more pipes or processes: fewer children
            break
    for child in children:
        child.listen()  # threads only once every child is forked
    parts: dict[int, Part] = {}
    while (i := queue.take()) is not None:
        start, end = spans[i]
        parts[start] = parse_part(text, path, start, end, lines[start])
        tracker.advance(end - start)
        for child in children:
            parts.update(child.received(tracker))
    for child in children:
        parts.update(child.received(tracker, wait=True))
    return _joined(text, path, spans, parts, lines, tracker)


def _joined(text: str, path: str, spans: list[Span], parts: dict[int, Part],
            lines: dict[int, int], tracker: _Tracker) -> ParsedFile:
    """The parts in order; a window that does not end cleanly is read again, wider."""
    found: list[ParsedFile] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        part = parts.get(start)
        if part is None:  # its child failed
            part = parse_part(text, path, start, end, lines[start])
            tracker.advance(end - start)
        for wider in (spans[min(i + 1, len(spans) - 1)][1], len(text)):
            if part.clean or end == len(text):
                break
            end = wider
            part = parse_part(text, path, start, end, lines[start])
            tracker.advance(end - start)
        found.append(part.parsed)
        while i < len(spans) and spans[i][1] <= end:
            i += 1
    return join(path, found)


def _window(size: int, workers: int) -> int:
    """A window size giving each worker a few windows (progress, memory) but not tiny ones."""
    return max(MIN_WINDOW, min(WINDOW, size // (4 * workers) + 1))


def _first_lines(text: str, bounds: list[int]) -> dict[int, int]:
    """The 1-based line of each window start."""
    lines, line = {}, 1
    for before, start in zip([0, *bounds], bounds):
        line += text.count("\n", before, start)
        lines[start] = line
    return lines


class _Tracker:
    """Reports the characters read so far, for texts big enough to show it."""

    def __init__(self, task: str, total: int) -> None:
        self.task, self.total, self.done = task, total, 0
        self.on = total >= REPORT_FROM and listening()
        if self.on:
            report(task, 0, total)

    def advance(self, count: int) -> None:
        """Count `count` more characters as read."""
        self.done = min(self.total, self.done + count)
        if self.on:
            report(self.task, self.done, self.total)


class _Child:
    """A forked process reading windows from the queue and sending each part as it is read.

    A thread of this process receives the parts as they come (so the child never waits on a full
    pipe); `received` unpacks them. A window taken by a child that failed or died has no part:
    `_joined` reads it here.
    """

    def __init__(self, text: str, path: str, spans: list[Span], lines: dict[int, int],
                 queue: Turns) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._conn, writer = context.Pipe(duplex=False)
        self._spans = dict(spans)
        self._inbox: list[bytes] = []
        self._thread: Any = None
        self._process: Any = context.Process(target=_read_windows, daemon=True,
                                             args=(writer, text, path, spans, lines, queue))
        try:
            self._process.start()
        except OSError:  # no more processes: this one reads every window
            self._process = None
        writer.close()

    def listen(self) -> None:
        """Start receiving the child's parts."""
        import threading

        if self._process is not None:
            self._thread = threading.Thread(target=self._receive, daemon=True)
            self._thread.start()

    def _receive(self) -> None:
        while True:
            try:
                self._inbox.append(self._conn.recv_bytes())
            except (EOFError, OSError):  # done, failed or dead: nothing more comes
                return

    def received(self, tracker: _Tracker, wait: bool = False) -> dict[int, Part]:
        """Window start → part of the windows received so far (all of them with `wait`)."""
        if wait:
            if self._thread is not None:
                self._thread.join()
                self._process.join()
            self._conn.close()
        parts = {}
        while self._inbox:
            with gc_paused():
                start, packed, clean = pickle.loads(self._inbox.pop(0))
                parts[start] = Part(unpack(packed), clean)
            tracker.advance(self._spans[start] - start)
        return parts


def _read_windows(conn: Any, text: str, path: str, spans: list[Span], lines: dict[int, int],
                  queue: Turns) -> None:
    """In the child: read windows from the queue, sending each part; stop at the first error."""
    enter_child()
    try:
        while (i := queue.take()) is not None:
            start, end = spans[i]
            part = parse_part(text, path, start, end, lines[start])
            conn.send_bytes(pickle.dumps((start, pack(part.parsed), part.clean),
                                         protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # a bug met in a window: the parent reads the windows left
        pass
    finally:
        conn.close()


def parse_texts(texts: list[tuple[str, str]],
                parse: Callable[[str, str], ParsedFile]) -> list[ParsedFile]:
    """`parse(text, path)` of each (text, path): a big text on every free core in turn, the small
    ones shared among processes when they add up to a big read."""
    small = [i for i, (text, _) in enumerate(texts) if len(text) < PARALLEL_FROM]
    weights = [len(texts[i][0]) for i in small]
    found: dict[int, ParsedFile] = {}
    if len(small) > 1 and sum(weights) >= PARALLEL_FROM:
        tracker = _Tracker(f"reading {len(small)} files", sum(weights))

        def compute(lo: int, hi: int) -> list[tuple]:
            packed = []
            for i in small[lo:hi]:
                packed.append(pack(parse(*texts[i])))
                tracker.advance(len(texts[i][0]))
            return packed

        with gc_paused():
            done = map_ranges(compute, len(small), weights=weights)
            found = {i: unpack(p) for i, p in zip(small, done)}
        tracker.advance(sum(weights))
    return [found[i] if i in found else parse(text, path) for i, (text, path) in enumerate(texts)]
