"""Alignment of grids whose positions are known (HTML, PDF, Word): the header-span
graph from the cells' spans, row labels from the label columns, and each value at the
crossing of its row and its header leaf's columns.
"""

from __future__ import annotations

import networkx as nx

from ..findings import Finding
from ..grid import Cell, Grid
from ..header import graph_from_spans, join_fragments, join_vertical_fragments, leaf_columns, normalize_spans
from ..matching import STRONG, align, best_node, matches
from ..schema.model import Block, TableTemplate
from ..values import looks_like_value, parse_value
from .finish import count_labels
from .model import BLANK, Extraction, Placed


def _header_cells(graph: nx.DiGraph) -> list[dict]:
    """The attributes of a header graph's cells (every node but the root)."""
    return [d for n, d in graph.nodes(data=True) if n != "root"]


def align_exact(grid: Grid, table: TableTemplate, ex: Extraction) -> None:
    """Place the values of ``grid`` (cells at known rows and columns) into ``ex``: the
    grid is cut into blocks by their title rows, and each block aligned on its own rows."""
    cells = [c for c in grid.cells if not c.is_empty]
    if len(table.blocks) == 1:
        _align_block_exact(grid.cells, table.blocks[0], table, ex)
        return
    titles = [b.title for b in table.blocks if b.title]
    row_first: dict[int, Cell] = {}
    for c in sorted(cells, key=lambda c: (c.row, c.col)):
        row_first.setdefault(c.row, c)
    starts: list[tuple[int, Block]] = []
    for r, c in sorted(row_first.items()):
        k, score = best_node(c.text, titles)
        if k is not None and score >= STRONG:
            starts.append((r, table.blocks[k]))
    if not starts:
        for b in table.blocks:
            _align_block_exact(grid.cells, b, table, ex)
        return
    for j, (r0, block) in enumerate(starts):
        r1 = starts[j + 1][0] if j + 1 < len(starts) else grid.n_rows
        part = [c for c in grid.cells if r0 < c.row + c.rowspan and c.row < r1 and c.row != r0]
        _align_block_exact(part, block, table, ex)


def _align_block_exact(cells: list[Cell], block: Block, table: TableTemplate, ex: Extraction) -> None:
    nonempty = [c for c in cells if not c.is_empty]
    if not nonempty:
        return
    row_nodes = block.row_preorder
    has_labels = any(n.label for n in row_nodes)
    tops = [n for n in block.rows if n.label]
    # the body starts at the first row holding a value or a top-level row label
    body_row = None
    for c in sorted(nonempty, key=lambda c: (c.row, c.col)):
        if looks_like_value(c.text) or (has_labels and matches(c.text, tops)):
            body_row = c.row
            break
    n_rows = max(c.row + c.rowspan for c in cells)
    if body_row is None:
        body_row = n_rows
    header_cells = [c for c in cells if c.row < body_row and not looks_like_value(c.text)]
    if block.title:
        header_cells = [c for c in header_cells if c.is_empty or not matches(c.text, [block.title])]
    header = normalize_spans(header_cells, last_row=body_row - 1)
    graph = graph_from_spans(header, block)
    ex.headers[block.key] = graph
    cols = leaf_columns(graph, block, exact=True)
    matched = [c for c in cols if c.key is not None]
    value_start = min((c.col for c in matched), default=0) if has_labels else 0
    cols = [c for c in cols if c.col >= value_start]
    for c in cols:
        if c.key is None:
            d = graph.nodes[c.node]
            ex.findings.append(
                Finding(
                    "extraction_doubt",
                    "unmatched_column",
                    table.name,
                    f"header cell {d['text']!r} matches no column of the template; its values are kept unplaced",
                    location=d["loc"].describe(),
                )
            )
    # row labels: distinct label cells left of the values, in reading order
    label_cells = sorted(
        {
            id(c): c
            for c in nonempty
            if c.col < value_start and c.row + c.rowspan > body_row and not looks_like_value(c.text)
        }.values(),
        key=lambda c: (c.row, c.col),
    )
    if label_cells:
        label_cells = join_vertical_fragments(label_cells, block.label_nodes, block.label_union)
        label_cells = join_fragments(label_cells, block.label_nodes, block.label_union)
        label_cells.sort(key=lambda c: (c.row, c.col))
    idx = align([c.text for c in label_cells], row_nodes) if has_labels else [None] * len(label_cells)
    attrs = _header_cells(graph)
    count_labels(
        ex,
        idx,
        sum(1 for d in attrs if not d["caption"]),
        sum(1 for d in attrs if d["key"] is None and not d["caption"]),
    )
    row_key: dict[int, str | None] = {}
    for c, k in zip(label_cells, idx):
        if k is None:
            ex.findings.append(
                Finding(
                    "extraction_doubt",
                    "unmatched_row",
                    table.name,
                    f"row label {c.text!r} matches no row of the template; its values are kept unplaced",
                    location=c.loc.describe(),
                )
            )
            for r in range(c.row, c.row + c.rowspan):
                row_key.setdefault(r, None)
            continue
        node = row_nodes[k]
        if node.is_leaf:
            for r in range(c.row, c.row + c.rowspan):
                row_key[r] = node.key
    if not has_labels:
        for r in range(body_row, n_rows):
            if any(c.row <= r < c.row + c.rowspan and c.col >= value_start and not c.is_empty for c in cells):
                row_key[r] = block.rows[0].key
                break
    at: dict[tuple[int, int], Cell] = {}
    for c in cells:
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                at[(r, k)] = c
    done: set[str] = set()
    for r in sorted(row_key):
        key = row_key[r]
        if key in done:
            continue
        if key is not None:
            done.add(key)
        for col in cols:
            # the cell under the header leaf; a leaf spanning several grid columns
            # (table 2's 本年处理决定数量) takes the first non-empty cell beneath it
            under = [at[(r, k)] for k in range(col.col, col.col + col.colspan) if (r, k) in at]
            cell = next((c for c in under if not c.is_empty), under[0] if under else None)
            value = parse_value(cell.text) if cell is not None else BLANK
            if cell is not None and cell.row != r and not cell.is_empty:
                # a value cell merged down over several rows belongs to its first row only
                value, cell = BLANK, None
            if key is None or col.key is None:
                if cell is not None and not cell.is_empty:
                    ex.unplaced.append(
                        Placed(key or "unknown", col.key or f"unknown:{col.text}", value, cell, "position")
                    )
                continue
            ex.values[(key, col.key)] = Placed(key, col.key, value, cell, "position")
