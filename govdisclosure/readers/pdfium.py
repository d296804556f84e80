"""Fast PDF backend on pypdfium2 (already installed with pdfplumber).

pdfium gives each character's box and each path's segments directly, in C; the
lattice is then found here: ruling segments are merged along their lines, their
crossings become corner points, and each corner's smallest enclosing rectangle whose
four sides are ruled is a cell (a merged cell is simply a larger one). Cells touching
at corners form a table. Text is assigned to cells by character centres.

Use it for large batches of ruled PDFs; use the default ``pdfplumber`` backend when
a PDF's tables are drawn in unusual ways (dashed rules, rules as images), and
``camelot`` as an independent second opinion. pdfium cannot decode the text of some
non-embedded CJK fonts; such a document is detected (a text object that decodes to
nothing, or to character codes) and read with pdfplumber instead (``Document.source``
then says so).

    >>> from govdisclosure.readers.pdf import read_pdf
    >>> from govdisclosure.testing import example_report
    >>> from govdisclosure.testing.render_pdf import render_pdf, undecodable_page, with_page
    >>> doc = read_pdf(with_page(render_pdf(example_report()), undecodable_page()), backend="pdfium")
    >>> doc.source  # a page pdfium cannot decode: it hands over to pdfplumber
    'pdf/pdfium->pdfplumber'

"""

from __future__ import annotations

import ctypes
from bisect import bisect_right
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import CorruptPDFError, EncryptedPDFError, NoTextLayerError, SourceTooLargeError
from ..grid import Cell, Grid, Location
from .pdf import _lines_from_chars, add_page

SNAP = 3.0  # points: rules closer than this are one rule
MIN_CELL = 4.0  # points: a narrower gap between rules is a double rule, not a cell

Segment = tuple[float, float, float]  # (position, start, end)


def _open(source: str | Path | bytes, password: str | None) -> Any:
    import pypdfium2 as pdfium

    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedPDFError(
                "the PDF is encrypted" + (" and the password is wrong" if password else ": pass password=")
            ) from exc
        raise CorruptPDFError(f"the PDF cannot be parsed ({exc})") from exc


def _path_segments(page: Any, height: float) -> tuple[list[Segment], list[Segment]]:
    import pypdfium2.raw as c

    horizontal: list[Segment] = []
    vertical: list[Segment] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    m = c.FS_MATRIX()
    for obj in page.get_objects(filter=[c.FPDF_PAGEOBJ_PATH], max_depth=8):
        raw = obj.raw
        c.FPDFPageObj_GetMatrix(raw, m)
        a, b, cc, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
        start = prev = None
        for k in range(c.FPDFPath_CountSegments(raw)):
            seg = c.FPDFPath_GetPathSegment(raw, k)
            c.FPDFPathSegment_GetPoint(seg, x, y)
            px = a * x.value + cc * y.value + e
            py = height - (b * x.value + d * y.value + f)
            kind = c.FPDFPathSegment_GetType(seg)
            point = (px, py)
            if kind == c.FPDF_SEGMENT_MOVETO or prev is None:
                start = prev = point
                continue
            lines = [(prev, point)]
            if c.FPDFPathSegment_GetClose(seg) and start is not None:
                lines.append((point, start))
            for (x0, y0), (x1, y1) in lines:
                if kind == c.FPDF_SEGMENT_BEZIERTO:
                    continue
                if abs(y1 - y0) < 1.0 and abs(x1 - x0) >= 1.0:
                    horizontal.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
                elif abs(x1 - x0) < 1.0 and abs(y1 - y0) >= 1.0:
                    vertical.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
            prev = point
    return horizontal, vertical


def _merge(segments: list[Segment]) -> dict[float, list[tuple[float, float]]]:
    """Rules on (nearly) one line merged into intervals, keyed by the line's position."""
    by_pos: dict[float, list[tuple[float, float]]] = {}
    keys: list[float] = []
    for pos, s0, s1 in sorted(segments):
        if keys and pos - keys[-1] <= SNAP:
            by_pos[keys[-1]].append((s0, s1))
        else:
            keys.append(pos)
            by_pos[pos] = [(s0, s1)]
    out: dict[float, list[tuple[float, float]]] = {}
    for pos, spans in by_pos.items():
        spans.sort()
        merged = [list(spans[0])]
        for s0, s1 in spans[1:]:
            if s0 <= merged[-1][1] + SNAP:
                merged[-1][1] = max(merged[-1][1], s1)
            else:
                merged.append([s0, s1])
        out[pos] = [(a, b) for a, b in merged]
    return out


def _covered(spans: list[tuple[float, float]], a: float, b: float) -> bool:
    return any(s0 <= a + SNAP and s1 >= b - SNAP for s0, s1 in spans)


def _cells(
    h: dict[float, list[tuple[float, float]]], v: dict[float, list[tuple[float, float]]]
) -> list[tuple[float, float, float, float]]:
    points: set[tuple[float, float]] = set()
    for y, hs in h.items():
        for x, vs in v.items():
            if any(s0 - SNAP <= x <= s1 + SNAP for s0, s1 in hs) and any(s0 - SNAP <= y <= s1 + SNAP for s0, s1 in vs):
                points.add((x, y))
    by_x: dict[float, list[float]] = defaultdict(list)
    by_y: dict[float, list[float]] = defaultdict(list)
    for x, y in points:
        by_x[x].append(y)
        by_y[y].append(x)
    for lst in (*by_x.values(), *by_y.values()):
        lst.sort()
    cells = []
    for x, y in points:
        downs = [y2 for y2 in by_x[x] if y2 > y + MIN_CELL and _covered(v[x], y, y2)]
        rights = [x2 for x2 in by_y[y] if x2 > x + MIN_CELL and _covered(h[y], x, x2)]
        found = None
        for y2 in downs:
            for x2 in rights:
                if (x2, y2) in points and _covered(h[y2], x, x2) and _covered(v[x2], y, y2):
                    found = (x, y, x2, y2)
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _tables(cells: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float, float, float]]]:
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    corners: dict[tuple[float, float], int] = {}
    for i, (x0, y0, x1, y1) in enumerate(cells):
        for corner in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
            j = corners.setdefault(corner, i)
            parent[find(i)] = find(j)
    groups: dict[int, list[tuple[float, float, float, float]]] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[find(i)].append(cell)
    tables = [g for g in groups.values() if len(g) >= 2]
    return sorted(tables, key=lambda g: min(c[1] for c in g))


class UnreadableText(Exception):
    """pdfium could not decode some of the page's text (non-embedded CID fonts)."""


def _check_text_objects(page: Any, textpage: Any) -> None:
    """Raise :class:`UnreadableText` when a text object decodes to nothing, or to
    character codes instead of characters.

    pdfium drops the characters of some non-embedded CJK CID fonts when the machine has
    no CJK font to stand in (e.g. reportlab's STSong-Light, older converters referencing
    SimSun): those text objects come back empty. A font with neither a usable font
    program nor a ToUnicode map comes back as its raw codes (control characters). pdfminer
    reads the first kind from the CMap alone, so the caller falls back to pdfplumber.
    """
    import ctypes

    import pypdfium2.raw as c

    for obj in page.get_objects(filter=[c.FPDF_PAGEOBJ_TEXT], max_depth=8):
        size = c.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
        if size <= 2:  # just the terminator
            raise UnreadableText("a text object pdfium cannot decode")
        buffer = ctypes.create_string_buffer(size)
        c.FPDFTextObj_GetText(obj.raw, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(c.FPDF_WCHAR)), size)
        text = buffer.raw[: size - 2].decode("utf-16-le", errors="replace")
        if any(_is_code(ch) for ch in text):
            raise UnreadableText(f"a text object pdfium decodes to character codes ({text[:8]!r})")


def _is_code(ch: str) -> bool:
    """A C0 control character (other than white space) or U+FFFD: a code, not a character."""
    return (ch < " " and ch not in "\t\n\r") or ch == "\ufffd"


def _chars(page: Any, height: float) -> list[dict[str, Any]]:
    import pypdfium2.raw as c

    tp = page.get_textpage()
    _check_text_objects(page, tp)
    n = tp.count_chars()
    out = []
    seen: set[tuple[str, int, int]] = set()
    for i in range(n):
        # by index: get_text_range() is not aligned with the character indices
        code = c.FPDFText_GetUnicode(tp.raw, i)
        if code == 0 or c.FPDFText_IsGenerated(tp.raw, i) == 1:
            continue
        ch = chr(code)
        if ch.isspace():
            continue
        left, bottom, right, top = tp.get_charbox(i, loose=True)
        key = (ch, round(left), round(top))
        if key in seen:  # fake bold: the same glyph printed twice at one place
            continue
        seen.add(key)
        out.append(
            {"text": ch, "x0": left, "x1": right, "top": height - top, "bottom": height - bottom, "size": top - bottom}
        )
    tp.close()
    return out


def _grid(
    cells: list[tuple[float, float, float, float]], chars: list[dict[str, Any]], page_number: int
) -> tuple[Grid, list[int]]:
    xs = sorted({c[0] for c in cells} | {c[2] for c in cells})
    ys = sorted({c[1] for c in cells} | {c[3] for c in cells})
    col_of = {x: i for i, x in enumerate(xs)}
    row_of = {y: i for i, y in enumerate(ys)}
    at: dict[tuple[int, int], int] = {}
    for k, (x0, y0, x1, y1) in enumerate(cells):
        for r in range(row_of[y0], row_of[y1]):
            for col in range(col_of[x0], col_of[x1]):
                at[(r, col)] = k
    texts: list[list[dict[str, Any]]] = [[] for _ in cells]
    used: list[int] = []
    for i, ch in enumerate(chars):
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        col, r = bisect_right(xs, cx) - 1, bisect_right(ys, cy) - 1
        k = at.get((r, col))
        if k is not None:
            texts[k].append(ch)
            used.append(i)
    # rows and columns are the distinct cell edges actually used as cell starts
    starts_x = sorted({c[0] for c in cells})
    starts_y = sorted({c[1] for c in cells})
    out = []
    for k, (x0, y0, x1, y1) in enumerate(cells):
        lines = [t for _, t in _lines_from_chars(texts[k], tolerance=1.5)]
        col, row = starts_x.index(x0), starts_y.index(y0)
        colspan = sum(1 for x in starts_x if x0 <= x < x1 - 0.5)
        rowspan = sum(1 for y in starts_y if y0 <= y < y1 - 0.5)
        out.append(
            Cell("\n".join(lines), row, col, rowspan, colspan, Location(page=page_number, bbox=(x0, y0, x1, y1)))
        )
    out.sort(key=lambda c: (c.row, c.col))
    return Grid(out, positions="exact", source="pdf/pdfium"), used


def read_pdfium(
    source: str | Path | bytes,
    *,
    password: str | None = None,
    max_pages: int = 200,
    skip: dict[int, str] | None = None,
) -> Document:
    """Read a PDF into a :class:`~govdisclosure.document.Document` with pdfium.

    ``skip`` maps the pages (1-based) not to parse to the reason, said in ``doc.notes``.
    """
    skip = skip or {}
    pdf = _open(source, password)
    try:
        n_pages = len(pdf)
        if n_pages > max_pages:
            raise SourceTooLargeError(f"the PDF has {n_pages} pages, above the limit of {max_pages} (max_pages=)")
        doc = Document(source="pdf/pdfium")
        doc.notes.extend(f"page {n} was not read: {why}" for n, why in sorted(skip.items()))
        total_chars = images = 0
        for number in range(1, n_pages + 1):
            if number in skip:
                continue
            page = pdf[number - 1]
            try:
                height = page.get_height()
                chars = _chars(page, height)
                total_chars += len(chars)
                if not chars:
                    import pypdfium2.raw as c

                    images += sum(1 for _ in page.get_objects(filter=[c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
                hs, vs = _path_segments(page, height)
                h, v = _merge(hs), _merge(vs)
                found: list[tuple[float, Grid]] = []
                taken: set[int] = set()
                for cells in _tables(_cells(h, v)):
                    grid, used = _grid(cells, chars, number)
                    taken.update(used)
                    found.append((min(c[1] for c in cells), grid))
                add_page(doc, [ch for i, ch in enumerate(chars) if i not in taken], found)
            finally:
                page.close()
        if total_chars == 0:
            if images:
                raise NoTextLayerError("the PDF pages hold images only (a scan): OCR is needed before extraction")
            raise NoTextLayerError("the PDF holds no text at all" + "".join(f"; {note}" for note in doc.notes))
        return doc
    except (NoTextLayerError, SourceTooLargeError, UnreadableText):
        raise
    except Exception as exc:
        raise CorruptPDFError(f"the PDF's pages cannot be read ({type(exc).__name__}: {exc})") from exc
    finally:
        pdf.close()
