"""How far a long task is, told to whoever listens: the CLI draws a bar, the core never does.

The core calls `report`; a caller that wants to hear installs a listener with `reporting` for
the duration of a command. With no listener, `report` does nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Protocol


class Progress(Protocol):
    """Hears that `done` of `total` units of `task` (e.g. "reading bib/a.bib") are done."""

    def __call__(self, task: str, done: int, total: int) -> None: ...


_LISTENER: ContextVar[Progress | None] = ContextVar("syllabib_progress", default=None)


@contextlib.contextmanager
def reporting(listener: Progress) -> Iterator[None]:
    """Send the progress of the tasks run inside the block to `listener`."""
    token = _LISTENER.set(listener)
    try:
        yield
    finally:
        _LISTENER.reset(token)


def report(task: str, done: int, total: int) -> None:
    """Tell the listener, if any, that `done` of `total` units of `task` are done."""
    listener = _LISTENER.get()
    if listener is not None:
        listener(task, done, total)


def listening() -> bool:
    """True when someone hears `report` (so that a caller may skip measuring for no one)."""
    return _LISTENER.get() is not None


def mute() -> None:
    """Stop reporting in this context for good (a forked child must not draw its parent's bar)."""
    _LISTENER.set(None)
