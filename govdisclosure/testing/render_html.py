"""Rendering synthetic reports as web pages, with the messes real pages have.

>>> import govdisclosure as gd
>>> from govdisclosure.testing import example_report
>>> page = render_html(example_report(), HTMLStyle(spans="empty", split_cells=True, fragments=True))
>>> gd.read(page).findings
[]
"""

from __future__ import annotations

import html as html_lib
import random
from dataclasses import dataclass

from .model import PCell, SyntheticReport, printed_table
from .render_text import CLOSING, prose

SPAN_STYLES = ("official", "repeat", "empty")


@dataclass(frozen=True)
class HTMLStyle:
    """How a synthetic report is rendered as HTML.

    ``spans``: ``official`` (rowspan/colspan as the form prints them), ``repeat``
    (merged header cells exported as one cell per column, text repeated), ``empty``
    (text once, then empty cells). ``split_cells``: cell text broken over ``<p>``,
    ``<span>`` and ``<br>`` (header words as ``结果<br>维持``). ``fragments``: each
    table split in two ``<table>`` elements at a random row, the header repeated or
    not. ``blank``: how a blank cell is written (``nbsp``, ``empty``, ``p``).
    ``chrome``: site navigation, a layout table around the content and a footer.
    ``encoding``: ``utf-8``, ``gbk`` (declared in ``<meta>``) or ``gbk-undeclared``;
    the page is bytes unless ``utf-8``.
    """

    spans: str = "official"
    split_cells: bool = False
    fragments: bool = False
    blank: str = "nbsp"
    chrome: bool = False
    encoding: str = "utf-8"
    seed: int = 0


def _cell_html(cell: PCell, style: HTMLStyle, rng: random.Random, colspan: int | None = None) -> str:
    span = cell.colspan if colspan is None else colspan
    attrs = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (f' colspan="{span}"' if span > 1 else "")
    tag = "th" if cell.header and rng.random() < 0.3 else "td"
    text = html_lib.escape(cell.text)
    if not cell.text:
        body = {"nbsp": "&nbsp;", "empty": "", "p": "<p>&nbsp;</p>"}[style.blank]
    elif style.split_cells and rng.random() < 0.5:
        if cell.header and 4 <= len(cell.text) <= 8 and rng.random() < 0.6:
            k = len(cell.text) // 2
            body = f"{html_lib.escape(cell.text[:k])}<br>{html_lib.escape(cell.text[k:])}"
        elif len(cell.text) > 3 and rng.random() < 0.5:
            k = rng.randint(1, len(cell.text) - 1)
            body = f'<p><span style="font-size:12px">{html_lib.escape(cell.text[:k])}</span><span>{html_lib.escape(cell.text[k:])}</span></p>'
        else:
            body = f'<p align="center"><span lang="EN-US">{text}</span></p>'
    else:
        body = text
    return f"<{tag}{attrs}>{body}</{tag}>"


def _rows_html(rows: list[list[PCell]], style: HTMLStyle, rng: random.Random) -> list[str]:
    out = []
    for row in rows:
        parts = []
        for cell in row:
            if cell.header and cell.colspan > 1 and style.spans in ("repeat", "empty"):
                # Word-style export of a merged header cell: one cell per column
                parts.append(_cell_html(cell, style, rng, colspan=1))
                for _ in range(cell.colspan - 1):
                    filler = PCell(cell.text if style.spans == "repeat" else "", cell.rowspan, 1, header=True)
                    parts.append(_cell_html(filler, style, rng, colspan=1))
            else:
                parts.append(_cell_html(cell, style, rng))
        out.append("<tr>" + "".join(parts) + "</tr>")
    return out


def _split(rows: list[list[PCell]], at: int) -> tuple[list[list[PCell]], list[list[PCell]]]:
    """Cut printed rows in two; a cell merged across the cut stays in the first part only."""
    first: list[list[PCell]] = []
    for r, row in enumerate(rows[:at]):
        first.append([PCell(c.text, min(c.rowspan, at - r), c.colspan, c.key, c.header) for c in row])
    return first, [list(row) for row in rows[at:]]


def _table_html(rows: list[list[PCell]], style: HTMLStyle, rng: random.Random) -> str:
    attrs = ' border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse"'
    n_header = next((i for i, row in enumerate(rows) if any(c.key is not None for c in row)), len(rows))
    if style.fragments and len(rows) - n_header > 2:
        at = rng.randint(n_header + 1, len(rows) - 1)
        first, second = _split(rows, at)
        if rng.random() < 0.5:
            second = [list(r) for r in rows[:n_header]] + second
        return (
            f"<table{attrs}><tbody>{''.join(_rows_html(first, style, rng))}</tbody></table>"
            f'<p style="page-break-before:always">&nbsp;</p>'
            f"<table{attrs}><tbody>{''.join(_rows_html(second, style, rng))}</tbody></table>"
        )
    return f"<table{attrs}><tbody>{''.join(_rows_html(rows, style, rng))}</tbody></table>"


def render_html(report: SyntheticReport, style: HTMLStyle = HTMLStyle()) -> str | bytes:
    """The report as an HTML page in ``style`` (bytes when the encoding is GBK)."""
    rng = random.Random(style.seed)
    title = f"{report.agency}{report.year}年政府信息公开工作年度报告"
    charset = "gb2312" if style.encoding == "gbk" else "utf-8"
    head = (
        ""
        if style.encoding == "gbk-undeclared"
        else f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    )
    body: list[str] = [f'<div class="title"><h1>{title}</h1></div>', '<div class="info">发布日期：2024-01-20</div>']
    body.append("<p><strong>一、总体情况</strong></p>")
    body.extend(f"<p>{html_lib.escape(p)}</p>" for p in prose(report))
    for table in report.tpl:
        body.append(f'<p style="text-indent:2em"><strong>{table.number}、{table.title}</strong></p>')
        body.append(_table_html(printed_table(table, report.values.get(table.name, {})), style, rng))
    body.extend(f"<p>{html_lib.escape(p)}</p>" for p in CLOSING)
    content = "\n".join(body)
    if style.chrome:
        nav = '<table class="nav"><tr><td><a href="/">首页</a></td><td><a href="/zwgk">政务公开</a></td><td>信息公开年报</td></tr></table>'
        content = (
            f'<div id="header">{nav}</div><table width="100%" class="layout"><tr><td width="20%">'
            "<ul><li>政府信息公开指南</li><li>政府信息公开制度</li></ul></td>"
            f'<td><div class="TRS_Editor">{content}</div></td></tr></table>'
            '<div id="footer"><p>主办：某县人民政府办公室 | 网站标识码：0000000000</p></div>'
        )
    page = f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body>{content}</body></html>"
    if style.encoding.startswith("gbk"):
        return page.encode("gbk")
    return page
