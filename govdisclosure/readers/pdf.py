"""Reader for PDF reports (printed from Word, WPS or a web page).

The default backend finds ruled tables with pdfplumber: merged cells come out of
``find_tables()`` as larger rectangles, so each cell's row and column span follows
from the table's distinct cell edges. Text outside the tables becomes lines (for the
section headings) in reading order, with each table standing as a marker line, as
in :mod:`govdisclosure.readers.html`. The reader knows nothing of the report's
tables; tables running across pages are stitched after the tables are identified.

Hostile or broken files get typed errors: :class:`~govdisclosure.errors.EncryptedPDFError`
(pass ``password=``), :class:`~govdisclosure.errors.CorruptPDFError`,
:class:`~govdisclosure.errors.NoTextLayerError` (a scan: OCR needed) and
:class:`~govdisclosure.errors.SourceTooLargeError` (page limit).

    >>> from govdisclosure.testing import example_report
    >>> from govdisclosure.testing.render_pdf import render_pdf
    >>> doc = read_pdf(render_pdf(example_report()))
    >>> len(doc.grids) >= 3
    True
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import CorruptPDFError, EncryptedPDFError, NoTextLayerError, SourceTooLargeError
from ..grid import Cell, Grid, Location
from ..limits import current

BACKENDS = ("pdfplumber", "pdfium", "camelot")

TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}

for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def _open(source: str | Path | bytes, password: str | None) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        pdf = pdfplumber.open(stream, password=password or "")
        _ = pdf.pages  # forces the document's structure to be read
        return pdf
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc  # pdfplumber wraps
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or "encrypt" in type(inner).__name__.lower():
            raise EncryptedPDFError(
                "the PDF is encrypted" + (" and the password is wrong" if password else ": pass password=")
            ) from exc
        raise CorruptPDFError(f"the PDF cannot be parsed ({type(inner).__name__}: {inner})") from exc


def _lines_from_chars(chars: Iterable[dict[str, Any]], tolerance: float = 3.0) -> list[tuple[float, str]]:
    """Group characters into text lines: (top, text) in reading order."""
    rows: list[tuple[float, list[dict[str, Any]]]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if rows and abs(rows[-1][0] - ch["top"]) <= tolerance:
            rows[-1][1].append(ch)
        else:
            rows.append((ch["top"], [ch]))
    out = []
    for top, row in rows:
        row.sort(key=lambda c: c["x0"])
        text = ""
        prev = None
        for ch in row:
            if prev is not None:
                gap = ch["x0"] - prev["x1"]
                size = ch.get("size", 10) or 10
                # a wide gap separates the cells of a borderless table: keep it as a tab
                if gap > size * 0.95:
                    text += "\t"
                elif gap > size * 0.6:
                    text += " "
            text += ch["text"]
            prev = ch
        out.append((top, text))
    return out


_PAGE_FURNITURE = re.compile(
    r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$"
)


def is_page_furniture(text: str) -> bool:
    """True for a page number line (``- 5 -``, ``第 3 页``, ``3/6``), which is no content.

    >>> is_page_furniture("- 5 -"), is_page_furniture("第3页 共6页"), is_page_furniture("2024年")
    (True, True, False)
    """
    return bool(_PAGE_FURNITURE.match(text))


def add_page(doc: Document, outside: list[dict[str, Any]], tables: list[tuple[float, Grid]]) -> None:
    """Add one page to ``doc`` in reading order: the text lines of the characters
    outside the tables (page numbers dropped) and the tables' grids at their tops."""
    items: list[tuple[float, int, Any]] = [(top, 1, grid) for top, grid in tables]
    items.extend((top, 0, text) for top, text in _lines_from_chars(outside) if not is_page_furniture(text))
    for _, kind, item in sorted(items, key=lambda x: (x[0], x[1])):
        if kind == 0:
            doc.add_line(item)
        else:
            doc.add_grid(item)


def _inside(ch: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x = (ch["x0"] + ch["x1"]) / 2
    y = (ch["top"] + ch["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _grid_from_table(table: Any, page_number: int) -> Grid:
    cells_bbox = table.cells
    xs = sorted({round(c[0], 1) for c in cells_bbox})
    tops = sorted({round(c[1], 1) for c in cells_bbox})
    texts = table.extract()
    cells: list[Cell] = []
    for r, row in enumerate(table.rows):
        for k, bbox in enumerate(row.cells):
            if bbox is None:
                continue
            x0, top, x1, bottom = bbox
            col = xs.index(round(x0, 1)) if round(x0, 1) in xs else k
            colspan = max(1, sum(1 for x in xs if x0 - 0.5 <= x < x1 - 0.5))
            rowspan = max(1, sum(1 for t in tops if top - 0.5 <= t < bottom - 0.5))
            text = texts[r][k] if r < len(texts) and k < len(texts[r]) else ""
            cells.append(
                Cell(text or "", r, col, rowspan, colspan, Location(page=page_number, bbox=(x0, top, x1, bottom)))
            )
    # rows are the table's distinct cell tops, so a cell's row index is its top's rank
    for c in cells:
        assert c.loc.bbox is not None
        top = round(c.loc.bbox[1], 1)
        if top in tops:
            c.row = tops.index(top)
    return Grid(cells, positions="exact", source="pdf/pdfplumber")


def _pdfplumber_document(pdf: Any, skip: dict[int, str]) -> Document:
    doc = Document(source="pdf/pdfplumber")
    doc.notes.extend(f"page {n} was not read: {why}" for n, why in sorted(skip.items()))
    total_chars = 0
    images = 0
    for number, page in enumerate(pdf.pages, 1):
        if number in skip:
            continue
        chars = page.chars
        if len({(c["text"], round(c["x0"]), round(c["top"])) for c in chars}) < len(chars):
            page = page.dedupe_chars(tolerance=1)  # fake bold: the same glyph printed twice
            chars = page.chars
        total_chars += len(chars)
        images += len(page.images)
        tables = page.find_tables(TABLE_SETTINGS) if (page.lines or page.rects or page.curves) else []
        boxes = [t.bbox for t in tables]
        outside = [ch for ch in chars if not any(_inside(ch, b) for b in boxes)]
        add_page(doc, outside, [(t.bbox[1], _grid_from_table(t, number)) for t in tables])
    if total_chars == 0:
        if images:
            raise NoTextLayerError("the PDF pages hold images only (a scan): OCR is needed before extraction")
        raise NoTextLayerError("the PDF holds no text at all" + "".join(f"; {note}" for note in doc.notes))
    return doc


def _camelot_document(source: str | Path | bytes, password: str | None, skip: dict[int, str]) -> Document:
    try:
        import camelot
    except ImportError as exc:
        from ..errors import UnsupportedSourceError

        raise UnsupportedSourceError(
            "backend='camelot' needs camelot-py: pip install 'govdisclosure[camelot]'"
        ) from exc
    import tempfile

    path = source
    tmp: str | None = None
    if isinstance(source, bytes):
        with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as fh:
            fh.write(source)
            tmp = fh.name
        path = tmp
    try:
        pdf = _open(source, password)
        pages = ",".join(str(n) for n in range(1, len(pdf.pages) + 1) if n not in skip) or "1"
        pdf.close()
        tables = camelot.read_pdf(str(path), pages=pages, flavor="lattice", password=password)
        doc = Document(source="pdf/camelot")
        doc.notes.extend(f"page {n} was not read: {why}" for n, why in sorted(skip.items()))
        pdf = _open(source, password)
        try:
            by_page: dict[int, list[Any]] = {}
            for t in tables:
                by_page.setdefault(int(t.page), []).append(t)
            for number, page in enumerate(pdf.pages, 1):
                if number in skip:
                    continue
                height = float(page.height)
                found: list[tuple[float, Grid]] = []
                boxes = []
                for t in by_page.get(number, []):
                    x0, y0, x1, y1 = t._bbox
                    bbox = (x0, height - y1, x1, height - y0)
                    boxes.append(bbox)
                    found.append((bbox[1], _grid_from_camelot(t, number, height)))
                outside = [ch for ch in page.chars if not any(_inside(ch, b) for b in boxes)]
                add_page(doc, outside, found)
        finally:
            pdf.close()
        return doc
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _grid_from_camelot(table: Any, page_number: int, height: float) -> Grid:
    """camelot's lattice cells (with their span flags) as a grid."""
    cells: list[Cell] = []
    rows = table.cells
    n_rows, n_cols = len(rows), len(rows[0]) if rows else 0
    seen: set[tuple[int, int]] = set()
    for r in range(n_rows):
        for c in range(n_cols):
            if (r, c) in seen:
                continue
            cell = rows[r][c]
            # walk right and down over cells without the separating edge
            c2 = c
            while c2 + 1 < n_cols and not rows[r][c2].right and not rows[r][c2 + 1].left:
                c2 += 1
            r2 = r
            while r2 + 1 < n_rows and not rows[r2][c].bottom and not rows[r2 + 1][c].top:
                r2 += 1
            for rr in range(r, r2 + 1):
                for cc in range(c, c2 + 1):
                    seen.add((rr, cc))
            text = table.df.iloc[r, c] if r < table.df.shape[0] and c < table.df.shape[1] else ""
            x0, y1 = cell.x1, cell.y1
            x1, y0 = rows[r2][c2].x2, rows[r2][c2].y2
            bbox = (x0, height - y1, x1, height - y0)
            cells.append(Cell(str(text), r, c, r2 - r + 1, c2 - c + 1, Location(page=page_number, bbox=bbox)))
    return Grid(cells, positions="exact", source="pdf/camelot")


def read_pdf(
    source: str | Path | bytes,
    *,
    password: str | None = None,
    backend: str = "pdfplumber",
    max_pages: int | None = None,
) -> Document:
    """Read a PDF into a :class:`~govdisclosure.document.Document` (lines and table grids).

    ``backend``: ``pdfplumber`` (default: ruled tables from the page's lines and
    rectangles, merged cells from missing inner rules), ``pdfium`` (the same lattice
    found on pdfium's character boxes and path segments: several times faster, for
    large batches of ruled PDFs) or ``camelot`` (camelot-py's lattice parser, an
    optional extra; slower, an independent second opinion). A PDF of more than
    ``max_pages`` pages (default ``Limits.max_pages``) is refused.
    """
    max_pages = max_pages or current().max_pages
    if backend not in BACKENDS:
        from ..errors import UnsupportedSourceError

        raise UnsupportedSourceError(f"unknown PDF backend {backend!r}; known: {', '.join(BACKENDS)}")
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    skip = heavy_pages(source, password) if has_heavy_streams(data) else {}
    if backend == "pdfium":
        from .pdfium import UnreadableText, read_pdfium

        try:
            return read_pdfium(source, password=password, max_pages=max_pages, skip=skip)
        except UnreadableText:
            doc = read_pdf(source, password=password, backend="pdfplumber", max_pages=max_pages)
            doc.source = "pdf/pdfium->pdfplumber"
            for g in doc.grids:
                g.source = doc.source
            return doc
    pdf = _open(source, password)
    try:
        n_pages = len(pdf.pages)
        if n_pages > max_pages:
            raise SourceTooLargeError(f"the PDF has {n_pages} pages, above the limit of {max_pages} (max_pages=)")
        if backend == "camelot":
            pdf.close()
            return _camelot_document(source, password, skip)
        try:
            return _pdfplumber_document(pdf, skip)
        except (NoTextLayerError, SourceTooLargeError):
            raise
        except Exception as exc:
            raise CorruptPDFError(f"the PDF's pages cannot be read ({type(exc).__name__}: {exc})") from exc
    finally:
        pdf.close()


# Limits.max_page_content_bytes: a report page's content is well under a megabyte, a
# flate bomb of drawing operators far more. Limits.max_page_path_segments: a page of
# table 3 draws about a thousand path segments; a page drawing far more (a detailed map,
# a hostile stream) would stall the PDF libraries for minutes, so it is skipped.

_STREAM_START = re.compile(rb"stream\r?\n")
_PATH_OPERATOR = re.compile(rb"\s(?:m|l|c|v|y|re)(?=\s)")


def inflate(raw: bytes, limit: int | None = None) -> bytes | None:
    """``raw`` inflated (zlib), or None when it inflates past ``limit`` bytes; never
    more than ``limit`` bytes are made. A damaged stream gives what inflated before the damage."""
    limit = limit or current().max_page_content_bytes
    inflater = zlib.decompressobj()
    out = bytearray()
    try:
        out += inflater.decompress(raw, limit + 1)
        while inflater.unconsumed_tail and len(out) <= limit:
            out += inflater.decompress(inflater.unconsumed_tail, limit + 1 - len(out))
    except zlib.error:
        pass
    return None if len(out) > limit else bytes(out)


def _too_heavy(content: bytes | None) -> str:
    """Why a page's content is not parsed, or ``""``."""
    limits = current()
    if content is None:
        return f"its content inflates past {limits.max_page_content_bytes} bytes"
    operators = len(_PATH_OPERATOR.findall(content))
    if operators > limits.max_page_path_segments:
        return f"it draws {operators} path segments, more than {limits.max_page_path_segments}"
    return ""


def has_heavy_streams(data: bytes) -> bool:
    """Whether some compressed content stream of the file is too heavy to parse (a quick
    scan of the raw bytes; images, fonts and forms, whose dictionaries name a
    ``/Subtype`` or a ``/Length1``, are not inflated)."""
    for match in _STREAM_START.finditer(data):
        start = match.start()
        head = data[max(0, start - 400) : start]
        head = head[head.rfind(b"obj") + 3 :] if b"obj" in head else head
        if b"/FlateDecode" not in head or b"/Subtype" in head or b"/Length1" in head:
            continue
        # a content stream's compressed bytes end at its endstream
        end = data.find(b"endstream", match.end())
        if _too_heavy(inflate(data[match.end() : end if end > 0 else len(data)])):
            return True
    return False


def heavy_pages(source: str | Path | bytes, password: str | None) -> dict[int, str]:
    """The pages (1-based) too heavy to parse, each with the reason."""
    from pdfminer.pdftypes import resolve1

    out: dict[int, str] = {}
    pdf = _open(source, password)
    try:
        for number, page in enumerate(pdf.pages, 1):
            content = bytearray()
            for ref in page.page_obj.contents:
                stream = resolve1(ref)
                raw = getattr(stream, "rawdata", None) or b""
                filters = [str(f) for f in stream.get_filters()] if hasattr(stream, "get_filters") else []
                piece = inflate(raw) if any("FlateDecode" in f for f in filters) else raw
                if piece is None:
                    content = None  # type: ignore[assignment]
                    break
                content += piece
            reason = _too_heavy(None if content is None else bytes(content))
            if reason:
                out[number] = reason
    finally:
        pdf.close()
    return out
