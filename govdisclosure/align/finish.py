"""What every aligned table goes through once its values are placed, whatever its
layout: cells printed in another unit converted, a group column printed without its
sub-columns kept unplaced, template cells the source lacks filled as absent (NaN), and
the label tallies that let a table's format be chosen.
"""

from __future__ import annotations

import math
from itertools import filterfalse

from ..findings import Finding
from ..schema.model import TableTemplate, walk
from ..values import CellValue
from .model import Extraction, Placed

_UNIT_FACTORS = {("元", "万元"): 1e-4, ("亿元", "万元"): 1e4}


def convert_units(ex: Extraction, table: TableTemplate) -> None:
    """A cell printing another unit than its column's (``251000元`` under 万元) is
    converted to the column's unit, and the finding says so; ``raw`` keeps the print.

    Only a unit the template states is converted to: where the official label names
    none (the 2019 format's 采购总金额), a value stays as printed, with its printed unit.
    Every value under a column with a unit carries that unit, printed or not.
    """
    units = table.column_units
    if not units:
        return
    for key in [k for k in ex.values if k in table.unit_cell_keys]:
        p = ex.values[key]
        want = units[key[1]]
        if not p.value.is_value or p.value.unit == want:
            continue
        factor = 1.0 if not p.value.unit else _UNIT_FACTORS.get((p.value.unit, want))
        if factor is None:
            continue  # a unit we cannot convert from: the value stays with its printed unit
        number = p.value.value if factor == 1.0 else round(p.value.value * factor, 10)
        value = CellValue(p.value.kind, number, p.value.raw, want)
        ex.values[key] = Placed(p.row_key, p.col_key, value, p.cell, p.how)
        if factor != 1.0:
            ex.findings.append(
                Finding(
                    "info",
                    "unit_converted",
                    table.name,
                    f"{p.value.raw!r} converted to {value.value:g} {want}, the column's unit",
                    cells=(key,),
                )
            )


def keep_group_columns(ex: Extraction, table: TableTemplate) -> None:
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


def count_labels(ex: Extraction, row_matches: list[int | None], header: int, header_unmatched: int) -> None:
    """Tally the row labels and header cells (``header`` of them, captions aside) that
    matched the template, and those that did not (the fit that picks a table's format
    rests on it)."""
    unmatched = row_matches.count(None) + header_unmatched
    ex.labels_unmatched += unmatched
    ex.labels_matched += len(row_matches) + header - unmatched


def fill_absent(ex: Extraction, table: TableTemplate) -> None:
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
