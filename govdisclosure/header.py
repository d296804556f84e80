"""The header-span graph: a table's header cells as a tree of spans.

A header cell is the parent of the cells it covers directly beneath it. Where the
layout kept the spans (HTML, PDF, Word) the graph is built from geometry and its
root-to-leaf paths are then matched to the template's column paths, sibling group by
sibling group. Where the layout lost them (flattened text), the cells are matched to
the template's column nodes in reading order (a breadth-first walk of the column tree
is the order in which a header is read row by row) and the spans follow from the
template. Either way the result is a ``networkx.DiGraph`` rooted at ``"root"`` whose
nodes carry the cell text, position and the matched template ``key``.

    >>> from govdisclosure.grid import Cell
    >>> from govdisclosure.schema import get_template
    >>> block = get_template("2021")["reviews"].blocks[0]
    >>> cells = [Cell(t) for t in ["行政复议", "行政诉讼", "结果维持", "结果", "其他", "尚未",
    ...          "总计", "未经复议直接起诉", "复议后起诉"] + ["结果", "结果", "其他", "尚未", "总计"] * 2]
    >>> g = graph_from_sequence(cells, block)
    >>> [g.nodes[n]["key"] for n in g.successors("root")]
    ['review', 'litigation']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx

from .grid import Cell
from .matching import STRONG, align, best_node, merge_fragments
from .schema.model import Block, Node, walk

ROOT = "root"


@dataclass(frozen=True, slots=True)
class LeafColumn:
    """A printed value column: the header leaf's key and the grid columns it spans."""

    key: str | None
    node: str
    text: str
    col: int
    colspan: int


def _attrs(cell: Cell, key: str | None, caption: bool) -> dict[str, object]:
    """A header cell's node attributes."""
    return {
        "text": cell.text,
        "row": cell.row,
        "col": cell.col,
        "rowspan": cell.rowspan,
        "colspan": cell.colspan,
        "loc": cell.loc,
        "key": key,
        "caption": caption,
    }


def _add_cell(g: nx.DiGraph, node_id: str, cell: Cell, key: str | None = None, caption: bool = False) -> None:
    g.add_node(node_id, **_attrs(cell, key, caption))


def _new_graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node(ROOT, text="", key=None, caption=False)
    return g


class HeaderCells:
    """A header matched in reading order (flattened text), before it becomes a graph.

    ``nodes`` maps node ids to cell attributes (as graph nodes carry them) and
    ``edges`` runs parent → child; both are made on first use, like the ``networkx``
    graph (:meth:`to_graph`): most reads only need what the shared :class:`SequencePlan`
    already says (the columns, the cells that matched nothing).
    """

    def __init__(self, cells: list[Cell], plan: SequencePlan) -> None:
        self.cells = cells
        self.plan = plan

    @cached_property
    def nodes(self) -> dict[str, dict]:
        plan, cells = self.plan, self.cells
        nodes: dict[str, dict] = {}
        for nid, grp, text, key, caption in zip(
            _node_ids(len(plan.groups)), plan.groups, plan.texts, plan.keys, plan.captions
        ):
            first = cells[grp[0]]
            if len(grp) > 1:
                first = Cell(text, first.row, first.col, first.rowspan, first.colspan, first.loc)
            nodes[nid] = _attrs(first, key, caption)
        return nodes

    @cached_property
    def edges(self) -> list[tuple[str, str]]:
        ids = _node_ids(len(self.plan.groups))
        return [(ids[p] if p >= 0 else ROOT, nid) for p, nid in zip(self.plan.parents, ids)]

    def to_graph(self) -> nx.DiGraph:
        g = _new_graph()
        g.add_nodes_from(self.nodes.items())
        g.add_edges_from(self.edges)
        return g

    def unmatched(self) -> list[dict]:
        """The attributes of the cells that match neither a column nor a caption."""
        if not self.plan.unmatched:
            return []
        nodes = list(self.nodes.values())
        return [nodes[i] for i in self.plan.unmatched]

    def columns(self, block: Block, unknown: bool = False) -> list[LeafColumn]:
        """:func:`template_columns` of these cells (memoized with the header's plan:
        the columns follow from the plan and the cells' column numbers alone)."""
        memo = self.plan.columns
        cells = self.cells
        key = (tuple([cells[g[0]].col for g in self.plan.groups]), unknown)
        cols = memo.get(key)
        if cols is None:
            cols = memo[key] = tuple(template_columns(self.nodes, block, unknown))
        return list(cols)


def graph_from_sequence(cells: list[Cell], block: Block) -> nx.DiGraph:
    """Header graph of a header whose spans were lost, from the cells in reading order.

    Cells are matched to the block's captions and to its column nodes in
    breadth-first order; a matched cell's parent is the cell matched to its template
    parent (or the nearest matched ancestor, or the column caption such as 申请人情况).
    Unmatched cells are kept as children of the root with ``key=None``.
    """
    return header_from_sequence(cells, block).to_graph()


def header_from_sequence(cells: list[Cell], block: Block) -> HeaderCells:
    """The cells and spans of :func:`graph_from_sequence`, without building the graph."""
    return HeaderCells(cells, _sequence_plan(tuple([c.text for c in cells]), block))


@dataclass(frozen=True, slots=True)
class SequencePlan:
    """What a header's texts in reading order make, whatever the cells' positions:
    which printed cells join into one header cell (``groups``), each header cell's
    text, key, whether it is a caption, and its parent (an index, -1 for the root)."""

    groups: tuple[tuple[int, ...], ...]
    texts: tuple[str, ...]
    keys: tuple[str | None, ...]
    captions: tuple[bool, ...]
    parents: tuple[int, ...]
    unmatched: tuple[int, ...] = ()
    """The header cells that match neither a column nor a caption."""
    columns: dict = field(default_factory=dict, compare=False)
    """Memo of :func:`template_columns` by the header cells' column numbers."""


_PLANS: dict[tuple[int, tuple[str, ...]], tuple[Block, SequencePlan]] = {}


def _sequence_plan(texts: tuple[str, ...], block: Block) -> SequencePlan:
    # Headers are printed alike from report to report: the plan is made once per
    # distinct header. Keyed by the block's identity (hashing a block hashes its whole
    # tree), the block kept in the value so that its id cannot be reused meanwhile.
    hit = _PLANS.get((id(block), texts))
    if hit is not None and hit[0] is block:
        return hit[1]
    captions = block.caption_nodes
    order = block.header_nodes
    groups = merge_fragments(texts, order, union=block.header_union)
    joined = tuple(["".join(texts[i] for i in g) for g in groups])
    idx = align(joined, order)
    keys: list[str | None] = []
    is_caption: list[bool] = []
    by_key: dict[str, int] = {}
    caption_at: dict[str, int] = {}
    for i, k in enumerate(idx):
        if k is None:
            keys.append(None)
            is_caption.append(False)
        elif k < len(captions):
            keys.append(None)
            is_caption.append(True)
            caption_at[order[k].label] = i
        else:
            keys.append(order[k].key)
            is_caption.append(False)
            by_key[order[k].key] = i
    parents = block.column_parents
    column_caption = caption_at.get(block.column_caption, -1) if block.column_caption else -1
    up: list[int] = []
    for key in keys:
        parent = -1
        if key is not None:
            anc = parents.get(key)
            while anc is not None and anc.key not in by_key:
                anc = parents.get(anc.key)
            if anc is not None:
                parent = by_key[anc.key]
            elif column_caption >= 0:
                parent = column_caption
        up.append(parent)
    unmatched = tuple(i for i, (k, c) in enumerate(zip(keys, is_caption)) if k is None and not c)
    plan = SequencePlan(tuple(tuple(g) for g in groups), joined, tuple(keys), tuple(is_caption), tuple(up), unmatched)
    if len(_PLANS) >= 4096:
        _PLANS.clear()
    _PLANS[(id(block), texts)] = (block, plan)
    return plan


_IDS: list[str] = []


def _node_ids(n: int) -> list[str]:
    """Node ids ``h0`` … ``h{n-1}`` (made once)."""
    while len(_IDS) < n:
        _IDS.append(f"h{len(_IDS)}")
    return _IDS[:n]


def join_fragments(cells: list[Cell], nodes: list[Node], union: tuple[str, ...] | None = None) -> list[Cell]:
    """Cells with label fragments (``商业`` / ``企业``) joined into one cell each."""
    groups = merge_fragments([c.text for c in cells], nodes, union=union)
    if all(len(g) == 1 for g in groups):
        return cells
    out = []
    for grp in groups:
        first = cells[grp[0]]
        if len(grp) == 1:
            out.append(first)
        else:
            text = "".join(cells[i].text for i in grp)
            out.append(Cell(text, first.row, first.col, first.rowspan, first.colspan, first.loc))
    return out


def join_vertical_fragments(cells: list[Cell], nodes: list[Node], union: tuple[str, ...]) -> list[Cell]:
    """Label cells of one column broken across rows (a page break inside a merged
    cell: ``（四）无`` above, ``法提供`` below) joined into one cell spanning both.

    Only cells directly on top of each other, neither matching a label strongly on
    its own, whose joined text does, are joined.
    """
    by_col: dict[int, list[Cell]] = {}
    for c in cells:
        by_col.setdefault(c.col, []).append(c)
    replaced: dict[int, Cell | None] = {}
    for col_cells in by_col.values():
        col_cells.sort(key=lambda c: c.row)
        for a, b in zip(col_cells, col_cells[1:]):
            if id(a) in replaced or b.row != a.row + a.rowspan or a.colspan != b.colspan:
                continue
            groups = merge_fragments([a.text, b.text], nodes, union=union)
            if len(groups) == 1:
                joined = Cell(a.text + b.text, a.row, a.col, a.rowspan + b.rowspan, a.colspan, a.loc)
                replaced[id(a)] = joined
                replaced[id(b)] = None
    if not replaced:
        return cells
    out = []
    for c in cells:
        r = replaced.get(id(c), c)
        if r is not None:
            out.append(r)
    return out


def graph_from_spans(cells: list[Cell], block: Block) -> nx.DiGraph:
    """Header graph from cells whose rows, columns and spans are the printed ones.

    Each cell's parent is the lowest cell above it whose column range contains its
    own. Keys are then assigned top-down: the children of each graph node, in column
    order, are aligned with the template children of the node's key (captions such as
    申请人情况 are transparent), and a child that fits nowhere in order is matched by
    label alone when exactly one unused template node fits it strongly.
    """
    g = _new_graph()
    ids = {id(c): f"h{i}" for i, c in enumerate(cells)}
    for c in cells:
        _add_cell(g, ids[id(c)], c, key=None, caption=False)
    for c in cells:
        parent = None
        for p in cells:
            if p is c or p.row + p.rowspan > c.row:
                continue
            inside = p.col <= c.col and c.col + c.colspan <= p.col + p.colspan
            if inside and (parent is None or p.row + p.rowspan > parent.row + parent.rowspan):
                parent = p
        g.add_edge(ids[id(parent)] if parent is not None else ROOT, ids[id(c)])

    caption_labels = tuple(block.captions)
    used: set[str] = set()
    all_nodes = [n for _, n in walk(block.columns)]
    node_by_key = {n.key: n for n in all_nodes}

    def assign(parent_id: str, expected: tuple[Node, ...]) -> None:
        children = sorted(g.successors(parent_id), key=lambda n: g.nodes[n]["col"])
        if not children:
            return
        texts = [g.nodes[ch]["text"] for ch in children]
        cap_idx = align(texts, [Node(f"caption:{i}", t) for i, t in enumerate(caption_labels)])
        rest = [ch for ch, k in zip(children, cap_idx) if k is None]
        for ch, k in zip(children, cap_idx):
            if k is not None:
                g.nodes[ch]["caption"] = True
                assign(ch, expected)
        pool = [n for n in expected if n.key not in used]
        idx = align([g.nodes[ch]["text"] for ch in rest], pool)
        for ch, k in zip(rest, idx):
            node = pool[k] if k is not None else None
            if node is None:
                free = [n for n in all_nodes if n.key not in used]
                j, s = best_node(g.nodes[ch]["text"], free)
                if j is not None and s >= STRONG:
                    node = free[j]
            if node is not None:
                g.nodes[ch]["key"] = node.key
                used.add(node.key)
                assign(ch, node_by_key[node.key].children)
            else:
                assign(ch, ())

    assign(ROOT, block.columns)
    return g


def leaves(g: nx.DiGraph) -> list[str]:
    """The graph's leaf cells that are not captions, in graph order."""
    return [n for n in g.nodes if n != ROOT and g.out_degree(n) == 0 and not g.nodes[n]["caption"]]


def leaf_columns(g: nx.DiGraph, block: Block, exact: bool, unknown: bool = False) -> list[LeafColumn]:
    """The printed value columns in left-to-right order.

    With exact positions the order is the header's own. Otherwise it is the
    template's: flattened text loses where spanned cells sat, and a header row broken
    over lines gives column numbers that cannot be trusted to reorder anything.
    A template leaf with no header cell is still a column when siblings or its
    parent printed (the header lost a word); when neither it nor any sibling printed
    but the parent did, the parent is the printed leaf (a group without sub-columns).
    """
    if exact:
        out = [
            LeafColumn(g.nodes[n]["key"], n, g.nodes[n]["text"], g.nodes[n]["col"], g.nodes[n]["colspan"])
            for n in leaves(g)
        ]
        return sorted(out, key=lambda c: c.col)
    return template_columns({n: d for n, d in g.nodes(data=True) if n != ROOT}, block, unknown)


def template_columns(nodes: dict[str, dict], block: Block, unknown: bool = False) -> list[LeafColumn]:
    """:func:`leaf_columns` in the template's order, from a header's cells (node id →
    attributes, root excluded, as in :attr:`HeaderCells.nodes`)."""
    by_key = {d["key"]: n for n, d in nodes.items() if d.get("key")}
    cols: list[LeafColumn] = []
    # pre-order walk with an explicit stack (a recursive closure would be a reference
    # cycle, left for the garbage collector on every call)
    stack = list(reversed(block.columns))
    while stack:
        node = stack.pop()
        if node.children:
            # nothing below printed (the leaves are among the descendants)
            if node.key in by_key and not any(k in by_key for k in node.descendant_keys):
                nid = by_key[node.key]
                cols.append(LeafColumn(node.key, nid, nodes[nid]["text"], nodes[nid]["col"], 1))
            else:
                stack.extend(reversed(node.children))
            continue
        nid = by_key.get(node.key, "")
        text = nodes[nid]["text"] if nid else ""
        col = nodes[nid]["col"] if nid else -1
        cols.append(LeafColumn(node.key, nid, text, col, 1))
    if not unknown:
        return cols
    # header cells that match nothing (an extra 法人或其他组织小计 column) are columns too:
    # they stand after the leaf printed before them, so the known columns still align
    order = list(nodes)
    position = {n: i for i, n in enumerate(order)}
    leaf_nodes = {c.node for c in cols if c.node}
    for n in order:
        d = nodes[n]
        if d["key"] is not None or d["caption"] or len(d["text"].strip()) > 24:
            continue
        before = [c for c in cols if c.node in leaf_nodes and position[c.node] < position[n]]
        at = cols.index(max(before, key=lambda c: position[c.node])) + 1 if before else 0
        cols.insert(at, LeafColumn(None, n, d["text"], d["col"], 1))
    return cols


def describe(g: nx.DiGraph) -> list[str]:
    """The graph as indented lines of ``text [key]``, for printing in a notebook.

    >>> print("\\n".join(describe(_new_graph())))
    root
    """
    lines: list[str] = []

    def rec(n: str, depth: int) -> None:
        d = g.nodes[n]
        if n == ROOT:
            lines.append("root")
        else:
            tag = "caption" if d.get("caption") else (d.get("key") or "UNMATCHED")
            lines.append("  " * depth + f"{d['text'].replace(chr(10), '')} [{tag}]")
        for ch in sorted(g.successors(n), key=lambda x: (g.nodes[x].get("col", 0), g.nodes[x].get("row", 0))):
            rec(ch, depth + 1)

    rec(ROOT, 0)
    return lines


def normalize_spans(cells: list[Cell], last_row: int) -> list[Cell]:
    """Repair header merges that an export flattened, before building the graph.

    Word and CMS editors often export a merged header cell as several cells: the text
    repeated in each (``申请人情况`` seven times) or written once and followed by empty
    cells. Adjacent header cells of one row with the same text become one cell; a
    labelled cell above the last header row takes in the empty cells that follow it
    in its row (a cell of the last header row covers nothing beneath it, so it is
    left alone). Returns the non-empty header cells.

        >>> cells = [Cell("行政复议", 0, 0), Cell("", 0, 1), Cell("行政诉讼", 0, 2), Cell("结果", 1, 0)]
        >>> [(c.text, c.colspan) for c in normalize_spans(cells, last_row=1)]
        [('行政复议', 2), ('行政诉讼', 1), ('结果', 1)]
    """
    by_row: dict[int, list[Cell]] = {}
    for c in cells:
        by_row.setdefault(c.row, []).append(c)
    out: list[Cell] = []
    for r in sorted(by_row):
        row = sorted(by_row[r], key=lambda c: c.col)
        merged: list[Cell] = []
        for c in row:
            prev = merged[-1] if merged else None
            adjacent = prev is not None and prev.col + prev.colspan == c.col and prev.rowspan == c.rowspan
            if adjacent and not c.is_empty and "".join(prev.text.split()) == "".join(c.text.split()):
                merged[-1] = Cell(prev.text, prev.row, prev.col, prev.rowspan, prev.colspan + c.colspan, prev.loc)
                continue
            if adjacent and c.is_empty and not prev.is_empty and r < last_row and c.rowspan == 1:
                merged[-1] = Cell(prev.text, prev.row, prev.col, prev.rowspan, prev.colspan + c.colspan, prev.loc)
                continue
            merged.append(c)
        out.extend(c for c in merged if not c.is_empty)
    return out
