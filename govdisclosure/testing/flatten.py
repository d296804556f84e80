"""Flatten a report as the tools people use would: a PDF's text layer, a web page's text.

Most reports that users hold as text did not come from this library's renderers but from
a crawler or a notebook. Each flattener here runs the real tool (nothing is imitated),
so tests can read back what those tools make:

* PDF text layers (:data:`PDF_FLATTENERS`): pdfplumber's ``extract_text()`` (plain and
  ``layout=True``), pypdfium2's ``get_text_range()``, poppler's ``pdftotext`` (raw and
  ``-layout``) and pdfminer.six's ``extract_text``;
* web pages (:data:`HTML_FLATTENERS`): BeautifulSoup's ``get_text`` with ``""``,
  ``" "``, ``"\\n"`` and ``"\\t"``, html2text, markdownify and trafilatura.

The tools are test dependencies (``pip install "govdisclosure[test]"``; ``pdftotext``
comes with poppler-utils); a flattener whose tool is missing raises ``ImportError`` or
``FileNotFoundError``, it never falls back to something else.

    >>> text = HTML_FLATTENERS["get_text-space"]("<p>规章</p><table><tr><td>0</td><td>1</td></tr></table>")
    >>> text.split()
    ['规章', '0', '1']
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path


def _pages_joined(texts: list[str]) -> str:
    return "\n".join(texts)


def plumber_text(pdf: bytes) -> str:
    """``"\\n".join(page.extract_text() for page in pdfplumber.open(pdf).pages)``."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return _pages_joined([page.extract_text() or "" for page in doc.pages])


def plumber_layout_text(pdf: bytes) -> str:
    """pdfplumber's ``extract_text(layout=True)``: words placed by their positions."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return _pages_joined([page.extract_text(layout=True) or "" for page in doc.pages])


def pdfium_text(pdf: bytes) -> str:
    """pypdfium2's ``get_textpage().get_text_range()`` of every page."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        texts = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return _pages_joined(texts)
    finally:
        doc.close()


def pdftotext(pdf: bytes, *, layout: bool = False) -> str:
    """poppler's ``pdftotext`` (``-layout`` when asked), run on the bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(pdf)
        args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
        return subprocess.run(args, check=True, capture_output=True, timeout=60).stdout.decode("utf-8")


def pdfminer_text(pdf: bytes) -> str:
    """pdfminer.six's ``high_level.extract_text`` with its default layout analysis."""
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(pdf))


def get_text(html: str | bytes, separator: str) -> str:
    """BeautifulSoup's ``get_text(separator)`` of the whole page (lxml parser)."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "lxml").get_text(separator)


def html2text_text(html: str | bytes) -> str:
    """html2text's markdown of the page."""
    import html2text

    return html2text.html2text(_as_str(html))


def markdownify_text(html: str | bytes) -> str:
    """markdownify's markdown of the page."""
    import markdownify

    return markdownify.markdownify(_as_str(html))


def trafilatura_text(html: str | bytes) -> str:
    """trafilatura's main text of the page, tables included (site chrome dropped)."""
    import trafilatura

    return trafilatura.extract(_as_str(html), include_tables=True) or ""


def _as_str(html: str | bytes) -> str:
    if isinstance(html, str):
        return html
    from ..readers.html import decode_html

    return decode_html(html)


PDF_FLATTENERS: dict[str, Callable[[bytes], str]] = {
    "pdfplumber": plumber_text,
    "pdfplumber-layout": plumber_layout_text,
    "pypdfium2": pdfium_text,
    "pdftotext": pdftotext,
    "pdftotext-layout": lambda pdf: pdftotext(pdf, layout=True),
    "pdfminer": pdfminer_text,
}
"""Text layers of a PDF (bytes → text), by the tool that makes them."""

HTML_FLATTENERS: dict[str, Callable[[str | bytes], str]] = {
    "get_text-empty": lambda html: get_text(html, ""),
    "get_text-space": lambda html: get_text(html, " "),
    "get_text-newline": lambda html: get_text(html, "\n"),
    "get_text-tab": lambda html: get_text(html, "\t"),
    "html2text": html2text_text,
    "markdownify": markdownify_text,
    "trafilatura": trafilatura_text,
}
"""Texts of a web page (HTML → text), by the tool and separator that make them."""
