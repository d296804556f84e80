"""Reader for reports that arrive as flattened text.

Text scraped from report pages keeps the tables in one of a few shapes. This reader
knows the shapes, not the tables:

``pipe``
    one table row per line, cells joined by ``|`` (spanned cells left as empty pipes).
``markdown``
    a markdown pipe table (rows start with ``|``, a ``|---|`` separator line).
``pipe-cells``
    one cell per line, each ending in `` |``; extra pipes mark spanned cells.
``tab``
    one table row per line, cells separated by tabs, spanned cells as empty fields.
``lines``
    one cell per line; a line holding only a no-break space (a scraped ``&nbsp;``)
    is a blank cell, an empty line is nothing.
``blocks``
    one cell per paragraph: cells separated by blank lines, a cell's own line breaks
    kept inside it (``结果\\n纠正`` is one cell).
``words``
    cells separated by white space, rows by nothing in particular: the text layer of a
    PDF (``pdfplumber``'s ``extract_text()``, ``pypdfium2``, ``pdftotext -layout``) or
    ``get_text(" ")`` of a page. Every word is a cell, in reading order; a blank cell
    left no trace; page numbers (``- 4 -``) are dropped.
``collapsed``
    cells run together with no separator at all (``行政规范性文件77132470``), as a
    naive ``get_text()`` leaves them: text and digit runs become cells marked
    ``glued``, to be cut apart by the template's arithmetic.

    >>> grid = grid_from_lines([(1, "规章 | 0 | 0 | 0 |"), (2, "行政规范性文件 | 1 | 2 | 3 |")])
    >>> grid.source, [c.text for c in grid.cells][:4]
    ('text/pipe', ['规章', '0', '0', '0'])
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from itertools import count, repeat
from operator import itemgetter

from ..errors import DecodingError, LayoutError
from ..grid import Cell, Grid, Location

LAYOUTS = ("pipe", "markdown", "pipe-cells", "tab", "lines", "blocks", "words", "collapsed")
_ROW_LAYOUTS = {"pipe", "markdown", "tab"}
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ONES = repeat(1)  # a cell's span where the layout does not know it (map stops at the fields' end)
_NBSP = "\xa0"  # what a scraped &nbsp; cell leaves on an otherwise empty line
# a label running straight into a number that runs into more text or ends the line
_GLUED = re.compile(r"[\u4e00-\u9fff）)”\"]\d+(?:\.\d+)?(?:[\u4e00-\u9fff（(]|$)")
_GLUED_LINE = re.compile(_GLUED.pattern, re.MULTILINE)  # the same, on many lines at once
_RUNS = re.compile(r"\d+(?:\.\d+)?|[^\d]+")
_NUMBER_RUN = re.compile(r"\d+(?:\.\d+)?")
# a number standing alone between white space (a PDF text layer's cells)
_SPACED_NUMBER = re.compile(r"(?:^|(?<=\s))[-+]?\d[\d,]*(?:\.\d+)?(?=\s|$)")
# a page number on a line of its own: ``- 4 -``, ``— 12 —``, ``第 3 页``, ``3 / 12``
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
_MAX_ROW_FIELDS = 40  # more fields than any table row has: the "row" is a whole table on one line
# what surrounds a line's filled fields: once a line is stripped of these, a pipe
# left inside it separates two filled fields
_SPACE_OR_PIPE = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace()) + "|"
_TEXT_OF = itemgetter(1)  # a numbered line's text


def decode(data: bytes) -> str:
    """Decode report bytes: BOM-marked UTF-8/UTF-16, then UTF-8, then GB18030.

    GB18030 is a superset of GBK and GB2312, the encodings Chinese government sites use
    besides UTF-8. Raises :class:`~govdisclosure.errors.DecodingError` when no encoding
    gives text (or the bytes hold NUL bytes, i.e. are binary).

        >>> decode("报告".encode("gbk"))
        '报告'
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise DecodingError(f"bytes start with a {enc} byte-order mark but do not decode: {exc}") from None
    if b"\x00" in data[:4096]:
        raise DecodingError("the bytes contain NUL bytes: this is a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise DecodingError(
            f"the bytes are neither UTF-8 nor GB18030/GBK text (first bad byte at offset {exc.start})"
        ) from None
    if text and not _CJK.search(text):
        raise DecodingError("the bytes decode as GB18030 only to text without Chinese: unknown encoding")
    return text


def text_lines(text: str) -> list[str]:
    """The text's lines, line endings (``\\r\\n``, ``\\r``, ``\\n``) removed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def split_lines(text: str) -> list[tuple[int, str]]:
    """The text as (1-based line number, line) pairs, line endings removed."""
    return list(enumerate(text_lines(text), 1))


def detect_layout(lines: list[tuple[int, str]]) -> str:
    """Guess which of :data:`LAYOUTS` a run of lines uses.

    >>> detect_layout([(1, "a\\t1\\t2"), (2, "b\\t3\\t4")])
    'tab'
    """
    texts = list(map(_TEXT_OF, lines))
    content = list(filter(str.strip, texts))  # lines with more than white space
    if not content:
        return "lines"
    n = len(content)
    joined = "\n".join(content)  # to ask once whether a mark occurs at all
    tabs = len([s for s in content if "\t" in s]) if "\t" in joined else 0
    if tabs >= max(2, 0.25 * n) and max(s.count("\t") for s in content) < _MAX_ROW_FIELDS:
        return "tab"
    piped = [s for s in content if "|" in s] if "|" in joined else []
    if len(piped) >= max(2, 0.3 * n) or (len(piped) >= 2 and _holds_the_numbers(piped, content)):
        pipe_first = len([s for s in piped if s.lstrip()[:1] == "|"])  # lines whose first mark is a pipe
        if pipe_first > 0.6 * len(piped) or any(_MD_SEPARATOR.match(s) for s in piped if "--" in s):
            return "markdown"
        # one cell per line (at most one filled field) on 80% of the piped lines; the
        # count stops as soon as too many lines hold several
        need = 0.8 * len(piped)
        multi = 0
        for s in piped:
            if "|" in s.strip(_SPACE_OR_PIPE):
                multi += 1
                if len(piped) - multi < need:
                    return "pipe"
        return "pipe-cells"
    if _is_words(content, joined):
        return "words"
    glued = sum(1 for s in content if _glued_line(s)) if _GLUED_LINE.search(joined) else 0
    if glued >= max(1, 0.3 * n):
        return "collapsed"
    # content lines followed by an empty one: a 1 then a 0 among the lines' flags
    blanks = bytes(map(bool, map(str.strip, texts))).count(b"\x01\x00")
    if blanks >= 0.6 * n and n > 3:
        return "blocks"
    return "lines"


def _holds_the_numbers(piped: list[str], content: list[str]) -> bool:
    """The piped lines hold nine in ten of the section's digits: the table is piped, the
    other lines are what a converter left beside it (a cell's further paragraphs)."""
    digits = sum(ch.isdigit() for s in content for ch in s)
    return digits > 0 and sum(ch.isdigit() for s in piped for ch in s) >= 0.9 * digits


def _is_words(content: list[str], joined: str) -> bool:
    """Cells split by white space: a fifth of the lines hold a number standing between
    spaces beside other words (or one line holds three: a row of numbers under a
    header), and such numbers outnumber the run-together ones."""
    spaced = [len(_SPACED_NUMBER.findall(s)) for s in content if len(s.split()) > 1]
    lines = sum(1 for k in spaced if k)
    if not lines or (lines < 0.2 * len(content) and max(spaced) < 3):
        return False
    return sum(spaced) > len(_GLUED_LINE.findall(joined))


def _glued_line(line: str) -> bool:
    """A line of run-together cells: a label runs into a number that runs into more
    text, in a line that is no sentence (a whole table on one line may hold a
    sentence's comma inside a label, so three such runs are enough there)."""
    if "。" not in line and "，" not in line:
        return bool(_GLUED.search(line))
    return len(_GLUED.findall(line)) >= 3


def _pipe_fields(line: str, lead: bool, trail: bool) -> list[str]:
    """A piped row's fields; ``lead``/``trail``: the table's rows carry outer pipes, so a
    pipe at the row's start or end opens or closes it rather than marking a blank cell
    (html2text writes rows without outer pipes: ``| 0| 231`` is a blank, then 0 and 231)."""
    s = line.strip()
    parts = s.split("|")
    if lead and s.startswith("|"):
        parts = parts[1:]
    if trail and s.endswith("|"):
        parts = parts[:-1]
    return list(map(str.strip, parts))


def _outer_pipes(lines: list[tuple[int, str]], markdown: bool) -> tuple[bool, bool]:
    """Whether a table's piped rows open and close with a pipe, as most rows do."""
    rows = [t.strip() for _, t in lines if "|" in t and t.strip()]
    if not rows:
        return markdown, True
    opened = sum(1 for t in rows if t.startswith("|"))
    closed = sum(1 for t in rows if t.endswith("|"))
    return markdown and opened > len(rows) / 2, closed > len(rows) / 2


@lru_cache(maxsize=4096)
def _line_location(number: int) -> Location:
    # Locations are frozen: cells of the same line, in any document, can share one
    return Location(line=number)


def grid_from_lines(lines: list[tuple[int, str]], layout: str | None = None) -> Grid:
    """Turn a run of text lines (a table's section) into a grid.

    ``layout`` is one of :data:`LAYOUTS`, or None to detect it. Row layouts give a
    ``rows`` grid (row = printed row, col = field number), the others a ``stream``
    grid of cells in reading order.
    """
    layout = layout or detect_layout(lines)
    if layout not in LAYOUTS:
        raise LayoutError(f"unknown text layout {layout!r}; known: {', '.join(LAYOUTS)}")
    cells: list[Cell] = []
    if layout in _ROW_LAYOUTS:
        lead, trail = _outer_pipes(lines, layout == "markdown")
        r = 0
        for number, line in lines:
            if not line.strip() or (layout == "markdown" and "--" in line and _MD_SEPARATOR.match(line)):
                continue
            loc = _line_location(number)
            if layout == "tab":
                fields = list(map(str.strip, line.split("\t")))
            elif "|" in line:
                fields = _pipe_fields(line, lead, trail)
            else:
                fields = [line.strip()]
            cells.extend(map(Cell, fields, repeat(r), count(), _ONES, _ONES, repeat(loc)))
            r += 1
        return Grid(cells, positions="rows", source=f"text/{layout}")
    if layout == "words":
        for page in _pages(lines):
            for (number, _), words in zip(page, words_with_blanks([line for _, line in page])):
                loc = _line_location(number)
                for word in words:
                    cells.append(Cell(word, len(cells), 0, 1, 1, loc))
        return Grid(cells, positions="stream", source="text/words", traceless=True)
    if layout == "collapsed":
        for number, line in lines:
            if not line.strip():
                continue
            cells.extend(_collapsed_cells(line.strip(), number, len(cells)))
        return Grid(cells, positions="stream", source="text/collapsed", traceless=True)
    if layout == "blocks":
        buf: list[str] = []
        start = 0
        for number, line in [*lines, (0, "")]:
            if line.strip() or _NBSP in line:
                if not buf:
                    start = number
                buf.append(line.strip())
            elif buf:
                cells.append(Cell("\n".join(buf).strip(), len(cells), 0, 1, 1, _line_location(start)))
                buf = []
        return Grid(cells, positions="stream", source="text/blocks")
    piped = layout == "pipe-cells"
    texts: list[str] = []
    numbers: list[int] = []
    for number, line in lines:
        text = line.strip()
        if piped and "|" in text:
            # one cell per line; further pipes on the line only mark spanned cells
            text = text.split("|", 1)[0].strip()
        elif not text and _NBSP not in line:
            continue  # an empty line is nothing; a scraped &nbsp; alone is a blank cell
        texts.append(text)
        numbers.append(number)
    cells = list(map(Cell, texts, count(), repeat(0), _ONES, _ONES, map(_line_location, numbers)))
    # one cell per line: a cell whose text was split over two lines (a number broken
    # by a page's markup) cannot be told from two cells
    return Grid(cells, positions="stream", source=f"text/{layout}", traceless=not piped)


def drop_running_lines(lines: list[tuple[int, str]], text: str | None = None) -> list[tuple[int, str]]:
    """The numbered lines without a PDF text layer's running headers and footers: a line
    printed beside two or more page breaks (a page number, a form feed), the same each time.
    ``text``: the lines' text, when the caller has it (to tell at once that it has no break).

        >>> page = [(1, "规章 0 0 0"), (2, "- 3 -"), (3, "某市2024年报告"), (4, "行政许可 5"), (5, "- 4 -"), (6, "某市2024年报告")]
        >>> [t for _, t in drop_running_lines(page)]
        ['规章 0 0 0', '- 3 -', '行政许可 5', '- 4 -']
    """
    if text is not None and text.count("\f") + _page_numbers_in(text) < 2:
        return lines  # no line can run from page to page (the text scanned once, not line by line)
    filled = [i for i, (_, line) in enumerate(lines) if line.strip()]
    texts = [lines[i][1] for i in filled]
    breaks = [k for k, text in enumerate(texts) if _PAGE_NUMBER.match(text) or "\f" in text]
    if len(breaks) < 2:
        return lines
    edges: dict[str, set[int]] = {}  # text of a line beside a page break -> the breaks it is beside
    for k in breaks:
        beside = [j for j in (k - 1, k + 1) if 0 <= j < len(texts) and j not in breaks]
        if not _PAGE_NUMBER.match(texts[k]):
            beside.append(k)  # a form feed opens the next page's first line
        for j in beside:
            edges.setdefault(_bare(texts[j]), set()).add(k)
    # a line holding spaced numbers may be a table row that happens to recur: never dropped
    running = {text for text, at in edges.items() if len(at) >= 2 and text and not _SPACED_NUMBER.search(text)}
    if not running:
        return lines
    return [(n, line) for n, line in lines if _bare(line) not in running]


_PAGE_MARKS = ("-", "—", "–", "－", "页", "/")  # one of these is in every page number


def _page_numbers_in(text: str) -> int:
    """How many page-number lines ``text`` holds: only the lines holding a page
    number's mark are tested (found by ``str.find``, far faster here than a regex or a
    test of every line: a report has hundreds of lines and a few such marks)."""
    starts: set[int] = set()
    for mark in _PAGE_MARKS:
        at = text.find(mark)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            starts.add(start)
            end = text.find("\n", at)
            at = text.find(mark, end) if end >= 0 else -1
    found = 0
    for start in starts:
        end = text.find("\n", start)
        if _PAGE_NUMBER.match(text[start : end if end >= 0 else len(text)]):
            found += 1
    return found


def _bare(line: str) -> str:
    return line.replace("\f", "").strip()


def _pages(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """The lines page by page: a page number (dropped) or a form feed (``pdftotext``'s
    page break) ends a page; columns are compared within a page only."""
    pages: list[list[tuple[int, str]]] = [[]]
    for number, line in lines:
        if _PAGE_NUMBER.match(line):
            pages.append([])
            continue
        if "\f" in line and pages[-1]:
            pages.append([])
        pages[-1].append((number, line))
    return [page for page in pages if page]


_PADDING = re.compile(r"\S {3,}\S")  # words set apart by their positions: a layout-mode text layer
_REACH = 12  # lines from a row to the complete rows whose columns it is read against, at most


def words_with_blanks(lines: list[str]) -> list[list[str]]:
    """Each line's words, with ``""`` where a layout-mode text layer left a column empty.

    pdfplumber's ``extract_text(layout=True)`` places every word by its position, so a
    blank cell leaves a gap under its column (``pdftotext -layout`` spaces each line by
    its own content: its rows line up only when printed alike). Where most
    lines holding numbers are padded that way, a line with fewer numbers than the
    complete rows (the most numbers a line holds) nearest above and below it, whose
    columns those rows agree on, gets a blank for each column its numbers leave free,
    provided each number sits under one column. Otherwise nothing is added: the blanks
    are left to the report's arithmetic.

        >>> rows = ["规章      1    0    11", "文件           26    66", "行政      8    26   66"]
        >>> words_with_blanks(rows)[1]
        ['文件', '', '26', '66']
    """
    words = [line.split() for line in lines]
    numbers = [[(m.start() + m.end()) / 2 for m in _SPACED_NUMBER.finditer(line)] for line in lines]
    with_numbers = [i for i, found in enumerate(numbers) if found]
    padded = sum(1 for i in with_numbers if _PADDING.search(lines[i]))
    if not with_numbers or padded < 0.5 * len(with_numbers):
        return words
    most = max(len(numbers[i]) for i in with_numbers)
    complete = [i for i in with_numbers if len(numbers[i]) == most]
    if most < 2 or len(complete) < 2:
        return words
    for i in with_numbers:
        if len(numbers[i]) < most:
            columns = _columns_near(i, complete, numbers)
            slots = _slots(numbers[i], columns) if columns else None
            if slots is not None:
                words[i] = _insert_blanks(words[i], slots, most)
    return words


def _columns_near(i: int, complete: list[int], numbers: list[list[float]]) -> list[float] | None:
    """The column centres of the complete rows nearest line ``i`` on its page (above,
    below, or both when both are near): None when those disagree (rows spaced by their
    own content, as ``pdftotext -layout`` does)."""
    near = [j for j in complete if abs(j - i) <= _REACH]
    above = [j for j in near if j < i][-1:]
    below = [j for j in near if j > i][:1]
    refs = [numbers[j] for j in above + below]
    if not refs:
        return None
    gaps = [b - a for a, b in zip(refs[0], refs[0][1:])]
    if min(gaps) < 3:
        return None  # columns too close to tell apart
    if len(refs) == 2 and any(abs(a - b) > min(gaps) / 4 for a, b in zip(*refs)):
        return None
    return refs[0]


def _slots(found: list[float], columns: list[float]) -> list[int] | None:
    """The column of each number, in order, each within a third of the narrowest gap of
    its column's centre; None when one is not."""
    tolerance = min(b - a for a, b in zip(columns, columns[1:])) / 3
    slots: list[int] = []
    for x in found:
        k = min(range(len(columns)), key=lambda c: abs(columns[c] - x))
        if abs(columns[k] - x) > tolerance or (slots and k <= slots[-1]):
            return None
        slots.append(k)
    return slots


def _insert_blanks(words: list[str], slots: list[int], n: int) -> list[str]:
    """The line's words with ``""`` for each of the ``n`` columns no number took."""
    out: list[str] = []
    taken = iter(slots)
    column = 0  # the next column a number or blank fills
    for word in words:
        if _SPACED_NUMBER.fullmatch(word):
            slot = next(taken)
            out.extend([""] * (slot - column))
            column = slot + 1
        out.append(word)
    out.extend([""] * (n - column))
    return out


def _collapsed_cells(line: str, number: int, start: int) -> list[Cell]:
    """Cut a line of run-together cells into text runs and digit runs.

    A numbered label (``2.其他法律行政法规禁止公开``) that follows a number loses its
    numeral to the digit run before it (``…00002.其他``): a digit run directly before
    ``.`` or ``、`` and a Chinese character gives its last digit back to the label.
    Digit runs are ``glued``: how many values they hold is for the aligner to decide.
    """
    runs = _RUNS.findall(line)
    out: list[str] = []
    for i, run in enumerate(runs):
        nxt = runs[i + 1] if i + 1 < len(runs) else ""
        if (
            run[0].isdigit()
            and "." not in run
            and len(nxt) >= 2
            and nxt[0] in ".、．"
            and "\u4e00" <= nxt[1] <= "\u9fff"
        ):
            if len(run) > 1:
                out.append(run[:-1])
            runs[i + 1] = run[-1] + nxt
            continue
        out.append(run)
    loc = _line_location(number)
    cells: list[Cell] = []
    for text in out:
        text = text.strip()
        if text:
            cells.append(Cell(text, row=start + len(cells), loc=loc, glued=bool(_NUMBER_RUN.fullmatch(text))))
    return cells
