"""Alignment: give every value cell of a grid its canonical (row key, column key).

Two paths, chosen by how far the grid's positions can be trusted:

* **exact** grids (HTML, PDF, Word): the header-span graph is built from the spans,
  row labels are read from the label columns (rowspans included), and each value is
  the cell at the crossing of its row and its header leaf's columns.
* **rows** and **stream** grids (flattened text): cells are read in order. Row labels
  are matched to the template's row tree in order; each row's values are the value
  and blank cells that follow its label. When a row has fewer printed values than
  columns, the blanks' places are decided from the empty fields that survived, the
  column numbers, and the row's own arithmetic; when more than one placement still
  fits, the first is taken and an ``ambiguous_placement`` finding lists them all.

Nothing here knows which layout a grid came from.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations, compress, filterfalse, islice
from itertools import count as counter
from operator import attrgetter, itemgetter

import networkx as nx

from .findings import Finding
from .grid import Cell, Grid
from .header import (
    HeaderCells,
    LeafColumn,
    SequencePlan,
    graph_from_spans,
    header_from_sequence,
    join_fragments,
    join_vertical_fragments,
    leaf_columns,
    normalize_spans,
)
from .labels import best_of
from .matching import STRONG, align, best_node, matches, split_glued
from .schema.model import Block, CellKey, Node, Rule, TableTemplate, walk
from .values import PARSED, CellValue, looks_like_value, parse_value

MAX_BLANK_PLACEMENTS = 7000
"""Above this many ways to place lost blanks, a row is reported unresolved instead."""


@dataclass(slots=True)
class Placed:
    """A value with its canonical address and where it came from.

    ``how`` says how the place was decided: ``position`` (the grid's own row and
    column), ``sequence`` (reading order), ``window`` (reading order with the empty
    fields that survived), ``arithmetic`` (the report's totals chose among
    placements), ``absent`` (not in the source).
    """

    row_key: str
    col_key: str
    value: CellValue
    cell: Cell | None = None
    how: str = "position"


@dataclass
class Extraction:
    """What alignment made of one table."""

    name: str
    values: dict[CellKey, Placed] = field(default_factory=dict)
    headers: dict[str, nx.DiGraph | HeaderCells] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    unplaced: list[Placed] = field(default_factory=list)
    source: str = ""
    found: bool = True
    labels_matched: int = 0
    labels_unmatched: int = 0
    by_values: bool = field(default=False, repr=False, compare=False)
    """True when a placement depended on the printed numbers (arithmetic chose among
    readings, or a reading was told apart by its texts), not on the table's skeleton."""

    @property
    def graphs(self) -> dict[str, nx.DiGraph]:
        """The header-span graph of each block (graphs of flattened text are built on
        first use)."""
        graphs = {}
        for key, header in self.headers.items():
            if isinstance(header, HeaderCells):
                header = self.headers[key] = header.to_graph()
            graphs[key] = header
        return graphs


_BLANK = CellValue("empty", math.nan, "")
"""A blank cell's value (frozen, so one object serves every blank)."""

_NOTE = ("注：", "注:", "注 ", "说明：", "说明:", "编写说明", "备注", "填表说明", "数据来源")


_TEXT = attrgetter("text")
_FILLED = "empty".__ne__  # a field's kind: anything but empty is filled
_GLUED = attrgetter("glued")
_KINDS: dict[str, str] = {}
"""Memo of :func:`_text_kind`: a plain dict, looked up in C for a whole table at once
(the same labels and numbers recur in every table of a corpus)."""


def _kinds(cells: list[Cell]) -> list[str]:
    """The kind of every cell (``empty``, ``value``, ``junk``, ``note``, ``label``)."""
    kinds = list(map(_KINDS.get, map(_TEXT, cells)))
    if None in kinds:
        if len(_KINDS) > 65536:
            _KINDS.clear()  # bounded: a corpus of millions of distinct numbers
        for i in _positions(kinds, None):  # the few new texts (a new report's numbers)
            text = cells[i].text
            kinds[i] = _KINDS[text] = _text_kind(text)
    return kinds


def _text_kind(text: str) -> str:
    if not text or text.isspace():
        return "empty"
    if looks_like_value(text):
        return "value"
    if not any(ch.isalnum() for ch in text):
        return "junk"  # stray punctuation, e.g. a wrapped label's closing quote
    text = text.strip()
    if text.startswith(_NOTE) or "。" in text:
        return "note"  # a note or leftover template instructions inside the table area
    return "label"


# --------------------------------------------------------------------------- entry


def align_table(grid: Grid | None, table: TableTemplate) -> Extraction:
    """Align one table's grid with its template.

    >>> from govdisclosure.grid import Cell, Grid
    >>> from govdisclosure.schema import get_template
    >>> t = get_template("2021")["reviews"]
    >>> texts = ["行政复议", "行政诉讼"] + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    >>> texts += ["未经复议直接起诉", "复议后起诉"] + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    >>> cells = [Cell(x, row=i) for i, x in enumerate(texts + ["1", "0", "0", "0", "1"] + ["0"] * 10)]
    >>> ex = align_table(Grid(cells, positions="stream"), t)
    >>> ex.values[("count", "review.total")].value.value
    1.0
    """
    ex = Extraction(table.name, source=grid.source if grid else "")
    if grid is None or not grid.cells:
        ex.found = False
        _fill_absent(ex, table)
        ex.findings.append(
            Finding("missing", "missing_table", table.name, f"table {table.number} ({table.title}) not found")
        )
        return ex
    if grid.positions == "exact":
        _align_exact(grid, table, ex)
    else:
        _align_sequential(grid, table, ex)
    _keep_group_columns(ex, table)
    _convert_units(ex, table)
    _fill_absent(ex, table)
    return ex


_UNIT_FACTORS = {("元", "万元"): 1e-4, ("亿元", "万元"): 1e4}


def _convert_units(ex: Extraction, table: TableTemplate) -> None:
    """A cell printing another unit than its column's (``251000元`` under 万元) is
    converted to the column's unit, and the finding says so; ``raw`` keeps the print."""
    units = table.column_units
    if not units:
        return
    # only cells under a column with a unit (picked in C, in the values' order)
    for key in list(filter(table.unit_cell_keys.__contains__, ex.values)):
        p = ex.values[key]
        want = units.get(key[1])
        factor = _UNIT_FACTORS.get((p.value.unit, want)) if want else None
        if factor is None or not p.value.is_value:
            continue
        value = CellValue(p.value.kind, round(p.value.value * factor, 10), p.value.raw, want)
        ex.values[key] = Placed(p.row_key, p.col_key, value, p.cell, p.how)
        ex.findings.append(
            Finding(
                "info",
                "unit_converted",
                table.name,
                f"{p.value.raw!r} converted to {value.value:g} {want}, the column's unit",
                cells=(key,),
            )
        )


def _keep_group_columns(ex: Extraction, table: TableTemplate) -> None:
    """Values under a group column printed without its sub-columns (法人或其他组织
    with no 商业企业 … beneath it) are the group's subtotal: no template cell holds
    them, so they are kept unplaced, under the group's key, and said so."""
    leaves = table.column_keys
    groups: dict[str, int] = {}
    # a template cell is under a leaf: only the other keys (picked in C) are looked at
    for key in [k for k in filterfalse(table.cell_key_set.__contains__, ex.values) if k[1] not in leaves]:
        p = ex.values.pop(key)
        ex.unplaced.append(Placed(p.row_key, p.col_key, p.value, p.cell, p.how))
        groups[p.col_key] = groups.get(p.col_key, 0) + 1
    for col, count in groups.items():
        label = next((node.label for b in table.blocks for _, node in walk(b.columns) if node.key == col), col)
        ex.findings.append(
            Finding(
                "missing",
                "group_without_subcolumns",
                table.name,
                f"column {label!r} is printed without its sub-columns: its {count} values are kept unplaced "
                f"as {col!r} and the sub-columns are NaN",
            )
        )


def _header_cells(graph: nx.DiGraph) -> list[dict]:
    """The attributes of a header graph's cells (every node but the root)."""
    return [d for n, d in graph.nodes(data=True) if n != "root"]


def _count_labels(ex: Extraction, row_matches: list[int | None], header: int, header_unmatched: int) -> None:
    """Tally the row labels and header cells (``header`` of them, captions aside) that
    matched the template, and those that did not (the fit that picks a table's format
    rests on it)."""
    unmatched = row_matches.count(None) + header_unmatched
    ex.labels_unmatched += unmatched
    ex.labels_matched += len(row_matches) + header - unmatched


def _fill_absent(ex: Extraction, table: TableTemplate) -> None:
    if ex.values.keys() >= table.cell_key_set:
        return  # every cell placed (asked of the sets in one step)
    missing_rows: dict[str, int] = {}
    for rk, ck in table.cell_keys():
        if (rk, ck) not in ex.values:
            ex.values[(rk, ck)] = Placed(rk, ck, CellValue("absent", math.nan, ""), None, "absent")
            missing_rows[rk] = missing_rows.get(rk, 0) + 1
    if ex.found:
        labels = table.row_label_paths()
        for rk in missing_rows:
            ex.findings.append(
                Finding(
                    "missing",
                    "missing_row" if rk != "count" else "missing_values",
                    table.name,
                    f"row {' / '.join(labels[rk]) or rk!r} not found in the source; its cells are NaN",
                    cells=tuple((r, c) for r, c in table.cell_keys() if r == rk),
                )
            )


# --------------------------------------------------------------------- sequential


def _split_blocks(tokens: list[Cell], kinds: list[str], table: TableTemplate) -> list[tuple[Block, int, int]]:
    """Cut a table's tokens into its blocks, by aligning every label with every block's
    title, captions, columns and rows at once (so a missing title still leaves a cut)."""
    if len(table.blocks) == 1:
        return [(table.blocks[0], 0, len(tokens))]
    seq, owner = table.reading_order
    label_pos = _positions(kinds, "label")
    idx = align([tokens[i].text for i in label_pos], seq)
    starts: dict[int, int] = {}
    for pos, k in zip(label_pos, idx):
        if k is not None and owner[k] not in starts:
            starts[owner[k]] = pos
    ordered = sorted(starts.items(), key=lambda kv: kv[1])
    out = []
    for j, (b_i, start) in enumerate(ordered):
        end = ordered[j + 1][1] if j + 1 < len(ordered) else len(tokens)
        out.append((table.blocks[b_i], start, end))
    return out


def _positions(kinds: list[str | None], kind: str | None) -> list[int]:
    """Indexes of the tokens of one kind (found by ``list.index``, which scans in C:
    tables have hundreds of tokens and few labels)."""
    out: list[int] = []
    i = -1
    while True:
        try:
            i = kinds.index(kind, i + 1)
        except ValueError:
            return out
        out.append(i)


def _align_sequential(grid: Grid, table: TableTemplate, ex: Extraction) -> None:
    tokens = grid.cells
    kinds = _kinds(tokens)
    skeleton = None
    glued = any(map(_GLUED, tokens))  # run-together cells anywhere in the table
    if not ("junk" in kinds or "note" in kinds or glued):
        skeleton = _skeleton(tokens, kinds, table, grid.positions == "rows")
        known = _SKELETONS.get(skeleton)
        if known is not None and known.table is table:
            known.apply(tokens, ex)
            return
    _align_tokens(grid, tokens, kinds, table, ex, glued)
    if skeleton is not None and not (ex.by_values or ex.findings or ex.unplaced):
        plan = SkeletonPlan.record(tokens, table, ex)
        if plan is not None:
            if len(_SKELETONS) >= MAX_SKELETONS:
                # bounded (~5 KB a skeleton): the older half goes, the skeletons of the recent
                # reports (a corpus is often sorted by site) stay
                for old in list(islice(_SKELETONS, MAX_SKELETONS // 2)):
                    del _SKELETONS[old]
            _SKELETONS[skeleton] = plan


def _align_tokens(
    grid: Grid, tokens: list[Cell], kinds: list[str], table: TableTemplate, ex: Extraction, glued: bool
) -> None:
    if "junk" in kinds or "note" in kinds:
        tokens, kinds = _drop_junk(tokens, kinds, table, ex)  # stray marks and notes are never run-together cells
    if len(table.blocks) > 1 and glued:
        # labels of several blocks may have run together: cut them before the blocks
        tokens, kinds = _split_glued_labels(tokens, kinds, _union_block(table))
    for block, start, end in _split_blocks(tokens, kinds, table):
        _align_block_sequential(tokens[start:end], kinds[start:end], block, table, grid.positions == "rows", ex, glued)


_ROW = attrgetter("row")
_INITIAL = itemgetter(0)
_SKELETONS: dict[tuple, SkeletonPlan] = {}
"""Alignments of table skeletons seen before (see :class:`SkeletonPlan`)."""

MAX_SKELETONS = 2048
"""Skeletons remembered at most (about 5 KB each: some 10 MB when full)."""


def _skeleton(tokens: list[Cell], kinds: list[str], table: TableTemplate, rows_known: bool) -> tuple:
    """What a sequential alignment reads of a table besides its numbers: the kind of
    every token, the label texts, and the printed rows (when the layout kept them).
    Kinds and rows are kept as strings, a character per token (the kinds' initials
    differ; a row number is a code point): keys are kept, so they are kept small."""
    labels = tuple([tokens[i].text for i in _positions(kinds, "label")])
    rows = "".join(map(chr, map(_ROW, tokens))) if rows_known else None
    return (id(table), "".join(map(_INITIAL, kinds)), labels, rows)


@dataclass(frozen=True, slots=True)
class SkeletonPlan:
    """How a table was aligned when nothing but its skeleton decided: the same labels,
    and the same blank and filled fields in the same places, align the same way in any
    report (reports from one site, or one year's template, are printed alike). A later
    table with that skeleton gets the recorded placements filled with its own numbers.

    Only alignments that never looked at a number are recorded: no findings, nothing
    unplaced, no row with several readings (those are told apart by the texts and the
    report's totals), no run-together cells.

    ``keys``, ``fields`` and ``hows`` give each placed cell's key (row key, column
    key), the index of its token (None for a blank) and how it was placed;
    ``headers`` per block the header cells, as (token index, joined text or None,
    rowspan, colspan), and the header's shared plan.
    """

    table: TableTemplate
    keys: tuple[CellKey, ...]
    fields: tuple[int | None, ...]
    hows: tuple[str, ...]
    headers: tuple[tuple[str, tuple[tuple[int, str | None, int, int], ...], SequencePlan], ...]
    matched: int
    unmatched: int

    @classmethod
    def record(cls, tokens: list[Cell], table: TableTemplate, ex: Extraction) -> SkeletonPlan | None:
        """The plan of ``ex`` (aligned from ``tokens``), None when it cannot be replayed."""
        index = {id(c): i for i, c in enumerate(tokens)}
        fields: list[int | None] = []
        for key, p in ex.values.items():
            if key != (p.row_key, p.col_key) or p.how not in ("sequence", "window"):
                return None
            if p.cell is None:
                if p.value is not _BLANK:
                    return None
                fields.append(None)
                continue
            i = index.get(id(p.cell))
            if i is None:
                return None
            fields.append(i)
        at: dict[tuple[int, int], int] | None = None  # made only for a joined label
        headers = []
        for block_key, head in ex.headers.items():
            if not isinstance(head, HeaderCells):
                return None
            recipe = []
            for c in head.cells:
                i = index.get(id(c))
                if i is not None:
                    recipe.append((i, None, 1, 1))
                    continue
                # a label joined from fragments: a new cell where its first fragment was
                if at is None:
                    at = {(t.row, t.col): j for j, t in enumerate(tokens)}
                i = at.get((c.row, c.col))
                if i is None or tokens[i].loc is not c.loc:
                    return None
                recipe.append((i, c.text, c.rowspan, c.colspan))
            headers.append((block_key, tuple(recipe), head.plan))
        hows = tuple([p.how for p in ex.values.values()])
        return cls(table, tuple(ex.values), tuple(fields), hows, tuple(headers), ex.labels_matched, ex.labels_unmatched)

    def apply(self, tokens: list[Cell], ex: Extraction) -> None:
        """Place the numbers of ``tokens`` (a table with this skeleton) into ``ex``."""
        values = ex.values
        parsed = PARSED.get
        for key, i, how in zip(self.keys, self.fields, self.hows):
            if i is None:
                values[key] = Placed(key[0], key[1], _BLANK, None, how)
            else:
                cell = tokens[i]
                text = cell.text
                values[key] = Placed(key[0], key[1], parsed(text) or parse_value(text), cell, how)
        for block_key, recipe, plan in self.headers:
            cells = []
            for i, text, rowspan, colspan in recipe:
                t = tokens[i]
                cells.append(t if text is None else Cell(text, t.row, t.col, rowspan, colspan, t.loc))
            ex.headers[block_key] = HeaderCells(cells, plan)
        ex.labels_matched += self.matched
        ex.labels_unmatched += self.unmatched


def _drop_junk(
    tokens: list[Cell], kinds: list[str], table: TableTemplate, ex: Extraction
) -> tuple[list[Cell], list[str]]:
    """Tokens without stray punctuation and notes (each note said in a finding)."""
    out_t: list[Cell] = []
    out_k: list[str] = []
    for c, kind in zip(tokens, kinds):
        if kind not in ("junk", "note"):
            out_t.append(c)
            out_k.append(kind)
        elif kind == "note":
            ex.findings.append(
                Finding(
                    "info",
                    "note_skipped",
                    table.name,
                    f"text in the table area skipped: {c.text[:60]!r}",
                    location=c.loc.describe(),
                )
            )
    return out_t, out_k


def _union_block(table: TableTemplate) -> Block:
    """One block holding every label of a table's blocks (to cut run-together labels)."""
    nodes: list[Node] = []
    for b in table.blocks:
        nodes.extend(b.label_nodes)
    return Block(key="*", rows=tuple(nodes), columns=(), captions=())


def _weak_labels(
    tokens: list[Cell], kinds: list[str], union: tuple[str, ...], positions: list[int] | None = None
) -> list[int]:
    """Positions of the labels that match no label of ``union`` strongly on their own
    (``positions``: those of every label, when the caller has them)."""
    if positions is None:
        positions = _positions(kinds, "label")
    weak = _weak_among(tuple([tokens[i].text for i in positions]), union)
    return [positions[j] for j in weak]


@lru_cache(maxsize=4096)
def _weak_among(texts: tuple[str, ...], union: tuple[str, ...]) -> tuple[int, ...]:
    # a block's labels recur as a whole from report to report: one lookup for them all
    return tuple(j for j, text in enumerate(texts) if best_of(text, union) < STRONG)


def _split_glued_labels(
    tokens: list[Cell], kinds: list[str], block: Block, weak: list[int] | None = None
) -> tuple[list[Cell], list[str]]:
    """Label text that is several labels run together (a page scraped without
    separators) cut into those labels. ``weak``: the labels to try (by default those
    matching no label of the block strongly)."""
    if weak is None:
        weak = _weak_labels(tokens, kinds, block.label_union)
    cuts: dict[int, list[str]] = {}
    for i in weak:
        pieces = split_glued(tokens[i].text, block.label_nodes)
        if pieces:
            cuts[i] = pieces
    if not cuts:
        return tokens, kinds
    spans = {
        i: (i + 1, [Cell(p, tokens[i].row, tokens[i].col, 1, 1, tokens[i].loc) for p in pieces])
        for i, pieces in cuts.items()
    }
    return _replace_labels(tokens, kinds, spans)


def _replace_labels(
    tokens: list[Cell], kinds: list[str], spans: dict[int, tuple[int, list[Cell]]]
) -> tuple[list[Cell], list[str]]:
    """Tokens with each span ``start: (end, cells)`` replaced by those label cells."""
    out_t: list[Cell] = []
    out_k: list[str] = []
    i = 0
    while i < len(tokens):
        if i in spans:
            end, cells = spans[i]
            out_t.extend(cells)
            out_k.extend(["label"] * len(cells))
            i = end
        else:
            out_t.append(tokens[i])
            out_k.append(kinds[i])
            i += 1
    return out_t, out_k


def _join_label_fragments(
    tokens: list[Cell], kinds: list[str], block: Block, positions: list[int]
) -> tuple[list[Cell], list[str]]:
    """Tokens with run-together labels cut and label fragments joined (``positions``:
    those of the labels among ``tokens``); the same lists when nothing changed."""
    nodes, union = block.label_nodes, block.label_union
    weak = _weak_labels(tokens, kinds, union, positions)
    if not weak:
        return tokens, kinds  # every label matches strongly on its own: nothing to cut or join
    cut_t, cut_k = _split_glued_labels(tokens, kinds, block, weak)
    if cut_t is not tokens:
        tokens, kinds = cut_t, cut_k
        weak = _weak_labels(tokens, kinds, union)
    # runs of consecutive labels [a, b) holding a weak one: fragments of one label are
    # printed side by side, and a run of strong labels is left as it is
    runs: list[list[int]] = []
    for i in weak:
        a = b = i
        while a > 0 and kinds[a - 1] == "label":
            a -= 1
        while b < len(kinds) and kinds[b] == "label":
            b += 1
        if not runs or runs[-1][0] != a:
            runs.append([a, b])
    joined: dict[int, tuple[int, list[Cell]]] = {}
    for a, b in runs:
        cells = join_fragments(tokens[a:b], nodes, union)
        if len(cells) != b - a:
            joined[a] = (b, cells)
    if joined:
        tokens, kinds = _replace_labels(tokens, kinds, joined)
    return _join_wrapped_labels(tokens, kinds, union)


def _join_wrapped_labels(tokens: list[Cell], kinds: list[str], union: tuple[str, ...]) -> tuple[list[Cell], list[str]]:
    """A label that wrapped around its own values (a borderless PDF row whose values
    sit between the two lines of its label) joined back: a label matching nothing
    whose text completes the previous, weakly matched label is appended to it."""
    from .matching import MIN_SCORE

    recent: list[int] = []
    drop: set[int] = set()
    out = list(tokens)
    for i, kind in enumerate(kinds):
        if kind != "label":
            continue
        if best_of(out[i].text, union) < MIN_SCORE:
            # the tail may follow its head directly or after a parent label printed between
            for j in reversed(recent[-2:]):
                prev = out[j]
                joined = prev.text + out[i].text
                # a label wrapped over several lines completes tail by tail: each join
                # must improve the match, the whole must end as a real label
                if best_of(joined, union) >= MIN_SCORE and best_of(joined, union) > best_of(prev.text, union):
                    out[j] = Cell(joined, prev.row, prev.col, prev.rowspan, prev.colspan, prev.loc)
                    drop.add(i)
                    break
            if i in drop:
                continue
        recent.append(i)
    if not drop:
        return tokens, kinds
    return [t for i, t in enumerate(out) if i not in drop], [k for i, k in enumerate(kinds) if i not in drop]


def _align_block_sequential(
    tokens: list[Cell],
    kinds: list[str],
    block: Block,
    table: TableTemplate,
    rows_known: bool,
    ex: Extraction,
    maybe_glued: bool = True,
) -> None:
    all_labels = _positions(kinds, "label")
    joined_t, kinds = _join_label_fragments(tokens, kinds, block, all_labels)
    if joined_t is not tokens:
        tokens, all_labels = joined_t, _positions(kinds, "label")
    labels = all_labels
    if block.title and labels and matches(tokens[labels[0]].text, [block.title]):
        labels = labels[1:]
    row_nodes = block.row_preorder
    has_labels = any(n.label for n in row_nodes)

    # where the body starts: the first label that is one of the top-level rows
    body_start = None
    if has_labels:
        tops = block.top_row_union  # one lookup per label: the best of all tops' labels
        for i in labels:
            if best_of(tokens[i].text, tops) >= STRONG:
                body_start = i
                break
    if body_start is None:
        first_value = next((i for i, k in enumerate(kinds) if k == "value"), None)
        if first_value is None:
            body_start = len(tokens)
        else:
            body_start = first_value
            if rows_known:
                line = tokens[first_value].row
                while body_start > 0 and tokens[body_start - 1].row == line and kinds[body_start - 1] != "label":
                    body_start -= 1
            else:
                while body_start > 0 and kinds[body_start - 1] == "empty":
                    body_start -= 1
    header = [tokens[i] for i in labels if i < body_start]
    head = header_from_sequence(header, block)
    ex.headers[block.key] = head
    unmatched = head.unmatched()
    for d in unmatched:
        ex.findings.append(
            Finding(
                "extraction_doubt",
                "unmatched_column",
                table.name,
                f"header cell {d['text']!r} matches no column of the template",
                location=d["loc"].describe(),
            )
        )
    cols = head.columns(block)

    # rows: label tokens of the body aligned with the row tree in pre-order
    body_labels = all_labels[bisect_left(all_labels, body_start) :]
    idx = align([tokens[i].text for i in body_labels], row_nodes) if has_labels else [None] * len(body_labels)
    match = dict(zip(body_labels, idx))
    plan = head.plan
    _count_labels(ex, idx, len(plan.captions) - sum(plan.captions), len(plan.unmatched))

    records: list[Record] = []
    current: Record | None = None
    if not has_labels:
        current = Record(block.rows[0].key, None)
        records.append(current)
    # rows whose label is printed: their empty fields before the label are rowspan
    # placeholders (found once: the empty fields that come before their row's first label)
    placeholders: list[int] = []
    if rows_known:
        first_label: dict[int, int] = {}
        for i in body_labels:
            first_label.setdefault(tokens[i].row, i)
        placeholders = [
            j for j in _positions(kinds, "empty") if j >= body_start and first_label.get(tokens[j].row, -1) > j
        ]
    # the fields between one label and the next belong to the row the first opens
    for opener, end in zip([None, *body_labels], [*body_labels, len(tokens)]):
        if opener is not None:
            tok = tokens[opener]
            k = match.get(opener)
            if k is None:
                current = Record(None, tok)
                records.append(current)
            elif row_nodes[k].is_leaf:
                current = Record(row_nodes[k].key, tok)
                records.append(current)
            elif current is None or current.filled:
                current = None
            # else: a parent label printed between a row's label and its values
            # (borderless tables centre merged labels vertically): the values that
            # follow still belong to the row that has none yet
        start = body_start if opener is None else opener + 1
        if start >= end:
            continue
        fields, field_kinds = tokens[start:end], kinds[start:end]
        if placeholders:
            at = bisect_left(placeholders, start)
            if at < len(placeholders) and placeholders[at] < end:
                drop = set(placeholders[at : bisect_left(placeholders, end)])
                keep = [j not in drop for j in range(start, end)]
                fields, field_kinds = list(compress(fields, keep)), list(compress(field_kinds, keep))
        if current is None:
            for tok, kind in zip(fields, field_kinds):
                if kind == "value":
                    ex.unplaced.append(Placed("", "", parse_value(tok.text), tok, "stray"))
                    ex.findings.append(
                        Finding(
                            "extraction_doubt",
                            "stray_value",
                            table.name,
                            f"value {tok.text!r} follows no row label",
                            location=tok.loc.describe(),
                        )
                    )
            continue
        base = len(current.fields)
        current.fields.extend(fields)
        current.filled.extend(compress(counter(base), map(_FILLED, field_kinds)))

    # an unmatched header cell is a real extra column only if the rows carry its values
    with_unknown = head.columns(block, unknown=True) if unmatched else cols
    if len(with_unknown) > len(cols):
        counts = Counter(len(r.filled) for r in records if r.key)
        if counts and counts.most_common(1)[0][0] == len(with_unknown):
            cols = with_unknown
    conventions = _conventions(records, cols, rows_known)
    glued = maybe_glued and any(map(_GLUED, tokens))  # run-together cells anywhere in the block
    rows_done: set[str] = set()
    plans: list[RowPlan] = []
    for rec in records:
        key, label_cell, fields = rec.key, rec.label, rec.fields
        if key is None:
            text = label_cell.text if label_cell else ""
            for tok in (fields[i] for i in rec.filled):
                ex.unplaced.append(Placed(f"unknown:{text}", "", parse_value(tok.text), tok, "unmatched"))
            ex.findings.append(
                Finding(
                    "extraction_doubt",
                    "unmatched_row",
                    table.name,
                    f"row label {text!r} matches no row of the template; its values are kept unplaced",
                    location=label_cell.loc.describe() if label_cell else "",
                )
            )
            continue
        if key in rows_done:
            ex.findings.append(
                Finding("extraction_doubt", "duplicate_row", table.name, f"row {key} printed twice; first kept")
            )
            continue
        rows_done.add(key)
        if not fields and cols:
            ex.findings.append(
                Finding(
                    "extraction_doubt",
                    "row_without_values",
                    table.name,
                    f"row {key}: its label is printed but no value or blank field follows it",
                    cells=tuple((key, c.key) for c in cols if c.key),
                    location=label_cell.loc.describe() if label_cell else "",
                )
            )
        plan = _plan_row(key, rec, cols, table, conventions, ex, glued)
        if plan is not None:
            plans.append(plan)
    _resolve(plans, table, ex)


@dataclass(slots=True)
class Record:
    """A printed row as read: its key (None: the label matched no row), its label
    cell, the value and blank fields that follow it, and which of those hold text."""

    key: str | None
    label: Cell | None
    fields: list[Cell] = field(default_factory=list)
    filled: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Conventions:
    """Where complete rows of the same table put their values.

    ``start`` is the most common index of the first value among a row's fields (pipe
    rows: right after the label) and ``offset`` the most common difference between
    the first value's column and the first header leaf's column (tab rows: values
    under their headers); each with the share of complete rows that agree.
    """

    start: int | None = None
    start_share: float = 0.0
    offset: int | None = None
    offset_share: float = 0.0


_NO_CONVENTIONS = Conventions()


def _conventions(records: list[Record], cols: list[LeafColumn], rows_known: bool) -> Conventions:
    n = len(cols)
    starts: dict[int, int] = {}
    offsets: dict[int, int] = {}
    positional = rows_known and bool(cols) and all(c.node for c in cols)
    for r in records:
        ne = r.filled
        if r.key is None or len(ne) != n or not ne or ne[-1] - ne[0] != n - 1:
            continue
        starts[ne[0]] = starts.get(ne[0], 0) + 1
        if positional:
            off = r.fields[ne[0]].col - cols[0].col
            offsets[off] = offsets.get(off, 0) + 1
    if not starts:
        return _NO_CONVENTIONS
    start, count = _most_common(starts)
    if not offsets:
        return Conventions(start, count / sum(starts.values()))
    offset, agree = _most_common(offsets)
    return Conventions(start, count / sum(starts.values()), offset, agree / sum(offsets.values()))


def _most_common(counts: dict[int, int]) -> tuple[int, int]:
    """The most frequent value and its count; ties go to the value seen first (as
    ``Counter.most_common`` gives them)."""
    best = max(counts.values())
    return next((v, c) for v, c in counts.items() if c == best)


_ONE_FIT = (0.0,)
"""The fit of a row's only reading (shared: rows read in order are most rows)."""


@dataclass(slots=True)
class RowPlan:
    """The readings of one printed row that its layout allows.

    ``candidates[i]`` gives, per printed column, the index of the field placed there
    (None: the cell is blank); ``fit[i]`` how well candidate i agrees with the table's
    layout conventions. ``how`` is ``sequence``, ``window`` or ``arithmetic``.
    """

    key: str
    fields: list[Cell]
    cols: list[LeafColumn]
    candidates: list[tuple[int | None, ...]]
    fit: Sequence[float]
    how: str
    chosen: int = 0
    lost: Sequence[bool] = ()
    raw: str = ""
    _values_memo: dict[int, dict[CellKey, float]] | None = field(default=None, repr=False)

    def readings(self, indexes: list[int]) -> tuple[dict[str | None, str | None], ...]:
        """Candidates as printed text by column key (None: blank), for a finding."""
        return tuple(
            {c.key: (self.fields[f].text if f is not None else None) for c, f in zip(self.cols, self.candidates[i])}
            for i in indexes
        )

    def values(self, i: int) -> dict[CellKey, float]:
        """The numbers candidate ``i`` puts in the row's cells (not to be modified:
        the rules ask for each candidate many times, so it is computed once)."""
        if self._values_memo is None:
            self._values_memo = {}  # made on first use: most rows have one reading, never scored
        out = self._values_memo.get(i)
        if out is None:
            out = self._values_memo[i] = {
                (self.key, c.key): parse_value(self.fields[f].text).value if f is not None else math.nan
                for c, f in zip(self.cols, self.candidates[i])
                if c.key is not None
            }
        return out


def _plan_row(
    key: str,
    rec: Record,
    cols: list[LeafColumn],
    table: TableTemplate,
    conv: Conventions,
    ex: Extraction,
    glued: bool,
) -> RowPlan | None:
    """The readings of row ``key`` (its printed fields in ``rec``) that the layout allows."""
    fields, nonempty = rec.fields, rec.filled
    n = len(cols)
    if glued and any(f.glued for f in fields):
        ex.by_values = True
        return _plan_glued(key, fields, cols, table, ex)
    k = len(nonempty)
    if k == n:
        return RowPlan(key, fields, cols, [tuple(nonempty)], _ONE_FIT, "sequence")
    if n >= 4 and len(fields) == 1 and k == 1:
        ex.by_values = True  # the number's digits decide, not the skeleton
        if fields[0].text.isdigit() and len(fields[0].text) >= n:
            # one number for a whole row, with a digit for every cell at least: the
            # row's cells ran together on a line of their own
            return _plan_glued(key, fields, cols, table, ex)
    where = fields[0].loc.describe() if fields else ""
    cells = tuple((key, c.key) for c in cols if c.key)
    if k > n:
        for tok in (fields[i] for i in nonempty):
            ex.unplaced.append(Placed(key, "", parse_value(tok.text), tok, "extra"))
        ex.findings.append(
            Finding(
                "extraction_doubt",
                "extra_values",
                table.name,
                f"row {key}: {k} values for {n} columns; none placed",
                cells=cells,
                location=where,
            )
        )
        return None
    candidates: list[tuple[int | None, ...]] = []
    fit: list[float] = []
    lost: list[bool] = []
    if k:
        # windows of n fields holding every value; a window reaching past the fields
        # that survived assumes blank fields lost at the row's ends (a broken line)
        for s in range(nonempty[-1] - n + 1, nonempty[0] + 1):
            virtual = s < 0 or s + n > len(fields)
            candidates.append(
                tuple(s + j if 0 <= s + j < len(fields) and not fields[s + j].is_empty else None for j in range(n))
            )
            f = -0.5 if virtual else 0.0
            if conv.start is not None and s == conv.start:
                f += conv.start_share
            if conv.offset is not None and cols and 0 <= s < len(fields) and fields[s].col - cols[0].col == conv.offset:
                f += conv.offset_share
            fit.append(round(f, 6))
            lost.append(virtual)
    how = "window"
    if all(lost):
        # no window lies within the fields that survived: blanks were lost inside
        # the row too, so every placement of the values is a candidate
        candidates, fit, lost = [], [], []
    if not candidates and k > 0:
        how = "arithmetic"
        if math.comb(n, k) <= MAX_BLANK_PLACEMENTS:
            for chosen in combinations(range(n), k):
                slot = dict(zip(chosen, nonempty))
                candidates.append(tuple(slot.get(j) for j in range(n)))
                fit.append(0.0)
                lost.append(True)
        else:
            for tok in fields:
                if not tok.is_empty:
                    ex.unplaced.append(Placed(key, "", parse_value(tok.text), tok, "unresolved"))
            ex.findings.append(
                Finding(
                    "extraction_doubt",
                    "unresolved_row",
                    table.name,
                    f"row {key}: {k} values for {n} columns and too many ways to place the lost blanks; "
                    "values kept unplaced",
                    cells=cells,
                    location=where,
                )
            )
            return None
    if not candidates:
        return RowPlan(key, fields, cols, [tuple([None] * n)], _ONE_FIT, "sequence")
    if len(candidates) > 1:
        ex.by_values = True  # the texts tell readings apart, then the totals choose
    # one candidate per distinct reading
    distinct: dict[tuple[str, ...], int] = {}
    for i, cand in enumerate(candidates):
        sig = tuple(fields[f].text if f is not None else "" for f in cand)
        j = distinct.get(sig)
        if j is None or fit[i] > fit[j]:
            distinct[sig] = i
    keep = sorted(distinct.values())
    return RowPlan(
        key, fields, cols, [candidates[i] for i in keep], [fit[i] for i in keep], how, lost=[lost[i] for i in keep]
    )


MAX_SEGMENTATIONS = 200_000
"""Splits of one digit run tried at most; a longer run is reported unresolved."""


def _parts_summing(digits: str, k: int, total: int, budget: list[int]) -> list[list[str]]:
    """Cuts of ``digits`` into ``k`` numbers (no leading zeros) summing to ``total``."""
    out: list[list[str]] = []
    width = len(str(total))
    cells: list[str] = []

    def rec(pos: int, left: int, acc: int) -> None:
        if budget[0] <= 0:
            return
        rest = len(digits) - pos
        if left == 0:
            if rest == 0 and acc == total:
                out.append(list(cells))
            return
        if rest < left or rest > left * width:  # each part is at most the total
            return
        for length in range(1, min(width, rest - left + 1) + 1):
            piece = digits[pos : pos + length]
            if length > 1 and piece[0] == "0":
                break
            value = acc + int(piece)
            if value > total:
                break
            budget[0] -= 1
            cells.append(piece)
            rec(pos + length, left - 1, value)
            cells.pop()

    rec(0, k, 0)
    return out


def _cuts(digits: str, n: int, gap: int | None, groups: list[tuple[int, int]], limit: int) -> list[list[str | None]]:
    """Cuts of ``digits`` into the row's ``n`` cells, cell ``gap`` left blank.

    ``groups`` are runs of cells ``a..b`` whose last cell is the total of the others
    (the row's own rules); other cells are free. A group's total is taken from the end
    of its digits first, and its parts are cut with running sums bounded by it, which
    is what keeps the search small. Numbers never have leading zeros.

        >>> _cuts("270020130", 7, None, [(0, 6)], 10_000)
        [['2', '7', '0', '0', '20', '1', '30'], ['27', '0', '0', '2', '0', '1', '30']]
    """
    budget = [limit]
    group_at = {a: b for a, b in groups}
    out: list[list[str | None]] = []

    def rec(cell: int, pos: int, acc: list[str | None]) -> None:
        if budget[0] <= 0:
            return
        if cell == n:
            if pos == len(digits):
                out.append(list(acc))
            return
        if cell == gap:
            rec(cell + 1, pos, [*acc, None])
            return
        end = group_at.get(cell)
        if end is None or (gap is not None and cell <= gap <= end):
            # a free cell, or a group whose total cannot be checked: cut freely
            for length in range(1, len(digits) - pos + 1):
                piece = digits[pos : pos + length]
                if length > 1 and piece[0] == "0":
                    break
                budget[0] -= 1
                rec(cell + 1, pos + length, [*acc, piece])
            return
        size = end - cell  # parts before the total
        for seg_end in range(pos + size + 1, len(digits) + 1):
            segment = digits[pos:seg_end]
            for t in range(1, len(segment) - size + 1):
                total_text = segment[-t:]
                if t > 1 and total_text[0] == "0":
                    continue
                for parts in _parts_summing(segment[:-t], size, int(total_text), budget):
                    rec(end + 1, seg_end, [*acc, *parts, total_text])

    rec(0, 0, [])
    return out


def _plan_glued(
    key: str, fields: list[Cell], cols: list[LeafColumn], table: TableTemplate, ex: Extraction
) -> RowPlan | None:
    """Readings of a row whose cells ran together into digit runs (``27002013``).

    Each run is cut into the row's cells every way that gives numbers without leading
    zeros; when no complete cut fits, one lost blank (a ``&nbsp;`` cell that left no
    digits) is tried in every place. The row's own totals filter the cuts as they are
    made; the table's column totals choose among the rest (:func:`_resolve`).
    """
    n = len(cols)
    runs = [f for f in fields if not f.is_empty]
    digits = "".join(f.text for f in runs)
    where = runs[0].loc.describe() if runs else ""
    cells = tuple((key, c.key) for c in cols if c.key)
    if not runs:
        return RowPlan(key, fields, cols, [tuple([None] * n)], _ONE_FIT, "sequence")
    if (len(runs) == 1 and n == 1) or ("." in digits and len(runs) == n):
        return RowPlan(key, runs, cols, [tuple(range(len(runs)))], _ONE_FIT, "sequence")
    position = {c.key: i for i, c in enumerate(cols) if c.key}
    groups: list[tuple[int, int]] = []
    for r in table.rules:
        if all(rk == key and ck in position for rk, ck in r.cells) and len(r.rhs) == 1:
            lhs = sorted(position[ck] for _, ck in r.lhs)
            total = position[r.rhs[0][1]]
            # the usual shape: the parts, then their total, side by side
            if lhs == list(range(lhs[0], total)):
                groups.append((lhs[0], total))
    pieces: list[Cell] = []
    index: dict[str, int] = {}
    candidates: list[tuple[int | None, ...]] = []
    lost: list[bool] = []

    def piece(text: str) -> int:
        if text not in index:
            index[text] = len(pieces)
            pieces.append(Cell(text, runs[0].row, runs[0].col, 1, 1, runs[0].loc))
        return index[text]

    exhausted = False
    budget = MAX_SEGMENTATIONS
    for gap in [None, *range(n)]:
        if gap is not None and candidates:
            break  # complete cuts fit: lost blanks are not assumed
        if "." in digits:
            break
        found = _cuts(digits, n, gap, groups, budget)
        for cut in found:
            candidates.append(tuple(piece(t) if t is not None else None for t in cut))
            lost.append(gap is not None)
        if len(candidates) > 5000:
            exhausted = True
            break
    if exhausted or not candidates:
        reason = "too many ways to cut it" if exhausted else "no cut fits the row's own totals"
        ex.unplaced.extend(Placed(key, "", parse_value(f.text), f, "unresolved") for f in runs)
        ex.findings.append(
            Finding(
                "extraction_doubt",
                "unresolved_row",
                table.name,
                f"row {key}: the run-together digits {digits!r} stay unplaced: {reason}",
                cells=cells,
                location=where,
            )
        )
        return None
    return RowPlan(key, pieces, cols, candidates, [0.0] * len(candidates), "segmented", lost=lost, raw=digits)


def _score(rules: list[Rule], values: dict[CellKey, float]) -> tuple[int, int]:
    """(violated, holding) rules among those all of whose cells have values."""
    violated = holding = 0
    get = values.__getitem__
    for r in rules:
        try:
            lhs = sum(map(get, r.lhs))
            rhs = sum(map(get, r.rhs))
        except KeyError:
            continue
        if math.isnan(lhs) or math.isnan(rhs):
            continue
        if abs(lhs - rhs) < 1e-6:
            holding += 1
        else:
            violated += 1
    return violated, holding


def _violations(rules: list[Rule], values: dict[CellKey, float]) -> int:
    return _score(rules, values)[0]


def _pair_moves(plans: list[RowPlan], touching: dict[str, list[Rule]], values: dict[CellKey, float]) -> None:
    """Change two rows' readings at once while that removes broken rules.

    One row at a time cannot leave a reading that only a second row's change makes
    right (two rows cut wrongly in the same column); trying pairs among the rows still
    touching a broken rule finds it. Bounded: few rows have several readings left.
    """
    for _ in range(4):
        broken = {r.name: r for p in plans for r in touching.get(p.key, []) if _score([r], values)[0]}
        if not broken:
            return
        suspects = [p for p in plans if any(r in broken.values() for r in touching.get(p.key, []))][:24]
        improved = False
        for a in range(len(suspects)):
            for b in range(a + 1, len(suspects)):
                p, q = suspects[a], suspects[b]
                if len(p.candidates) * len(q.candidates) > 400:
                    continue
                rules = list({id(r): r for r in touching.get(p.key, []) + touching.get(q.key, [])}.values())
                now = _violations(rules, values)
                best = (now, p.chosen, q.chosen)
                for i in range(len(p.candidates)):
                    for j in range(len(q.candidates)):
                        # tried in place: every reading of a row sets the same cells
                        values.update(p.values(i))
                        values.update(q.values(j))
                        v = _violations(rules, values)
                        if v < best[0]:
                            best = (v, i, j)
                values.update(p.values(p.chosen))
                values.update(q.values(q.chosen))
                if best[0] < now:
                    p.chosen, q.chosen = best[1], best[2]
                    values.update(p.values(p.chosen))
                    values.update(q.values(q.chosen))
                    improved = True
        if not improved:
            return


def _resolve(plans: list[RowPlan], table: TableTemplate, ex: Extraction) -> None:
    """Choose each row's reading: first by the table's arithmetic (every rule, with the
    other rows as currently read), then by the layout conventions, then by order.
    Rows left with several equally good readings get an ``ambiguous_placement``."""
    open_plans = [p for p in plans if len(p.candidates) > 1]
    for p in open_plans:  # a row with one reading keeps it (chosen = 0)
        p.chosen = max(range(len(p.candidates)), key=lambda i: (p.fit[i], -i))
    unresolved: set[str] = set()
    if open_plans or any(p.how == "segmented" for p in plans):
        # only rows with several readings need the arithmetic
        unresolved = _choose(plans, open_plans, table, ex)
    _place(plans, unresolved, table, ex)


def _choose(plans: list[RowPlan], open_plans: list[RowPlan], table: TableTemplate, ex: Extraction) -> set[str]:
    """Pick the readings of rows with several by the rules; returns the rows left
    unresolved (run-together rows no cut of which the totals single out)."""
    values: dict[CellKey, float] = {}
    for p in plans:
        values.update(p.values(p.chosen))
    touching = table.rules_by_row

    def ranked(p: RowPlan) -> list[tuple[tuple[float, float, float, int], int]]:
        # fewest violated rules first; then the layout's own conventions; then the
        # most rules holding (a wrong reading may make more rules checkable, and
        # with small counts they hold by chance, so that only breaks ties)
        rules = touching.get(p.key, [])
        out = []
        for i in range(len(p.candidates)):
            # tried in place (every reading of a row sets the same cells), then put back
            values.update(p.values(i))
            violated, holding = _score(rules, values)
            out.append(((-float(violated), p.fit[i], float(holding), -i), i))
        values.update(p.values(p.chosen))
        return sorted(out, reverse=True)

    for _ in range(3):
        changed = False
        for p in open_plans:
            best = ranked(p)[0][1]
            if best != p.chosen:
                p.chosen = best
                values.update(p.values(best))
                changed = True
        if not changed:
            break
    _pair_moves(open_plans, touching, values)
    unresolved: set[str] = set()
    for p in [q for q in plans if q.how == "segmented"]:
        order = ranked(p)
        top = order[0][0]
        tied = [i for s, i in order if s[:3] == top[:3]]
        cells = tuple((p.key, c.key) for c in p.cols if c.key)
        # a rule still broken leaves a row with other cuts in doubt; a row with a
        # single cut keeps it (the broken total is then the source's, and reported)
        if len(tied) > 1 or (top[0] < 0 and len(p.candidates) > 1):
            unresolved.add(p.key)
        elif (top[2] < 1 and touching.get(p.key)) or p.lost[order[0][1]] or top[0] < 0 or len(p.candidates) > 1:
            # placed, but nothing checkable confirms this cut: chosen among several by
            # the column totals (two rows cut wrongly can balance each other out), a
            # blank involved, no rule for the row, or a blank assumed lost: say so
            ex.findings.append(
                Finding(
                    "extraction_doubt",
                    "placement_by_arithmetic",
                    table.name,
                    f"row {p.key}: run-together digits cut into cells, but the totals do not confirm the cut",
                    cells=cells,
                    candidates=p.readings([i for _, i in order[:20]]),
                    location=p.fields[0].loc.describe() if p.fields else "",
                )
            )
            continue
        if p.key in unresolved:
            why = (
                f"{len(tied)} cuts fit every rule equally"
                if len(tied) > 1
                else "every cut breaks a total (the source's own numbers disagree)"
            )
            ex.findings.append(
                Finding(
                    "extraction_doubt",
                    "unresolved_row",
                    table.name,
                    f"row {p.key}: its run-together digits stay unplaced: {why}",
                    cells=cells,
                    candidates=p.readings(tied[:20]),
                    location=p.fields[0].loc.describe() if p.fields else "",
                )
            )
        else:
            # the cut fits every total, but a blank cell leaves no trace in run-together
            # text: a cut fitting by coincidence cannot be ruled out, so it is said
            ex.findings.append(
                Finding(
                    "extraction_doubt",
                    "segmented",
                    table.name,
                    f"row {p.key}: run-together digits cut into cells by the report's totals "
                    "(blank cells leave no trace in such text)",
                    cells=cells,
                )
            )
    for p in open_plans:
        if p.how == "segmented":
            continue
        order = ranked(p)
        top = order[0][0][:3]
        tied = [i for s, i in order if s[:3] == top]
        cells = tuple((p.key, c.key) for c in p.cols if c.key)
        if len(tied) > 1:
            ex.findings.append(
                Finding(
                    "extraction_doubt",
                    "ambiguous_placement",
                    table.name,
                    f"row {p.key}: {len(tied)} placements of its values fit the layout and the totals "
                    "equally; the first was taken",
                    cells=cells,
                    candidates=p.readings(tied[:20]),
                    location=p.fields[0].loc.describe() if p.fields else "",
                )
            )
        elif p.how == "arithmetic" or (p.lost and p.lost[p.chosen]):
            ex.findings.append(
                Finding(
                    "extraction_doubt",
                    "placement_by_arithmetic",
                    table.name,
                    f"row {p.key}: blank cells lost by the layout were placed where the report's totals hold",
                    cells=cells,
                    location=p.fields[0].loc.describe() if p.fields else "",
                )
            )
    return unresolved


def _place(plans: list[RowPlan], unresolved: set[str], table: TableTemplate, ex: Extraction) -> None:
    values = ex.values
    parsed = PARSED.get
    for p in plans:
        if p.key in unresolved:
            run = p.raw
            ex.unplaced.append(
                Placed(p.key, "", CellValue("text", math.nan, run), p.fields[0] if p.fields else None, "unresolved")
            )
            for c in p.cols:
                if c.key:
                    ex.values[(p.key, c.key)] = Placed(
                        p.key, c.key, CellValue("text", math.nan, run), None, "unresolved"
                    )
            continue
        key, fields, how = p.key, p.fields, p.how
        # the template's own key tuples (a group column's key is not among them)
        keys = table.cell_key_map.get(key, {})
        for c, f in zip(p.cols, p.candidates[p.chosen]):
            ck = c.key
            if ck is None:
                if f is not None:
                    ex.unplaced.append(Placed(key, f"unknown:{c.text}", parse_value(fields[f].text), fields[f], how))
            elif f is None:
                values[keys.get(ck) or (key, ck)] = Placed(key, ck, _BLANK, None, how)
            else:
                cell = fields[f]
                text = cell.text
                values[keys.get(ck) or (key, ck)] = Placed(key, ck, parsed(text) or parse_value(text), cell, how)


# -------------------------------------------------------------------------- exact


def _align_exact(grid: Grid, table: TableTemplate, ex: Extraction) -> None:
    # Cut the grid into blocks by title rows, then align each block on its own rows.
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
    _count_labels(
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
            value = parse_value(cell.text) if cell is not None else _BLANK
            if cell is not None and cell.row != r and not cell.is_empty:
                # a value cell merged down over several rows belongs to its first row only
                value, cell = _BLANK, None
            if key is None or col.key is None:
                if cell is not None and not cell.is_empty:
                    ex.unplaced.append(
                        Placed(key or "unknown", col.key or f"unknown:{col.text}", value, cell, "position")
                    )
                continue
            ex.values[(key, col.key)] = Placed(key, col.key, value, cell, "position")
