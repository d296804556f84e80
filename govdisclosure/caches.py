"""The memos that make a corpus fast, and how to empty them.

Label sequences, header texts, cell texts and whole table skeletons recur from report
to report, so the matchers memoize their answers (bounded ``functools.lru_cache``
tables and a few bounded dicts). :func:`clear_caches` empties them all: to give the memory back after a
large corpus, or to time a cold start honestly (``benchmarks/bench_text.py`` does).

    >>> clear_caches()
"""

from __future__ import annotations

import sys


def clear_caches() -> None:
    """Empty every memo of the library (results never depend on them, only speed)."""
    from . import api, header, sections, values
    from .align import kinds, skeleton

    api._SAME.clear()
    kinds._KINDS.clear()
    skeleton.SKELETONS.clear()
    header._PLANS.clear()
    sections._TESTERS.clear()
    values.PARSED.clear()
    for name, module in list(sys.modules.items()):
        if name == __package__ or name.startswith(f"{__package__}."):
            for obj in list(vars(module).values()):
                clear = getattr(obj, "cache_clear", None)
                if callable(clear) and getattr(obj, "__module__", None) == name:
                    clear()
