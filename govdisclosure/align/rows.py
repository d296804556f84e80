"""The readings of one printed row: where its values go among the template's columns
when the layout kept every field, lost blanks at the row's ends, or lost them inside.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

from ..findings import Finding
from ..header import LeafColumn
from ..schema.model import TableTemplate
from ..values import parse_value
from .glued import plan_glued
from .model import ONE_FIT, Extraction, Placed, Record, RowPlan

MAX_BLANK_PLACEMENTS = 7000
"""Above this many ways to place lost blanks, a row is reported unresolved instead."""


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


def row_conventions(records: list[Record], cols: list[LeafColumn], rows_known: bool) -> Conventions:
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


def plan_row(
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
        return plan_glued(key, fields, cols, table, ex)
    k = len(nonempty)
    if k == n:
        return RowPlan(key, fields, cols, [tuple(nonempty)], ONE_FIT, "sequence")
    if n >= 4 and len(fields) == 1 and k == 1:
        ex.by_values = True  # the number's digits decide, not the skeleton
        if fields[0].text.isdigit() and len(fields[0].text) >= n:
            # one number for a whole row, with a digit for every cell at least: the
            # row's cells ran together on a line of their own
            return plan_glued(key, fields, cols, table, ex)
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
                f"{table.row_name(key)}: {k} values for {n} columns; none placed",
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
                    f"{table.row_name(key)}: {k} values for {n} columns and too many ways to place the lost blanks; "
                    "values kept unplaced",
                    cells=cells,
                    location=where,
                )
            )
            return None
    if not candidates:
        return RowPlan(key, fields, cols, [tuple([None] * n)], ONE_FIT, "sequence")
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
