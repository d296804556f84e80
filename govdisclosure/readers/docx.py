"""Reader for Word files: ``.docx`` with python-docx, ``.doc`` through LibreOffice.

The body is read in order: paragraphs become lines, tables become grids whose merged
cells come from Word's own markup (``w:gridSpan`` across, ``w:vMerge`` down), so the
rest of the pipeline sees the same kind of document as for HTML and PDF.

    >>> from govdisclosure.testing import example_report
    >>> from govdisclosure.testing.render_docx import render_docx
    >>> doc = read_docx(render_docx(example_report()))
    >>> len(doc.grids), doc.grids[2].n_cols
    (3, 15)
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import CorruptDocumentError, UnsupportedSourceError
from ..grid import Cell, Grid, Location

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(el: Any) -> str:
    """The text of a paragraph or cell: runs joined, paragraphs on their own lines."""
    paras = el.iter(f"{W}p") if el.tag != f"{W}p" else [el]
    lines = []
    for p in paras:
        parts = []
        for node in p.iter():
            if node.tag == f"{W}t" and node.text:
                parts.append(node.text)
            elif node.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            elif node.tag == f"{W}tab":
                parts.append("\t")
        lines.append("".join(parts))
    return "\n".join(lines)


def _grid(tbl: Any, index: int) -> Grid:
    cells: list[Cell] = []
    open_down: dict[int, Cell] = {}  # column → the cell a vMerge continues
    for r, tr in enumerate(tbl.iterchildren(f"{W}tr")):
        c = 0
        for k, tc in enumerate(tr.iterchildren(f"{W}tc")):
            pr = tc.find(f"{W}tcPr")
            span = 1
            merge = None
            if pr is not None:
                gs = pr.find(f"{W}gridSpan")
                if gs is not None:
                    span = max(1, int(gs.get(f"{W}val", "1")))
                vm = pr.find(f"{W}vMerge")
                if vm is not None:
                    merge = vm.get(f"{W}val", "continue")
            if merge == "continue" and c in open_down:
                open_down[c].rowspan += 1
            else:
                cell = Cell(_text(tc), r, c, 1, span, Location(path=f"table[{index}]/tr[{r + 1}]/tc[{k + 1}]"))
                cells.append(cell)
                if merge == "restart":
                    open_down[c] = cell
                else:
                    open_down.pop(c, None)
            c += span
    return Grid(cells, positions="exact", source="docx")


def read_docx(source: str | Path | bytes) -> Document:
    """Read a ``.docx`` into a :class:`~govdisclosure.document.Document`."""
    try:
        import docx
    except ImportError as exc:
        raise UnsupportedSourceError("reading Word files needs python-docx: pip install 'govdisclosure[word]'") from exc
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        word = docx.Document(stream)
    except Exception as exc:  # zipfile, lxml and python-docx errors alike
        raise CorruptDocumentError(f"the Word file cannot be opened ({type(exc).__name__}: {exc})") from exc
    doc = Document(source="docx")
    body = word.element.body
    n_tables = 0
    for child in body.iterchildren():
        if child.tag == f"{W}p":
            for line in _text(child).split("\n"):
                doc.add_line(line)
        elif child.tag == f"{W}tbl":
            doc.add_grid(_grid(child, n_tables))
            n_tables += 1
    return doc


def read_doc(source: str | Path | bytes, *, timeout: float = 120) -> Document:
    """Read a legacy ``.doc`` by converting it to ``.docx`` with LibreOffice first.

    Raises :class:`~govdisclosure.errors.UnsupportedSourceError` naming the missing
    tool when LibreOffice (``soffice``) is not installed.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise UnsupportedSourceError(
            "reading .doc files needs LibreOffice (the 'soffice' command) to convert them to .docx; "
            "install it (e.g. apt-get install libreoffice-writer) or save the file as .docx"
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.doc"
        path.write_bytes(source if isinstance(source, bytes) else Path(source).read_bytes())
        try:
            subprocess.run(
                [soffice, "--headless", "--convert-to", "docx", "--outdir", tmp, str(path)],
                check=True,
                capture_output=True,
                timeout=timeout,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise CorruptDocumentError(f"LibreOffice could not convert the .doc file ({exc})") from exc
        out = Path(tmp) / "report.docx"
        if not out.exists():
            raise CorruptDocumentError("LibreOffice produced no .docx from the .doc file")
        return read_docx(out.read_bytes())


__all__ = ["read_doc", "read_docx"]
