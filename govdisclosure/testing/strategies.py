"""Hypothesis strategies for synthetic reports and the styles to render them in.

>>> from hypothesis import given
>>> @given(reports())
... def test_totals(case):
...     vals = case.report.values["reviews"]
...     assert all(v is None or v >= 0 for v in vals.values())
>>> test_totals()
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from ..schema.model import CellKey
from .draw import AGENCIES, blank_cells, draw_values, perturb
from .model import SyntheticReport
from .render_html import SPAN_STYLES, HTMLStyle
from .render_text import TEXT_LAYOUTS, TextStyle


@dataclass
class DrawnCase:
    """A drawn report with what was done to it: blanked cells and the perturbed cell."""

    report: SyntheticReport
    blanked: list[tuple[str, CellKey]] = field(default_factory=list)
    perturbed: tuple[str, CellKey] | None = None


@st.composite
def reports(
    draw: st.DrawFn,
    *,
    blanks: bool = True,
    inconsistent: bool = False,
    template: str = "2021",
    max_value: int | None = None,
) -> DrawnCase:
    """A drawn report: consistent values, optionally blank cells and one perturbed count.

    ``max_value`` None draws the scale too: reports of tiny counts (0 and 1 only) are
    where arithmetic coincidences hide, so they are drawn as often as large ones.
    """

    def choose(lo: int, hi: int) -> int:
        return draw(st.integers(lo, hi))

    if max_value is None:
        max_value = draw(st.sampled_from([1, 3, 300]))

    values = draw_values(choose, template, max_value)
    case = DrawnCase(SyntheticReport(template=template))
    if inconsistent:
        case.perturbed = perturb(values, choose)
    if blanks:
        case.blanked = blank_cells(values, choose)
    case.report.values = values
    case.report.agency = draw(st.sampled_from(AGENCIES))
    case.report.year = draw(st.integers(2021, 2025))
    return case


@st.composite
def text_styles(draw: st.DrawFn, layouts: tuple[str, ...] = TEXT_LAYOUTS, lossy: bool = False) -> TextStyle:
    """A text rendering style. ``lossy`` allows styles that lose information
    (vanished blanks, shifted or broken rows), whose round trips may be ambiguous."""
    layout = draw(st.sampled_from(layouts))
    return TextStyle(
        layout=layout,
        heading=draw(st.sampled_from(("plain", "markdown", "bold"))),
        halfwidth=draw(st.booleans()),
        numbering=draw(st.sampled_from((".", "、"))),
        spaced=draw(st.booleans()),
        truncate=draw(st.booleans()),
        split_words=draw(st.booleans()) if layout in ("lines", "blocks") else False,
        break_rows=draw(st.booleans()) if lossy and layout in ("pipe", "tab") else False,
        shift=draw(st.booleans()) if lossy and layout == "tab" else False,
        lose_blanks=draw(st.booleans()) if lossy and layout in ("lines", "blocks") else False,
        prose=draw(st.booleans()),
        seed=draw(st.integers(0, 2**16)),
    )


@st.composite
def html_styles(draw: st.DrawFn) -> HTMLStyle:
    """An HTML rendering style: spans, split cells, fragments, blanks, chrome, encoding."""
    return HTMLStyle(
        spans=draw(st.sampled_from(SPAN_STYLES)),
        split_cells=draw(st.booleans()),
        fragments=draw(st.booleans()),
        blank=draw(st.sampled_from(("nbsp", "empty", "p"))),
        chrome=draw(st.booleans()),
        encoding=draw(st.sampled_from(("utf-8", "gbk", "gbk-undeclared"))),
        seed=draw(st.integers(0, 2**16)),
    )
