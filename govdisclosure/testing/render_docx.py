"""Rendering synthetic reports as ``.docx`` with python-docx, merged cells included.

>>> from govdisclosure.testing import example_report
>>> render_docx(example_report())[:2]
b'PK'
"""

from __future__ import annotations

import io

from .model import SyntheticReport, occupancy, printed_table
from .render_text import CLOSING, prose


def render_docx(report: SyntheticReport) -> bytes:
    """The report as a Word document: headings and prose as paragraphs, the tables
    with Word's merged cells (``gridSpan`` and ``vMerge``) where the form merges them."""
    import docx

    document = docx.Document()
    document.add_paragraph(f"{report.agency}{report.year}年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    for p in prose(report):
        document.add_paragraph(p)
    for table in report.tpl:
        document.add_paragraph(f"{table.number}、{table.title}")
        rows = printed_table(table, report.values.get(table.name, {}))
        grid = occupancy(rows)
        t = document.add_table(rows=len(grid), cols=len(grid[0]))
        t.style = "Table Grid"
        done: set[int] = set()
        for r, row in enumerate(grid):
            for c, (cell, origin) in enumerate(row):
                if not origin or id(cell) in done:
                    continue
                done.add(id(cell))
                target = t.cell(r, c)
                if cell.rowspan > 1 or cell.colspan > 1:
                    target = target.merge(t.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
                target.text = cell.text
    for p in CLOSING:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
