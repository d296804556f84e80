"""Rows whose cells ran together into digit runs (``27002013``): every cut of the
digits into the row's cells that gives numbers without leading zeros and keeps the
row's own totals.
"""

from __future__ import annotations

from ..findings import Finding
from ..grid import Cell
from ..header import LeafColumn
from ..limits import current
from ..schema.model import TableTemplate
from ..values import parse_value
from .model import ONE_FIT, Extraction, Placed, RowPlan

MAX_SEGMENTATIONS = 200_000
"""Splits of one digit run tried at most; a longer run is reported unresolved."""
MAX_CUTS = 5000
"""Cuts of one row kept at most; a row allowing more is reported unresolved."""


def _parts_summing(digits: str, k: int, total: int, budget: list[int]) -> list[list[str]]:
    """Cuts of ``digits`` into ``k`` numbers (no leading zeros) summing to ``total``."""
    out: list[list[str]] = []
    cells: list[str] = []

    def rec(pos: int, left: int, acc: int) -> None:
        if budget[0] <= 0:
            return
        rest = len(digits) - pos
        if left == 0:
            if rest == 0 and acc == total:
                out.append(list(cells))
            return
        # each part is at most what is left of the total, so has at most its digits;
        # and the digits left must be able to reach it: both prune most of the search
        remaining = total - acc
        width = len(str(remaining))
        if rest < left or rest > left * width or _most(rest, left, width) < remaining:
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


def _most(digits: int, parts: int, width: int) -> int:
    """An upper bound of what ``digits`` digits cut into ``parts`` numbers of at most
    ``width`` digits can sum to: each part in turn as long as the others allow (all
    nines; 10**n is convex, so the longest parts first give the most)."""
    most = 0
    for left in range(parts, 0, -1):
        length = min(width, digits - (left - 1))
        most += 10**length - 1
        digits -= length
    return most


def _cuts(
    digits: str, n: int, gap: int | None, groups: list[tuple[int, int]], limit: int, most: int = MAX_CUTS + 1
) -> list[list[str | None]]:
    """Cuts of ``digits`` into the row's ``n`` cells, cell ``gap`` left blank (at most
    ``most`` of them: past :data:`MAX_CUTS` the row is not resolved anyway).

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
    # digits the cells from ``cell`` on need at least: one each, but the blank one
    need = [sum(1 for c in range(cell, n) if c != gap) for cell in range(n + 1)]

    def rec(cell: int, pos: int, acc: list[str | None]) -> None:
        if budget[0] <= 0 or len(out) >= most:
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
            # a free cell, or a group whose total cannot be checked: cut freely,
            # leaving a digit for each cell after it
            for length in range(1, len(digits) - pos - need[cell + 1] + 1):
                piece = digits[pos : pos + length]
                if length > 1 and piece[0] == "0":
                    break
                budget[0] -= 1
                rec(cell + 1, pos + length, [*acc, piece])
            return
        size = end - cell  # parts before the total
        last = len(digits) - need[end + 1]
        # a group that closes the row (but for a blank) ends where the digits end
        first = last if need[end + 1] == 0 else pos + size + 1
        for seg_end in range(first, last + 1):
            segment = digits[pos:seg_end]
            for t in range(1, len(segment) - size + 1):
                total_text = segment[-t:]
                if t > 1 and total_text[0] == "0":
                    continue
                for parts in _parts_summing(segment[:-t], size, int(total_text), budget):
                    rec(end + 1, seg_end, [*acc, *parts, total_text])

    rec(0, 0, [])
    return out


def plan_glued(
    key: str, fields: list[Cell], cols: list[LeafColumn], table: TableTemplate, ex: Extraction
) -> RowPlan | None:
    """Readings of a row whose cells ran together into digit runs (``27002013``).

    Each run is cut into the row's cells every way that gives numbers without leading
    zeros; when no complete cut fits, one lost blank (a ``&nbsp;`` cell that left no
    digits) is tried in every place. The row's own totals filter the cuts as they are
    made; the table's column totals choose among the rest (:func:`~govdisclosure.align.choose.resolve`).
    """
    n = len(cols)
    runs = [f for f in fields if not f.is_empty]
    digits = "".join(f.text for f in runs)
    where = runs[0].loc.describe() if runs else ""
    cells = tuple((key, c.key) for c in cols if c.key)
    if not runs:
        return RowPlan(key, fields, cols, [tuple([None] * n)], ONE_FIT, "sequence")
    if (len(runs) == 1 and n == 1) or ("." in digits and len(runs) == n):
        return RowPlan(key, runs, cols, [tuple(range(len(runs)))], ONE_FIT, "sequence")
    # a run longer than its row's cells can hold is no row of a report (Limits.max_cell_digits)
    if len(digits) > n * current().max_cell_digits:
        ex.unplaced.extend(Placed(key, "", parse_value(f.text[:200]), f, "unresolved") for f in runs)
        ex.findings.append(
            Finding(
                "extraction_doubt",
                "unresolved_row",
                table.name,
                f"{table.row_name(key)}: a run of {len(digits)} digits is longer than its {n} cells can hold; "
                "left unread",
                cells=cells,
                location=where,
            )
        )
        return None
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
        found = _cuts(digits, n, gap, groups, budget, MAX_CUTS + 1 - len(candidates))
        for cut in found:
            candidates.append(tuple(piece(t) if t is not None else None for t in cut))
            lost.append(gap is not None)
        if len(candidates) > MAX_CUTS:
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
                f"{table.row_name(key)}: the run-together digits {digits!r} stay unplaced: {reason}",
                cells=cells,
                location=where,
            )
        )
        return None
    return RowPlan(key, pieces, cols, candidates, [0.0] * len(candidates), "segmented", lost=lost, raw=digits)
