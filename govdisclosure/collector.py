"""Pausing Python's cyclic garbage collector while a report is aligned.

Reading a report allocates a few thousand small objects (cells, placed values, row
readings) and frees them by reference counting: the text path and alignment make no
reference cycles (``tests/test_collector.py`` holds them to that). The cyclic
collector still runs every few hundred allocations and, now and then, walks every
object the process holds (in a notebook: every DataFrame's objects too), which cost a
text read about a tenth of its time for nothing. Like Mercurial's ``nogc``, reads
pause it and restore it afterwards; garbage made meanwhile is collected at the next
run after.

    >>> import gc
    >>> with paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_lock = threading.Lock()
_depth = 0
_restore = False


@contextmanager
def paused() -> Iterator[None]:
    """Disable the cyclic garbage collector for the block, then restore its state.

    Nested and concurrent uses (threads) share one pause: the collector is restored
    when the last of them ends, and only if it was enabled when the first began.
    """
    global _depth, _restore
    with _lock:
        if _depth == 0:
            _restore = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _restore:
                gc.enable()


def pausing(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorator: ``fn`` runs with the collector :func:`paused`."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return fn(*args, **kwargs)

    return wrapper
