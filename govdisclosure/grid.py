"""The layout-neutral grid that every reader produces.

A reader (text, HTML, PDF, …) turns its source into :class:`Grid` objects made of
:class:`Cell` objects. Nothing after the readers knows which layout a grid came from:
the only layout facts the rest of the pipeline sees are the cells' positions and
whether those positions can be trusted (:attr:`Grid.positions`).

    >>> from govdisclosure.grid import Cell, Grid
    >>> g = Grid([Cell("自然人", row=0, col=0), Cell("3", row=1, col=0)], positions="exact")
    >>> g.n_rows, g.n_cols
    (2, 1)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

Positions = Literal["exact", "rows", "stream"]
"""How far a grid's cell positions can be trusted.

``exact``
    rows, columns and spans are those of the printed table (HTML, PDF, Word).
``rows``
    each cell's row is a printed row and cells are in order, but spans were lost,
    so column numbers are only indicative (pipe or tab separated text).
``stream``
    only the reading order survives (one cell per line).
"""


@dataclass(frozen=True, slots=True)
class Location:
    """Where a cell came from in its source, for provenance.

    Only the fields the layout knows are set: ``line`` for text, ``path`` (an
    element path) for HTML, ``page`` and ``bbox`` (x0, top, x1, bottom in PDF points)
    for PDF.
    """

    line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    path: str | None = None

    def describe(self) -> str:
        """A short human-readable form, e.g. ``line 42`` or ``page 4 (72.0, 90.1, …)``."""
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.bbox is not None:
            parts.append("bbox " + ",".join(f"{v:.1f}" for v in self.bbox))
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.path is not None:
            parts.append(self.path)
        return " ".join(parts)


_NOWHERE = Location()
"""The location of a cell whose source is not known (frozen: one serves every such cell)."""


@dataclass(slots=True)
class Cell:
    """One cell of a grid: its text and where it sits.

    ``row`` and ``col`` are zero-based; ``rowspan``/``colspan`` are 1 unless the layout
    knows the cell is merged. ``text`` keeps the cell's characters with line breaks
    inside the cell turned into ``\\n``.
    """

    text: str
    row: int = 0
    col: int = 0
    rowspan: int = 1
    colspan: int = 1
    loc: Location = _NOWHERE
    glued: bool = False
    """True when the cell may hold several cells' text run together (their
    boundaries were lost, as in text scraped without separators)."""

    @property
    def is_empty(self) -> bool:
        """True when the cell holds nothing but white space."""
        return not self.text or self.text.isspace()

    def covers(self, row: int, col: int) -> bool:
        """True when the (possibly merged) cell covers grid position (row, col)."""
        return self.row <= row < self.row + self.rowspan and self.col <= col < self.col + self.colspan


@dataclass
class Grid:
    """The cells of one table (or one table fragment) in reading order.

    ``positions`` says how far the cells' row/column numbers can be trusted (see
    :data:`Positions`); ``source`` names the reader and layout for messages, e.g.
    ``"text/pipe"`` or ``"html"``. ``traceless`` is True for layouts where a blank
    cell, or the boundary between two cells, leaves no trace (cells split by white
    space or run together): a row's arithmetic failing there may be the reading's fault.
    """

    cells: list[Cell]
    positions: Positions = "exact"
    source: str = ""
    caption: str = ""
    traceless: bool = False

    def __iter__(self) -> Iterator[Cell]:
        return iter(self.cells)

    def __len__(self) -> int:
        return len(self.cells)

    @property
    def n_rows(self) -> int:
        """Number of grid rows (0 for an empty grid)."""
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        """Number of grid columns (0 for an empty grid)."""
        return max((c.col + c.colspan for c in self.cells), default=0)

    def rows(self) -> list[list[Cell]]:
        """The cells grouped by the row they start in, each row in column order."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row].append(c)
        for r in out:
            r.sort(key=lambda c: c.col)
        return out

    def text_rows(self) -> list[list[str]]:
        """The grid as a list of rows of strings, merged cells repeated over their span.

        Handy to look at a grid in a notebook::

            >>> Grid([Cell("a", colspan=2), Cell("1", row=1), Cell("2", row=1, col=1)]).text_rows()
            [['a', 'a'], ['1', '2']]
        """
        table = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    table[r][k] = c.text
        return table


def _row_texts(grid: Grid, r: int) -> tuple[str, ...]:
    return tuple("".join(c.text.split()) for c in sorted((c for c in grid.cells if c.row == r), key=lambda c: c.col))


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _columns_by_geometry(fragments: list[Grid], tol: float = 3.5) -> list[Grid] | None:
    """Renumber the columns of PDF fragments on one set of x edges, or None.

    A table printed over several pages keeps its column positions, but each page's
    table finder only knows the edges used on that page; numbering columns by the
    edges of all pages together lines the fragments up. Printers move the outer box
    by a few points from page to page, hence the tolerance; when the edges still do
    not line up (more columns than any fragment has), None.
    """
    edges = _cluster([x for f in fragments for c in f.cells for x in (c.loc.bbox[0], c.loc.bbox[2])], tol)  # type: ignore[index]
    if len(edges) - 1 > max(f.n_cols for f in fragments):
        return None

    def index(x: float) -> int:
        return min(range(len(edges)), key=lambda i: abs(edges[i] - x))

    out = []
    for f in fragments:
        cells = []
        for c in f.cells:
            x0, _, x1, _ = c.loc.bbox  # type: ignore[misc]
            i, j = index(x0), index(x1)
            cells.append(Cell(c.text, c.row, i, c.rowspan, max(1, j - i), c.loc))
        out.append(Grid(cells, positions=f.positions, source=f.source, caption=f.caption))
    return out


def stitch(fragments: list[Grid]) -> Grid:
    """Join the fragments of one table (page or section breaks) into one grid.

    A fragment's rows that repeat the first fragment's leading rows (a header printed
    again after a page break) are dropped. A row narrower than the widest fragment
    (its label cells were merged cells begun on the previous page, or its page used
    fewer label columns) is moved right so that its last cell sits in the table's
    last column: values are always at the right. Fragments whose cells have PDF
    bounding boxes are first put on one set of column edges by their x-coordinates.
    Positions stay ``exact`` only when every fragment was exact.

        >>> a = Grid([Cell("h", 0, 0), Cell("x", 0, 1), Cell("r1", 1, 0), Cell("1", 1, 1)])
        >>> b = Grid([Cell("h", 0, 0), Cell("x", 0, 1), Cell("2", 1, 0)])
        >>> [(c.text, c.row, c.col) for c in stitch([a, b]).cells][-1]
        ('2', 2, 1)
    """
    fragments = [f for f in fragments if f.cells]
    if not fragments:
        return Grid([])
    if len(fragments) == 1:
        return fragments[0]
    first = fragments[0]
    if all(c.loc.bbox is not None for f in fragments for c in f.cells):
        fragments = _columns_by_geometry(fragments) or fragments
    width = max(f.n_cols for f in fragments)
    head = [_row_texts(first, r) for r in range(min(first.n_rows, 6))]
    cells: list[Cell] = []
    offset = 0
    for i, frag in enumerate(fragments):
        skip = 0
        if i > 0:
            while skip < frag.n_rows and skip < len(head) and _row_texts(frag, skip) == head[skip] and any(head[skip]):
                skip += 1
        # a fragment may lack columns another has (a label column no row on that page
        # used, merged cells begun on the previous page): rows align on their right edge
        right: dict[int, int] = {}
        for c in frag.cells:
            if c.row < skip:
                continue
            for r in range(c.row, c.row + c.rowspan):
                right[r] = max(right.get(r, 0), c.col + c.colspan)
        for c in frag.cells:
            if c.row < skip:
                continue
            shift = width - right.get(c.row, width)
            cells.append(Cell(c.text, offset + c.row - skip, c.col + shift, c.rowspan, c.colspan, c.loc))
        offset += frag.n_rows - skip
    positions: Positions = "exact" if all(f.positions == "exact" for f in fragments) else "rows"
    return Grid(cells, positions=positions, source=first.source, caption=first.caption)
