"""Alignment of grids whose cells come in reading order (flattened text): a table's
tokens are cut into its blocks, each block's header is matched as a sequence, and
each row label opens a row that takes the value and blank fields that follow it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from itertools import compress
from itertools import count as counter
from operator import attrgetter

from ..findings import Finding
from ..grid import Cell, Grid
from ..header import LeafColumn, header_from_sequence
from ..labels import best_of
from ..matching import STRONG, align, matches
from ..schema.model import Block, TableTemplate
from ..values import parse_value
from .choose import resolve
from .finish import count_labels
from .kinds import kind_positions, token_kinds
from .model import Extraction, Placed, Record, RowPlan
from .rows import plan_row, row_conventions
from .skeleton import SKELETONS, remember, skeleton_key
from .tokens import drop_junk, join_label_fragments, split_glued_labels, union_block

_FILLED = "empty".__ne__  # a field's kind: anything but empty is filled
_GLUED = attrgetter("glued")


def _split_blocks(tokens: list[Cell], kinds: list[str], table: TableTemplate) -> list[tuple[Block, int, int]]:
    """Cut a table's tokens into its blocks, by aligning every label with every block's
    title, captions, columns and rows at once (so a missing title still leaves a cut)."""
    if len(table.blocks) == 1:
        return [(table.blocks[0], 0, len(tokens))]
    seq, owner = table.reading_order
    label_pos = kind_positions(kinds, "label")
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


def align_sequential(grid: Grid, table: TableTemplate, ex: Extraction) -> None:
    """Place the values of ``grid`` (cells in reading order) into ``ex``: replayed when a
    table with the same skeleton was aligned before, else read block by block."""
    tokens = grid.cells
    kinds = token_kinds(tokens)
    skeleton = None
    glued = any(map(_GLUED, tokens))  # run-together cells anywhere in the table
    if not ("junk" in kinds or "note" in kinds or glued):
        skeleton = skeleton_key(tokens, kinds, table, grid.positions == "rows")
        known = SKELETONS.get(skeleton)
        if known is not None and known.table is table:
            known.apply(tokens, ex)
            return
    _align_tokens(grid, tokens, kinds, table, ex, glued)
    if skeleton is not None and not (ex.by_values or ex.findings or ex.unplaced):
        remember(skeleton, tokens, table, ex)


def _align_tokens(
    grid: Grid, tokens: list[Cell], kinds: list[str], table: TableTemplate, ex: Extraction, glued: bool
) -> None:
    if "junk" in kinds or "note" in kinds:
        tokens, kinds = drop_junk(tokens, kinds, table, ex)  # stray marks and notes are never run-together cells
    if len(table.blocks) > 1 and glued:
        # labels of several blocks may have run together: cut them before the blocks
        tokens, kinds = split_glued_labels(tokens, kinds, union_block(table))
    for block, start, end in _split_blocks(tokens, kinds, table):
        _align_block_sequential(tokens[start:end], kinds[start:end], block, table, grid.positions == "rows", ex, glued)


def _align_block_sequential(
    tokens: list[Cell],
    kinds: list[str],
    block: Block,
    table: TableTemplate,
    rows_known: bool,
    ex: Extraction,
    maybe_glued: bool = True,
) -> None:
    all_labels = kind_positions(kinds, "label")
    joined_t, kinds = join_label_fragments(tokens, kinds, block, all_labels)
    if joined_t is not tokens:
        tokens, all_labels = joined_t, kind_positions(kinds, "label")
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
    cols = head.columns(block)

    # rows: label tokens of the body aligned with the row tree in pre-order
    body_labels = all_labels[bisect_left(all_labels, body_start) :]
    idx = align([tokens[i].text for i in body_labels], row_nodes) if has_labels else [None] * len(body_labels)
    match = dict(zip(body_labels, idx))
    plan = head.plan
    count_labels(ex, idx, len(plan.captions) - sum(plan.captions), len(plan.unmatched))

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
            j for j in kind_positions(kinds, "empty") if j >= body_start and first_label.get(tokens[j].row, -1) > j
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
    template_columns = header_from_sequence([], block).columns(block)
    cols = _columns_the_rows_fill(records, cols, template_columns)
    complete = len(cols) == len(template_columns)
    for d in unmatched:
        if complete and block.is_label_piece(d["text"]):
            continue  # a piece of a column label cut apart, every column found all the same
        ex.findings.append(
            Finding(
                "extraction_doubt",
                "unmatched_column",
                table.name,
                f"header cell {d['text']!r} matches no column of the template",
                location=d["loc"].describe(),
            )
        )
    records = _split_run_on_rows(records, len(cols), block, table, ex)
    conventions = row_conventions(records, cols, rows_known)
    glued = maybe_glued and any(map(_GLUED, tokens))  # run-together cells anywhere in the block
    rows_done: set[str] = set()
    plans: list[RowPlan] = []
    for rec in records:
        key, label_cell, fields = rec.key, rec.label, rec.fields
        if key is None:
            text = label_cell.text if label_cell else ""
            if not rec.filled and block.is_label_piece(text):
                continue  # a piece of a group label printed vertically beside its rows
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
                Finding(
                    "extraction_doubt", "duplicate_row", table.name, f"{table.row_name(key)} printed twice; first kept"
                )
            )
            continue
        rows_done.add(key)
        if not fields and cols:
            ex.findings.append(
                Finding(
                    "extraction_doubt",
                    "row_without_values",
                    table.name,
                    f"{table.row_name(key)}: its label is printed but no value or blank field follows it",
                    cells=tuple((key, c.key) for c in cols if c.key),
                    location=label_cell.loc.describe() if label_cell else "",
                )
            )
        row_plan = plan_row(key, rec, cols, table, conventions, ex, glued)
        if row_plan is not None and rec.by_order:
            row_plan.how = "row order"
        if row_plan is not None:
            plans.append(row_plan)
    resolve(plans, table, ex)
    _doubt_disordered(records, cols, block, table, ex)


def _columns_the_rows_fill(records: list[Record], cols: list[LeafColumn], full: list[LeafColumn]) -> list[LeafColumn]:
    """The template's own columns ``full``, in order, when the printed header lost leaves
    (a header printed as vertical characters, cells cut short) but the rows carry a value
    for every column of the template; else ``cols`` as the header gave them."""
    if len(full) <= len(cols):
        return cols
    counts = Counter(len(r.filled) for r in records if r.key)
    if not counts or counts.most_common(1)[0][0] != len(full):
        return cols
    keys = [f.key for f in full if f.key]
    if all(c.key and any(k == c.key or k.startswith(c.key + ".") for k in keys) for c in cols):
        return full
    return cols


def _split_run_on_rows(
    records: list[Record], n: int, block: Block, table: TableTemplate, ex: Extraction
) -> list[Record]:
    """Rows whose values a PDF text layer printed before their labels given those values.

    ``pdftotext`` and pdfminer follow the content stream: a merged group label and its
    first rows' labels can come after the rows' numbers, so one printed row seems to
    hold the values of several (``二、上年结转…`` followed by 21 numbers for 7 columns).
    When a row holds exactly ``m`` rows' worth of filled fields, and the ``m - 1`` rows
    that follow it in the template printed no label before the next one, the fields are
    its own and theirs, in the template's row order: said in an ``info`` finding, and a
    rule they break is a doubt about the reading, not an anomaly of the source.
    """
    if n < 2 or not any(r.key and len(r.filled) > n for r in records):
        return records
    leaves = [node.key for node in block.row_preorder if node.is_leaf]
    printed = {r.key for r in records if r.key and r.filled}  # a label alone may be one printed apart
    out: list[Record] = []
    moved: set[str] = set()
    for rec in records:
        m, rest = divmod(len(rec.filled), n)
        later = leaves[leaves.index(rec.key) + 1 :][: m - 1] if rec.key in leaves and m > 1 else []
        if m < 2 or rest or len(rec.fields) != len(rec.filled) or len(later) != m - 1 or printed & set(later):
            out.append(rec)
            continue
        whole = list(range(n))
        out.append(Record(rec.key, rec.label, rec.fields[:n], whole))
        for j, key in enumerate(later, 1):
            out.append(Record(key, None, rec.fields[j * n : (j + 1) * n], whole, by_order=True))
        printed.update(later)
        moved.update(later)
        ex.findings.append(
            Finding(
                "info",
                "values_before_labels",
                table.name,
                f"{'、'.join(table.row_name(k) for k in later)}: their values were printed after "
                f"{table.row_name(rec.key)}'s, before their "
                "labels (a PDF text layer's reading order); placed in the template's row order",
                location=rec.fields[n].loc.describe(),
            )
        )
    # the labels of the rows given their values, printed later with none of their own
    return [r for r in out if r.by_order or r.filled or r.key not in moved]


def _doubt_disordered(
    records: list[Record], cols: list[LeafColumn], block: Block, table: TableTemplate, ex: Extraction
) -> None:
    """Every cell of a block put in doubt when its text does not follow the table's rows.

    A PDF text layer grouped into boxes (pdfminer) prints labels in one run and numbers
    in another, columns interleaved: when two or more row labels are left without
    values, or hold more values than there are columns, the values read after other
    labels cannot be trusted either.
    """
    n = len(cols)
    astray = sum(1 for r in records if r.key and not r.by_order and (not r.filled or len(r.filled) > n))
    if astray < 2:
        return
    ex.traceless = True
    ex.findings.append(
        Finding(
            "extraction_doubt",
            "reading_order",
            table.name,
            f"{astray} rows of the text hold no values or too many: the text does not follow the table's rows "
            "(a PDF text layer read box by box), so no value of the table is certain",
            cells=tuple(block.cell_keys()),
        )
    )
