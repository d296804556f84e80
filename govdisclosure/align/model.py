"""What alignment makes of a table: placed values (:class:`Placed`), the whole table
(:class:`Extraction`), and on the way there the printed rows as read (:class:`Record`)
and the readings each allows (:class:`RowPlan`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx

from ..findings import Finding
from ..grid import Cell
from ..header import HeaderCells, LeafColumn
from ..schema.model import CellKey
from ..values import CellValue, parse_value


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
    traceless: bool = False  # read from a layout where blanks and cell boundaries leave no trace
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


BLANK = CellValue("empty", math.nan, "")
"""A blank cell's value (frozen, so one object serves every blank)."""


@dataclass(slots=True)
class Record:
    """A printed row as read: its key (None: the label matched no row), its label
    cell, the value and blank fields that follow it, and which of those hold text."""

    key: str | None
    label: Cell | None
    fields: list[Cell] = field(default_factory=list)
    filled: list[int] = field(default_factory=list)
    by_order: bool = False  # placed by the template's row order: its label was printed elsewhere


ONE_FIT = (0.0,)
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
