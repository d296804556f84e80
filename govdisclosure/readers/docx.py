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
import zlib
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import CorruptDocumentError, SourceTooLargeError, UnsupportedSourceError
from ..grid import Cell, Grid, Location
from ..limits import current

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


MAX_GRID_SPAN = 64  # columns a Word table can have (Word itself allows 63)


def grid_span(raw: str) -> int:
    """A ``w:gridSpan`` value read defensively: a whole number from 1 to
    :data:`MAX_GRID_SPAN`; anything else (``abc``, ``4.0``, ``-3``, 5,000 digits) as
    Word reads it: ``4.0`` as 4, what is no number as 1.

    >>> grid_span("3"), grid_span("abc"), grid_span("4.0"), grid_span("9" * 5000), grid_span("-3")
    (3, 1, 4, 64, 1)
    """
    text = raw.strip()
    whole = text.split(".", 1)[0] if text.replace(".", "", 1).isdigit() else text
    if not whole.isdigit():
        return 1
    if len(whole) > 3:
        return MAX_GRID_SPAN
    return min(max(int(whole), 1), MAX_GRID_SPAN)


def check_zip(data: bytes) -> None:
    """Refuse a Word file whose parts inflate past ``Limits.max_word_part_bytes`` (a
    report's document.xml is well under a megabyte; a zip bomb is refused before parsing),
    by the sizes its directory states and by inflating each part only that far (a
    directory may lie)."""
    import zipfile

    most = current().max_word_part_bytes

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptDocumentError(f"the Word file is not a readable zip archive ({exc})") from exc
    with archive:
        for info in archive.infolist():
            if info.file_size > most:
                raise SourceTooLargeError(
                    f"the Word file's part {info.filename} inflates to {info.file_size} bytes, above the limit "
                    f"of {most} (Limits.max_word_part_bytes; a zip bomb, or no report)"
                )
            try:
                with archive.open(info) as member:
                    while member.read(1024 * 1024):
                        if member.tell() > most:
                            raise SourceTooLargeError(
                                f"the Word file's part {info.filename} inflates past {most} bytes, "
                                "more than its directory says (a zip bomb)"
                            )
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
                raise CorruptDocumentError(f"the Word file's part {info.filename} is damaged ({exc})") from exc


def _grid(tbl: Any, index: int, notes: list[str]) -> Grid:
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
                    raw = gs.get(f"{W}val", "1")
                    span = grid_span(raw)
                    if raw.strip() != str(span):
                        notes.append(f"gridSpan={raw[:20]!r}{'…' if len(raw) > 20 else ''} read as {span}")
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
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    check_zip(data)
    try:
        word = docx.Document(io.BytesIO(data))
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
            doc.add_grid(_grid(child, n_tables, doc.notes))
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
