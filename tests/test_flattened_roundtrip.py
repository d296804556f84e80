"""Synthetic reports rendered as web pages and PDFs, flattened by the real tools, read back.

Every report the suite renders as HTML or PDF is also flattened the way crawlers and
notebooks do (``govdisclosure.testing.flatten``: BeautifulSoup, html2text, markdownify,
trafilatura, pdfplumber, pypdfium2, pdftotext, pdfminer.six) and read with
``gd.read_text``. The promise: every cell is right or a finding names it. Blank cells
leave no trace in most of these texts, so a share of the blank-heavy reports' cells
stays flagged instead of exact; the floors below are what the run reaches, so that a
regression shows.
"""

from __future__ import annotations

import random
from functools import lru_cache

import pytest

import govdisclosure as gd
from govdisclosure.testing import HTMLStyle, random_report, render_html
from govdisclosure.testing.flatten import HTML_FLATTENERS, PDF_FLATTENERS
from govdisclosure.testing.render_pdf import PDFStyle, render_pdf
from govdisclosure.testing.truth import unflagged_errors

N_REPORTS = 12

# share of cells exact over the run (half the reports blank-heavy), at least
FLOORS = {
    "html:get_text-empty": 0.8,
    "html:get_text-newline": 0.96,
    "html:get_text-space": 0.95,
    "html:get_text-tab": 0.95,
    "html:html2text": 0.99,
    "html:markdownify": 0.99,
    "html:trafilatura": 0.99,
    "pdf:pdfminer": 0.05,  # its boxes interleave labels and columns: whole tables flagged
    "pdf:pdfplumber": 0.98,
    "pdf:pdfplumber-layout": 0.98,
    "pdf:pdftotext": 0.86,
    "pdf:pdftotext-layout": 0.98,
    "pdf:pypdfium2": 0.97,
}


@lru_cache(maxsize=1)
def _cases() -> list[tuple[object, str | bytes, bytes]]:
    cases = []
    for i in range(N_REPORTS):
        rep = random_report(random.Random(7000 + i), blanks=i % 2 == 1, template="2019" if i % 6 == 5 else "2021")
        html = render_html(
            rep,
            HTMLStyle(
                spans=("official", "repeat", "empty")[i % 3],
                split_cells=i % 4 == 1,
                blank=("nbsp", "empty", "p")[i % 3],
                chrome=i % 4 == 3,
                seed=i,
            ),
        )
        pdf = render_pdf(rep, PDFStyle(narrow=i % 2 == 0, page_break=i % 3 == 0, repeat_header=i % 6 == 0, seed=i))
        cases.append((rep, html, pdf))
    return cases


def _flatten(tool: str, html: str | bytes, pdf: bytes) -> str:
    kind, name = tool.split(":")
    return HTML_FLATTENERS[name](html) if kind == "html" else PDF_FLATTENERS[name](pdf)


@pytest.mark.parametrize("tool", sorted(FLOORS))
def test_flattened_reports_are_exact_or_flagged(tool):
    cells = exact = 0
    silent: list[tuple[int, object]] = []
    for i, (rep, html, pdf) in enumerate(_cases()):
        expected = rep.expected()
        cells += len(expected)
        try:
            report = gd.read_text(_flatten(tool, html, pdf))
        except gd.NoTablesFoundError:
            continue  # a typed error: the flattener dropped the tables
        wrong, unflagged = unflagged_errors(report, expected)
        exact += len(expected) - len(wrong)
        silent.extend((i, k) for k in unflagged)
    assert silent == [], silent[:5]
    assert exact / cells >= FLOORS[tool], exact / cells
