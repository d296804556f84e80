"""A panel: one wide row per report, every cell in a stable ASCII column.

The columns are ``source``, ``agency``, ``year``, ``published``, ``level``,
``template`` and then every key of the data dictionary (:mod:`govdisclosure.dictionary`)
in its order, whether the report's format has the cell or not: panels of different
years and formats line up column for column, ready to join or concatenate. Counts are
``Int64`` and money ``Float64``; a blank, not-applicable or absent cell is ``<NA>``.

    >>> import govdisclosure as gd
    >>> panel = gd.read_many("examples/seeds", workers=1).panel()
    >>> panel[["year", "applications.new.total"]].iloc[1].tolist()
    [2024, 122]
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from .dictionary import data_dictionary, panel_column

if TYPE_CHECKING:
    from .corpus import Compact

ID_COLUMNS = ["source", "agency", "year", "published", "level", "template"]


@cache
def _dictionary() -> pd.DataFrame:
    return data_dictionary()  # built from the templates, which never change in a process


def panel_frame(items: Iterable[Compact]) -> pd.DataFrame:
    """The panel of compact reports (see the module doc), one row each, in order."""
    keys = _dictionary()
    rows: list[dict[str, Any]] = []
    for item in items:
        row: dict[str, Any] = {"source": item.source, **{k: item.meta.get(k) for k in ID_COLUMNS[1:]}}
        for (table, _, _, rk, ck, _), value in zip(item.labels, item.values):
            row[panel_column(table, rk, ck)] = value
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*ID_COLUMNS, *keys.index])
    dtypes = {"year": "Int64", **dict(zip(keys.index, keys["dtype"]))}
    return frame.astype(dtypes)
