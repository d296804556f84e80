"""Synthetic reports: a value (or None for a blank cell) for every template cell.

Their tables are laid out by :func:`govdisclosure.printed.printed_table`, re-exported
here for the renderers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..printed import PCell, Values, fmt_value, occupancy, printed_table
from ..schema import Template, get_template

__all__ = ["PCell", "SyntheticReport", "Values", "fmt_value", "occupancy", "printed_table"]


@dataclass
class SyntheticReport:
    """A drawn report: agency, year and every cell's value (None = blank cell).

    ``values[table][(row_key, col_key)]`` is an int, a float (fees), a printed
    not-applicable marker (str), or None for a blank cell.
    """

    agency: str = "测试县示例镇"
    year: int = 2023
    template: str = "2021"
    values: dict[str, Values] = field(default_factory=dict)

    @property
    def tpl(self) -> Template:
        return get_template(self.template)

    def expected(self) -> dict[tuple[str, str, str], float]:
        """The values as ``(table, row label path, column label path) → float``.

        The addressing of :func:`govdisclosure.testing.truth.report_cells`; blanks and
        markers are NaN.
        """
        out: dict[tuple[str, str, str], float] = {}
        for name, vals in self.values.items():
            table = self.tpl[name]
            rows, cols = table.row_label_paths(), table.column_label_paths()
            for (rk, ck), v in vals.items():
                num = float(v) if isinstance(v, (int, float)) else float("nan")
                out[(name, " / ".join(rows[rk]), " / ".join(cols[ck]))] = num
        return out
