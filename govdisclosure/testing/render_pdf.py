"""Rendering synthetic reports as PDF with reportlab (needs the ``test`` extra).

Tables are drawn as ruled grids with the official merged cells (a merged cell is one
box with no inner rules), text wrapped inside narrow columns (``结果`` / ``维持`` on
two lines), and tables breaking across pages, with or without the header rows
repeated. A merged label cell cut by a page break keeps its text on the first page.

    >>> pdf = render_pdf(example_report(), PDFStyle(narrow=True, page_break=True))
    >>> pdf[:5]
    b'%PDF-'
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from ..schema.model import TableTemplate
from .model import PCell, SyntheticReport, occupancy, printed_table
from .render_text import CLOSING, prose

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.0, 842.0
MARGIN = 60.0


@dataclass(frozen=True)
class PDFStyle:
    """How a synthetic report is drawn.

    ``narrow``: random, narrower column widths, so header words wrap. ``page_break``:
    start each table low on its page so it runs onto the next. ``repeat_header``:
    draw the header rows again on the continuation page. ``borderless``: no rules
    at all (for the stream fallback). ``seed`` drives the random choices.
    """

    narrow: bool = False
    page_break: bool = False
    repeat_header: bool = False
    borderless: bool = False
    font_size: float = 8.0
    seed: int = 0


def example_report() -> SyntheticReport:
    from . import example_report as _example

    return _example()


def _wrap(text: str, width: float, size: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for para in text.split("\n"):
        cur = ""
        for ch in para:
            if cur and stringWidth(cur + ch, FONT, size) > width:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        lines.append(cur)
    return lines or [""]


class _Writer:
    def __init__(self, style: PDFStyle) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        if FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=(PAGE_W, PAGE_H))
        self.style = style
        self.y = PAGE_H - MARGIN
        self.page = 1

    def new_page(self) -> None:
        self.c.setFont(FONT, 9)
        self.c.drawCentredString(PAGE_W / 2, 30, f"- {self.page} -")
        self.c.showPage()
        self.page += 1
        self.y = PAGE_H - MARGIN

    def text(self, text: str, size: float = 11, indent: float = 0) -> None:
        for line in _wrap(text, PAGE_W - 2 * MARGIN - indent, size):
            if self.y < MARGIN + size:
                self.new_page()
            self.c.setFont(FONT, size)
            self.c.drawString(MARGIN + indent, self.y - size, line)
            self.y -= size * 1.6

    def table(self, rows: list[list[PCell]], rng: random.Random) -> None:
        grid = occupancy(rows)
        n_rows, n_cols = len(grid), len(grid[0]) if grid else 0
        size = self.style.font_size
        width = PAGE_W - 2 * MARGIN
        # label columns (those holding no value anywhere) get more room
        value_cols = {c for r in range(n_rows) for c in range(n_cols) if grid[r][c][0].key is not None}
        weights = [
            (1.0 if c in value_cols else 2.6) * (rng.uniform(0.6, 1.4) if self.style.narrow else 1)
            for c in range(n_cols)
        ]
        scale = width / sum(weights)
        xs = [MARGIN]
        for w in weights:
            xs.append(xs[-1] + w * scale)
        # row heights: enough for the wrapped text of cells that start and end in the row
        heights = []
        for r in range(n_rows):
            h = size * 2.0
            for c in range(n_cols):
                cell, origin = grid[r][c]
                if origin and cell.rowspan == 1:
                    w = xs[c + cell.colspan] - xs[c] - 4
                    h = max(h, len(_wrap(cell.text, w, size)) * size * 1.25 + 6)
            heights.append(h)
        # a merged cell's text must fit the rows it spans, as Word grows rows to fit
        for r in range(n_rows):
            for c in range(n_cols):
                cell, origin = grid[r][c]
                if origin and cell.rowspan > 1:
                    w = xs[c + cell.colspan] - xs[c] - 4
                    need = len(_wrap(cell.text, w, size)) * size * 1.25 + 6
                    have = sum(heights[r : r + cell.rowspan])
                    if need > have:
                        heights[r + cell.rowspan - 1] += need - have
        n_header = next((r for r in range(n_rows) if any(grid[r][c][0].key is not None for c in range(n_cols))), 0)
        # plan: which rows go on which page, at which height
        pages: list[list[tuple[int, float]]] = [[]]
        y = self.y
        if y - sum(heights[: n_header + 1]) < MARGIN:
            # keep the header with the first body row, as word processors do
            self.new_page()
            y = self.y
        for r in range(n_rows):
            if y - heights[r] < MARGIN and pages[-1]:
                pages.append([])
                y = PAGE_H - MARGIN
                if self.style.repeat_header and r > n_header:
                    for h in range(n_header):
                        pages[-1].append((h, y))
                        y -= heights[h]
            pages[-1].append((r, y))
            y -= heights[r]
        for i, placed in enumerate(pages):
            if i > 0:
                self.new_page()
            self._draw(grid, placed, heights, xs, size)
        self.y = y - 12

    def _draw(self, grid, placed, heights, xs, size) -> None:  # type: ignore[no-untyped-def]
        n_cols = len(grid[0])
        rows_here = [r for r, _ in placed]
        top_of = dict(placed)
        drawn: set[int] = set()
        for r in rows_here:
            for c in range(n_cols):
                cell = grid[r][c][0]
                if id(cell) in drawn:
                    continue
                drawn.add(id(cell))
                cols = [k for k in range(n_cols) if grid[r][k][0] is cell]
                rws = [rr for rr in rows_here if grid[rr][cols[0]][0] is cell]
                top = top_of[rws[0]]
                h = sum(heights[rr] for rr in rws)
                x0, x1 = xs[cols[0]], xs[cols[-1] + 1]
                if not self.style.borderless:
                    self.c.setLineWidth(0.6)
                    self.c.rect(x0, top - h, x1 - x0, h, stroke=1, fill=0)
                origin_here = any(grid[rr][cols[0]][1] for rr in rws)
                if cell.text and origin_here:
                    lines = _wrap(cell.text, x1 - x0 - 4, size)
                    self.c.setFont(FONT, size)
                    block = len(lines) * size * 1.25
                    ty = top - max(2.0, (h - block) / 2) - size
                    for line in lines:
                        if ty < top - h:
                            break  # a merged cell cut by the page: the rest of its text is lost, as in print
                        self.c.drawCentredString((x0 + x1) / 2, ty, line)
                        ty -= size * 1.25

    def finish(self) -> bytes:
        self.c.setFont(FONT, 9)
        self.c.drawCentredString(PAGE_W / 2, 30, f"- {self.page} -")
        self.c.save()
        return self.buf.getvalue()


def render_pdf(report: SyntheticReport, style: PDFStyle = PDFStyle()) -> bytes:
    """The report as PDF bytes in ``style``."""
    rng = random.Random(style.seed)
    w = _Writer(style)
    w.text(report.agency, size=16, indent=150)
    w.text(f"{report.year}年政府信息公开工作年度报告", size=16, indent=100)
    w.text("一、总体情况", size=12)
    for p in prose(report):
        w.text(p, size=11, indent=20)
    table: TableTemplate
    for table in report.tpl:
        w.text(f"{table.number}、{table.title}", size=12)
        if style.page_break:
            w.y = min(w.y, MARGIN + rng.uniform(120, 260))
        w.table(printed_table(table, report.values.get(table.name, {})), rng)
    for p in CLOSING:
        w.text(p, size=11)
    return w.finish()


def undecodable_page() -> bytes:
    """A one-page PDF whose only text is in a font no reader can decode: an embedded
    font program that is not a font, and no ToUnicode map. Every PDF library, whatever
    fonts the machine has, sees character codes there, not characters (pdfminer prints
    ``(cid:1)``, pdfium control characters): the test of a backend's fallback that does
    not depend on the machine's fonts."""

    def stream(body: bytes, extra: bytes = b"") -> bytes:
        return b"<< " + extra + b" /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"

    content = b"BT /F1 10 Tf 72 60 Td <00010002> Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Broken /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Broken /CIDToGIDMap /Identity "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /ABCDEF+Broken /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 /FontFile2 8 0 R >>",
        stream(b"not a font " * 40, b"/Length1 440"),
    ]
    return pdf_of(objects)


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF file of ``objects`` (numbered from 1; the first is the catalog), with its
    cross-reference table: hand-made PDFs for the tests of what no producer writes."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def with_page(pdf: bytes, page: bytes) -> bytes:
    """``pdf`` with the pages of ``page`` appended (pypdfium2 merges and saves them)."""
    import io

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    doc.import_pages(pdfium.PdfDocument(page))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
