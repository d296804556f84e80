"""Test helpers for govdisclosure and for packages built on it.

* :mod:`~govdisclosure.testing.draw` and :mod:`~govdisclosure.testing.strategies`:
  synthetic reports (hypothesis strategies need the ``test`` extra).
* :mod:`~govdisclosure.testing.render_text` and :mod:`~govdisclosure.testing.render_html`:
  render them as flattened text or as web pages.
* :mod:`~govdisclosure.testing.truth`: compare a Report with a truth file.

    >>> import govdisclosure as gd
    >>> report = gd.read(example_text())
    >>> report.meta["agency"]
    '测试县示例镇'
"""

from __future__ import annotations

import random

from .draw import random_report
from .model import SyntheticReport, printed_table
from .render_html import HTMLStyle, render_html
from .render_text import TEXT_LAYOUTS, TextStyle, render_text
from .truth import differences, load_truth, report_cells, truth_cells


def example_report() -> SyntheticReport:
    """A fixed synthetic report (the same on every call)."""
    rep = random_report(random.Random(20240101))
    rep.agency = "测试县示例镇"
    return rep


def example_text(layout: str = "pipe") -> str:
    """:func:`example_report` rendered as text in ``layout``."""
    return render_text(example_report(), TextStyle(layout))


__all__ = [
    "HTMLStyle",
    "SyntheticReport",
    "TEXT_LAYOUTS",
    "TextStyle",
    "differences",
    "example_report",
    "example_text",
    "load_truth",
    "printed_table",
    "random_report",
    "render_html",
    "render_text",
    "report_cells",
    "truth_cells",
]
