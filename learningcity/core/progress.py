"""Progress bars for long CLI work (rich), as a callback the loaders and importers accept."""

from __future__ import annotations

import contextlib
import sys
from typing import Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

console = Console(stderr=False)


@contextlib.contextmanager
def progress_bar(quiet: bool = False) -> Iterator:
    """Yields `update(task, done, total)`; one bar per task name."""
    if quiet:
        yield lambda task, done, total: None
        return
    columns = (TextColumn("{task.description:<16}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False, disable=not sys.stdout.isatty() and False) as bar:
        tasks: dict[str, int] = {}

        def update(task: str, done: int, total: int) -> None:
            if task not in tasks:
                tasks[task] = bar.add_task(task, total=total)
            bar.update(tasks[task], completed=done, total=total)

        yield update
