"""Limits: the bounds every reader keeps (:class:`Limits`), and time limits that work
wherever the caller is: the main thread, another thread, a notebook.

The bounds are those of a report's plausible size, so that a hostile or broken input is
answered at once with a finding or a typed error; ``gd.read(source, limits=Limits(...))``
changes them for one read (as pdfplumber takes its table settings).

    >>> import govdisclosure as gd
    >>> from govdisclosure.testing import example_text
    >>> gd.read(example_text(), limits=Limits(max_bytes=100))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    govdisclosure.errors.SourceTooLargeError: the text is ... characters, above the limit of 100 (Limits.max_bytes)

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import DocumentTimeout

T = TypeVar("T")

_MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The bounds of one read; past each, the reader stops at once with a typed error or
    leaves the part unread with a finding (see ``docs/corpus.md``).

    ``max_bytes``: a source file (``SourceTooLargeError``). ``max_html_bytes``: a web page.
    ``max_pages``: a PDF's pages. ``max_word_part_bytes``: what one part of a Word file may
    inflate to (a zip bomb). ``max_page_content_bytes`` and ``max_page_path_segments``: a
    PDF page's inflated content and the path segments it draws (past them the page is not
    read). ``max_table_rows`` and ``max_table_positions``: an HTML table's rows and the grid
    positions its merged cells cover. ``max_line_chars``: a text line (longer ones are
    skipped). ``max_section_lines``: a text table's section (read only this far).
    ``max_cell_digits``: the digits of one count in a run-together row (a longer run is
    left unread, without search).
    """

    max_bytes: int = 200 * _MIB
    max_html_bytes: int = 30 * _MIB
    max_pages: int = 200
    max_word_part_bytes: int = 64 * _MIB
    max_page_content_bytes: int = 32 * _MIB
    max_page_path_segments: int = 20_000
    max_table_rows: int = 1000
    max_table_positions: int = 100_000
    max_line_chars: int = 1_000_000
    max_section_lines: int = 2000
    max_cell_digits: int = 9


DEFAULT = Limits()
# a frozen dataclass: one shared default is safe
_CURRENT: ContextVar[Limits] = ContextVar("govdisclosure_limits", default=DEFAULT)  # noqa: B039


def current() -> Limits:
    """The limits of the read under way (the defaults outside :func:`using`)."""
    return _CURRENT.get()


@contextmanager
def using(limits: Limits | None) -> Iterator[Limits]:
    """Within the block, the readers keep ``limits`` (None: the current ones)."""
    token = _CURRENT.set(limits or _CURRENT.get())
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)


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
