"""A progress bar on stderr for the long tasks the core reports (reading a big file, first run).

Nothing is drawn, and rich is not even imported, unless stderr is a terminal and the core reports
a task; the bar is gone as soon as every task it shows is done, before any result is printed.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

from ..progress import reporting


class Bar:
    """A `syllabib.progress` listener drawing one rich bar per unfinished task."""

    def __init__(self, console: Any = None) -> None:
        self._console = console
        self._progress: Any = None
        self._tasks: dict[str, Any] = {}

    def __call__(self, task: str, done: int, total: int) -> None:
        progress = self._progress or self._start()
        if task not in self._tasks:
            self._tasks[task] = progress.add_task(task, total=total)
        progress.update(self._tasks[task], completed=done, total=total)
        if done >= total:
            progress.remove_task(self._tasks.pop(task))
            if not self._tasks:
                self.close()
                return
        progress.refresh()

    def _start(self) -> Any:
        from rich.console import Console
        from rich.progress import (
            BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn,
        )
        from rich.table import Column

        label = Column(max_width=48, no_wrap=True, overflow="ellipsis")
        self._progress = Progress(TextColumn("{task.description}", table_column=label), BarColumn(),
                                  TaskProgressColumn(), TimeElapsedColumn(),
                                  console=self._console or Console(stderr=True),
                                  transient=True, auto_refresh=False)  # no thread: the core forks
        self._progress.start()
        return self._progress

    def close(self) -> None:
        """Take the bar off the screen."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
            self._tasks.clear()


@contextlib.contextmanager
def bar_on_terminal() -> Iterator[None]:
    """While the block runs, show the core's progress reports as a bar if stderr is a terminal."""
    if not sys.stderr.isatty():
        yield
        return
    bar = Bar()
    try:
        with reporting(bar):
            yield
    finally:
        bar.close()
