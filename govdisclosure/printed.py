"""The official printed layout of a table: rows of cells with row and column spans.

Renderers (synthetic HTML, PDF, Word, text) and displays (a Report in a notebook)
start from this one layout, built from the template alone.

    >>> from govdisclosure.schema import get_template
    >>> rows = printed_table(get_template("2021")["reviews"], {})
    >>> [c.text for c in rows[0]]
    ['行政复议', '行政诉讼']
    >>> rows[0][1].colspan
    10
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .schema.model import Block, CellKey, Node, TableTemplate

Values = dict[CellKey, "float | int | str | None"]


@dataclass
class PCell:
    """A printed cell: text, spans, and ``key`` for value cells (row key, column key)."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    key: CellKey | None = None
    header: bool = False


def fmt_value(v: float | int | str | None) -> str:
    """How a value is printed: ints plainly, floats without trailing zeros, None as ''."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, float) and not v.is_integer():
        return f"{v:.4f}".rstrip("0").rstrip(".")
    return str(int(v))


def _depth(nodes: tuple[Node, ...]) -> int:
    return max((1 + _depth(n.children) for n in nodes), default=0)


def _header_rows(nodes: tuple[Node, ...], depth: int, label: Callable[[Node], str]) -> list[list[PCell]]:
    rows: list[list[PCell]] = [[] for _ in range(depth)]

    def rec(n: Node, d: int) -> None:
        width = len(n.leaves())
        span = 1 if n.children else depth - d
        rows[d].append(PCell(label(n), rowspan=span, colspan=width, header=True))
        for ch in n.children:
            rec(ch, d + 1)

    for n in nodes:
        rec(n, 0)
    return rows


def _block_rows(
    block: Block, values: Values, label: Callable[[Node], str], width: int, fmt: Callable[[object], str]
) -> list[list[PCell]]:
    cdepth = _depth(block.columns)
    rdepth = max(_depth(block.rows), 1)
    has_row_labels = any(n.label for n in block.rows)
    leaves = [n for c in block.columns for n in c.leaves()]
    out: list[list[PCell]] = []
    if block.title is not None:
        out.append([PCell(label(block.title), colspan=width, header=True)])
    header = _header_rows(block.columns, cdepth, label)
    extra = width - (rdepth if has_row_labels else 0) - len(leaves)
    if block.column_caption:
        header.insert(0, [PCell(block.column_caption, colspan=len(leaves), header=True)])
    if extra > 0 and header:
        # a block narrower than the table (table 2): its last column takes the slack
        header[0][-1].colspan += extra
        for r in header[1:]:
            if r:
                r[-1].colspan += extra
    if has_row_labels and header:
        corner = next((c for c in block.captions if c != block.column_caption), "")
        header[0].insert(0, PCell(corner, rowspan=len(header), colspan=rdepth, header=True))
    out.extend(header)

    def rec(n: Node, d: int, row_prefix: list[PCell]) -> None:
        if n.children:
            cell = PCell(label(n), rowspan=len(n.leaves()), colspan=1)
            first = True
            for ch in n.children:
                rec(ch, d + 1, (row_prefix + [cell]) if first else [])
                first = False
            return
        row = row_prefix + ([PCell(label(n), colspan=rdepth - d)] if has_row_labels else [])
        for j, leaf in enumerate(leaves):
            key = (n.key, leaf.key)
            cell = PCell(fmt(values.get(key)), key=key)
            if j == len(leaves) - 1 and extra > 0:
                cell.colspan += extra
            row.append(cell)
        out.append(row)

    for n in block.rows:
        rec(n, 0, [])
    return out


def printed_table(
    table: TableTemplate,
    values: Values,
    label: Callable[[Node], str] | None = None,
    fmt: Callable[[object], str] = fmt_value,  # type: ignore[assignment]
) -> list[list[PCell]]:
    """The official printed layout of one table: rows of cells with spans.

    ``label(node)`` chooses the printed label of each node (default: the official
    label), so renderers can print variants and truncations.
    """
    label = label or (lambda n: n.label)
    width = 0
    for b in table.blocks:
        has_row_labels = any(n.label for n in b.rows)
        leaves = sum(len(c.leaves()) for c in b.columns)
        width = max(width, (max(_depth(b.rows), 1) if has_row_labels else 0) + leaves)
    rows: list[list[PCell]] = []
    for b in table.blocks:
        rows.extend(_block_rows(b, values, label, width, fmt))
    return rows


def occupancy(rows: list[list[PCell]]) -> list[list[tuple[PCell, bool]]]:
    """Expand printed rows to a full grid: each position holds (cell, is_origin)."""
    grid: dict[tuple[int, int], tuple[PCell, bool]] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    grid[(r + dr, c + dc)] = (cell, dr == 0 and dc == 0)
            c += cell.colspan
    n_rows = max((r for r, _ in grid), default=-1) + 1
    n_cols = max((c for _, c in grid), default=-1) + 1
    return [[grid.get((r, c), (PCell(""), True)) for c in range(n_cols)] for r in range(n_rows)]
