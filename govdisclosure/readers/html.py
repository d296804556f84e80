"""Reader for reports published as web pages.

The page becomes a sequence of text lines in document order, in which every table
that holds no other table stands as one marker line (``\\x00table:N\\x00``), plus
the grids of those tables. Section headings are found in the lines by the same code
as for flattened text; the grids between two headings are that table's fragments.
Layout tables (a table that only wraps other tables) contribute their text, not a
grid. The reader knows nothing of the report's tables.

Parsing is safe for hostile input: lxml's HTML parser with no network access, no
DTD loading and no entity expansion beyond the HTML ones, comments and scripts
dropped, and a size limit.

    >>> doc = read_html("<h2>二、主动公开政府信息情况</h2><table><tr><td>规章</td><td>0</td></tr></table>")
    >>> doc.lines
    ['二、主动公开政府信息情况', '\\x00table:0\\x00']
    >>> [c.text for c in doc.grids[0].cells]
    ['规章', '0']
"""

from __future__ import annotations

import re

from lxml import etree

from ..document import MARKER, Document
from ..errors import DecodingError, SourceTooLargeError
from ..grid import Cell, Grid, Location
from ..limits import current
from .text import decode

MAX_SPAN = 1000
_BLOCK = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table", "section",
    "article", "header", "footer", "blockquote", "pre", "dt", "dd", "dl", "hr", "center", "form", "title",
    "caption", "thead", "tbody", "tfoot", "nav", "aside", "main", "figure", "address",
}  # fmt: skip
_CELL = {"td", "th"}
_DROP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "select"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


HTMLDocument = Document  # the page as lines and grids


def decode_html(data: bytes) -> str:
    """Decode page bytes: the ``<meta>`` charset when it works, else UTF-8, else GB18030.

    Pages declare GB2312 while using GBK characters, or declare nothing: GB2312 and
    GBK are read as GB18030 (their superset), and a declaration that fails to decode
    falls back to detection.
    """
    m = _CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii", "replace").lower()
        if enc in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936"):
            enc = "gb18030"
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode(data)
    except DecodingError as exc:
        raise DecodingError(f"the page is neither UTF-8 nor GB18030/GBK: {exc}") from None


def _parser() -> etree.HTMLParser:
    # plain etree elements: lxml.html's element classes cost a lookup per access
    return etree.HTMLParser(
        recover=True,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
        default_doctype=False,
    )


_DIGITS = re.compile(r"\s*(\d{1,6})(?!\d)")


def _span(el: etree._Element, name: str, notes: list[str] | None = None) -> int:
    """A ``rowspan``/``colspan`` read as browsers do: its leading digits, 1 when there
    are none (``abc``, ``-3``), at most :data:`MAX_SPAN` (a 5,000-digit span too).
    A value read otherwise than printed is said in ``notes``."""
    raw = el.get(name)
    if raw is None or raw == "1":
        return 1
    m = _DIGITS.match(raw)
    if m is None:
        value = MAX_SPAN if raw.strip().isdigit() else 1  # more than six digits: the most
    else:
        value = min(max(int(m.group(1)), 1), MAX_SPAN)
    if notes is not None and raw.strip() != str(value):
        notes.append(f"{name}={raw[:20]!r}{'…' if len(raw) > 20 else ''} read as {value}")
    return value


def _text_of(el: etree._Element) -> str:
    """The text of an element, with a line break at each block element or ``<br>``."""
    if len(el) == 0:  # the common cell: plain text
        return " ".join((el.text or "").replace("\xa0", " ").replace("\u3000", " ").split())
    parts: list[str] = []

    def rec(e: etree._Element) -> None:
        tag = e.tag if isinstance(e.tag, str) else ""
        if tag in _DROP:
            if e.tail:
                parts.append(e.tail)
            return
        block = tag in _BLOCK
        if block and parts:
            parts.append("\n")
        if e.text and tag != "br":
            parts.append(e.text)
        for ch in e:
            rec(ch)
        if block:
            parts.append("\n")
        if e.tail:
            parts.append(e.tail)

    if el.text:
        parts.append(el.text)
    for ch in el:
        rec(ch)
    text = "".join(parts).replace("\xa0", " ").replace("\u3000", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _grid(table: etree._Element, tree: etree._ElementTree, notes: list[str]) -> Grid:
    # only leaf tables reach here, so every <tr> below belongs to this table
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    rows = list(table.iter("tr"))
    limits = current()  # a report's tables have a few dozen rows; a list of documents far more
    if len(rows) > limits.max_table_rows:
        notes.append(f"a table of {len(rows)} rows was not read: no report table has more than {limits.max_table_rows}")
        return Grid([], positions="exact", source="html")
    for r, tr in enumerate(rows):
        c = 0
        row_path = tree.getpath(tr)  # one path per row; cells add their index
        seen: dict[str, int] = {}
        for td in tr:
            tag = td.tag
            if not isinstance(tag, str) or tag not in _CELL:
                continue
            seen[tag] = seen.get(tag, 0) + 1
            while (r, c) in taken:
                c += 1
            rowspan = min(_span(td, "rowspan", notes), len(rows) - r)
            colspan = _span(td, "colspan", notes)
            if len(taken) + rowspan * colspan > limits.max_table_positions:
                notes.append(
                    f"a table spanning more than {limits.max_table_positions} positions was read only up to row {r}"
                )
                return Grid(cells, positions="exact", source="html")
            if rowspan > 1 or colspan > 1:
                for dr in range(rowspan):
                    for dc in range(colspan):
                        taken.add((r + dr, c + dc))
            cells.append(Cell(_text_of(td), r, c, rowspan, colspan, Location(path=f"{row_path}/{tag}[{seen[tag]}]")))
            c += colspan
    return Grid(cells, positions="exact", source="html")


def read_html(source: str | bytes, *, max_bytes: int | None = None) -> Document:
    """Parse a page into a :class:`~govdisclosure.document.Document`.

    Raises :class:`~govdisclosure.errors.SourceTooLargeError` above ``max_bytes`` and
    :class:`~govdisclosure.errors.DecodingError` for bytes in no known encoding.
    """
    size = len(source)
    max_bytes = max_bytes or current().max_html_bytes  # report pages are far smaller
    if size > max_bytes:
        raise SourceTooLargeError(f"the page is {size} bytes, above the HTML limit of {max_bytes}")
    text = decode_html(source) if isinstance(source, bytes) else source
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses str input with an encoding declaration
    try:
        root = etree.fromstring(text, parser=_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return Document(source="html")
    if root is None:
        return Document(source="html")
    tree = root.getroottree()
    doc = Document(source="html")
    leaf_tables = [t for t in root.iter("table") if not t.xpath(".//table")]
    index = {id(t): i for i, t in enumerate(leaf_tables)}
    doc.grids = [_grid(t, tree, doc.notes) for t in leaf_tables]

    buf: list[str] = []

    def flush() -> None:
        text = "".join(buf).replace("\xa0", " ").replace("\u3000", " ")
        for line in text.split("\n"):
            line = " ".join(line.split())
            if line:
                doc.lines.append(line)
        buf.clear()

    def rec(e: etree._Element) -> None:
        tag = e.tag if isinstance(e.tag, str) else ""
        if id(e) in index:
            flush()
            doc.lines.append(MARKER.format(index[id(e)]))
            if e.tail:
                buf.append(e.tail)
            return
        if tag in _DROP:
            if e.tail:
                buf.append(e.tail)
            return
        block = tag in _BLOCK or tag in _CELL
        if block:
            buf.append("\n")
        if e.text and tag != "br":
            buf.append(e.text)
        for ch in e:
            rec(ch)
        if block:
            buf.append("\n")
        if e.tail:
            buf.append(e.tail)

    body = root.find("body")
    rec(body if body is not None else root)
    flush()
    return doc
