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

The modules, in the order a table goes through them:

* :mod:`.kinds`: what each cell of flattened text is (value, blank, label, note);
* :mod:`.skeleton`: tables printed like one aligned before replay its alignment;
* :mod:`.tokens`: label cells cleaned (notes dropped, run-together labels cut,
  fragments joined);
* :mod:`.sequential`: blocks, header and rows of a grid read in order;
* :mod:`.rows` and :mod:`.glued`: the readings a printed row allows;
* :mod:`.choose`: the report's arithmetic picks among readings;
* :mod:`.exact`: grids whose positions are known;
* :mod:`.finish`: units, group columns and absent cells, for every table;
* :mod:`.model`: what alignment makes (:class:`Extraction`, :class:`Placed`).
"""

from __future__ import annotations

from ..findings import Finding
from ..grid import Grid
from ..schema.model import TableTemplate
from .exact import align_exact
from .finish import convert_units, fill_absent, keep_group_columns
from .model import Extraction, Placed
from .sequential import align_sequential

__all__ = ["Extraction", "Placed", "align_table"]


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
    ex = Extraction(table.name, source=grid.source if grid else "", traceless=bool(grid and grid.traceless))
    if grid is None or not grid.cells:
        ex.found = False
        fill_absent(ex, table)
        ex.findings.append(
            Finding("missing", "missing_table", table.name, f"table {table.number} ({table.title}) not found")
        )
        return ex
    if grid.positions == "exact":
        align_exact(grid, table, ex)
    else:
        align_sequential(grid, table, ex)
    keep_group_columns(ex, table)
    convert_units(ex, table)
    fill_absent(ex, table)
    return ex
