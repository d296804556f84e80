"""Comparing a Report with a truth file (the ``*.truth.json`` format of the seeds).

A truth file keys table 2 by ``"<item> / <row>"`` → ``{column label: value}``, table 3
by the row label path → ``{column label path: value}``, and table 4 by the column label
path → value; ``null`` is a blank cell.

    >>> import math
    >>> differences({"tables": {"reviews": {"行政复议 / 总计": None}}}, {("reviews", "", "行政复议 / 总计"): math.nan})
    []
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from ..report import Report


def load_truth(path: str | Path) -> dict[str, Any]:
    """Read a truth file."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def truth_cells(truth: dict[str, Any]) -> dict[tuple[str, str, str], float]:
    """The truth as ``(table, row label path, column label path) → value`` (NaN for null)."""
    out: dict[tuple[str, str, str], float] = {}
    for table, rows in truth["tables"].items():
        for row, cols in rows.items():
            if isinstance(cols, dict):
                for col, v in cols.items():
                    out[(table, row, col)] = math.nan if v is None else float(v)
            else:
                out[(table, "", row)] = math.nan if cols is None else float(cols)
    return out


def report_cells(report: Report) -> dict[tuple[str, str, str], float]:
    """A report's values in the same addressing as :func:`truth_cells`."""
    long = report.to_long()
    values = long["value"].astype("float64")  # <NA> as NaN, the truth's blank
    return {(t, r, c): float(v) for t, r, c, v in zip(long["table"], long["row"], long["column"], values)}


def differences(truth: dict[str, Any], got: dict[tuple[str, str, str], float] | Report) -> list[str]:
    """Every cell where ``got`` differs from ``truth`` (NaN equals NaN), as messages."""
    if isinstance(got, Report):
        got = report_cells(got)
    out = []
    for key, want in truth_cells(truth).items():
        if key not in got:
            out.append(f"{key}: missing from the report (truth {want})")
            continue
        have = got[key]
        if not (want == have or (math.isnan(want) and math.isnan(have))):
            out.append(f"{key}: truth {want}, got {have}")
    return out


def unflagged_errors(
    report: Report,
    expected: dict[tuple[str, str, str], float],
    kinds: tuple[str, ...] = ("extraction_doubt", "missing"),
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """The cells a report got wrong, and those of them no finding names.

    ``expected`` is in the addressing of :func:`report_cells` (e.g. a synthetic
    report's ``expected()``); a cell counts as flagged when a finding of one of
    ``kinds`` lists it. The library's promise is that the second list is empty.
    """
    flagged = {(f.table, c) for f in report.findings if f.kind in kinds for c in f.cells}
    by_label = {}
    for name, table in report.table_templates.items():
        rows, cols = table.row_label_paths(), table.column_label_paths()
        for rk, ck in table.cell_keys():
            by_label[(name, " / ".join(rows[rk]), " / ".join(cols[ck]))] = (rk, ck)
    got = report_cells(report)
    wrong = [
        k for k, w in expected.items() if k not in got or not (w == got[k] or (math.isnan(w) and math.isnan(got[k])))
    ]
    return wrong, [k for k in wrong if k not in by_label or (k[0], by_label[k]) not in flagged]
