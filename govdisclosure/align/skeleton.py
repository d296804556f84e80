"""Tables printed alike align alike: a memo of alignments keyed on a table's skeleton
(its token kinds, label texts and printed rows), replayed with a new table's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from operator import attrgetter, itemgetter

from ..grid import Cell
from ..header import HeaderCells, SequencePlan
from ..schema.model import CellKey, TableTemplate
from ..values import PARSED, parse_value
from .kinds import kind_positions
from .model import BLANK, Extraction, Placed

_ROW = attrgetter("row")
_INITIAL = itemgetter(0)
SKELETONS: dict[tuple, SkeletonPlan] = {}
"""Alignments of table skeletons seen before (see :class:`SkeletonPlan`)."""

MAX_SKELETONS = 2048
"""Skeletons remembered at most (about 5 KB each: some 10 MB when full)."""


def skeleton_key(tokens: list[Cell], kinds: list[str], table: TableTemplate, rows_known: bool) -> tuple:
    """What a sequential alignment reads of a table besides its numbers: the kind of
    every token, the label texts, and the printed rows (when the layout kept them).
    Kinds and rows are kept as strings, a character per token (the kinds' initials
    differ; a row number is a code point): keys are kept, so they are kept small."""
    labels = tuple([tokens[i].text for i in kind_positions(kinds, "label")])
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
                if p.value is not BLANK:
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
                values[key] = Placed(key[0], key[1], BLANK, None, how)
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


def remember(key: tuple, tokens: list[Cell], table: TableTemplate, ex: Extraction) -> None:
    """Record the alignment ``ex`` of ``tokens`` under its skeleton ``key``, when it can
    be replayed."""
    plan = SkeletonPlan.record(tokens, table, ex)
    if plan is None:
        return
    if len(SKELETONS) >= MAX_SKELETONS:
        # bounded (~5 KB a skeleton): the older half goes, the skeletons of the recent
        # reports (a corpus is often sorted by site) stay
        for old in list(islice(SKELETONS, MAX_SKELETONS // 2)):
            del SKELETONS[old]
    SKELETONS[key] = plan
