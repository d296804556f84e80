"""Time limits that work wherever the caller is: the main thread, another thread, a notebook.

In the main thread a limit is an alarm (``SIGALRM``): the read runs in this process and
is interrupted where Python code runs. Elsewhere (a thread of a web server, a Dask task)
there is no alarm, so the read runs in a worker process (pebble) that is stopped when
its time is up. Either way the caller gets :class:`~govdisclosure.errors.DocumentTimeout`.

    >>> within(5, sum, [1, 2, 3])
    6
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from .errors import DocumentTimeout

T = TypeVar("T")


def main_thread() -> bool:
    """Whether this is the main thread of a platform with ``SIGALRM`` (no alarm elsewhere)."""
    return hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()


def with_alarm(seconds: float | None, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``function(*args, **kwargs)`` in this process, interrupted after ``seconds``
    (main thread only; without a limit or off the main thread it simply runs).

    Whatever the interrupted code makes of the interruption (pdfminer wraps it in its own
    exception, a reader in a ``CorruptPDFError``, a library's handler passes over it), the
    caller gets ``DocumentTimeout``.
    """
    if seconds is None or not main_thread():
        return function(*args, **kwargs)
    fired = []

    def alarm(signum: int, frame: Any) -> None:
        fired.append(True)
        raise DocumentTimeout(f"the document took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        result = function(*args, **kwargs)
    except Exception as exc:
        if fired and not isinstance(exc, DocumentTimeout):
            raise DocumentTimeout(f"the document took longer than {seconds} s") from exc
        raise
    else:
        if fired:  # the interruption was caught and passed over by a library's own handler
            raise DocumentTimeout(f"the document took longer than {seconds} s")
        return result
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def within(seconds: float | None, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``function(*args, **kwargs)``, stopped after ``seconds`` with ``DocumentTimeout``:
    by an alarm in the main thread, in a worker process that is stopped elsewhere."""
    if seconds is None or main_thread():
        return with_alarm(seconds, function, *args, **kwargs)
    from concurrent.futures import TimeoutError as FutureTimeout

    from pebble import ProcessPool

    with ProcessPool(max_workers=1) as pool:
        future = pool.schedule(function, args=args, kwargs=kwargs, timeout=seconds)
        try:
            return future.result()
        except FutureTimeout:
            raise DocumentTimeout(f"the document took longer than {seconds} s") from None
