"""The columns of the long form and their dtypes, the same in every output.

:meth:`Report.to_long`, :meth:`Corpus.to_long`, the Dask frame and the files the CLI
writes all go through :func:`typed`, so a column has one dtype everywhere: ``value`` is
nullable ``Float64`` (a blank is ``<NA>``, never 0), ``year``, ``line`` and ``page`` are
nullable ``Int64`` (so a CSV says ``2024``, not ``2024.0``), and the repeated labels are
``category``.

    >>> frame = typed(pd.DataFrame({"value": [3.0, None], "year": [2024, None]}))
    >>> [str(t) for t in frame.dtypes]
    ['Float64', 'Int64']
    >>> frame["value"].isna().tolist()
    [False, True]
"""

from __future__ import annotations

import pandas as pd

LONG_COLUMNS = [
    "table",
    "row",
    "column",
    "value",
    "row_key",
    "column_key",
    "kind",
    "raw",
    "unit",
    "how",
    "location",
    "line",
    "page",
    "source",
    "agency",
    "year",
    "published",
    "level",
    "template",
]

CATEGORIES = (
    "table",
    "row",
    "column",
    "row_key",
    "column_key",
    "kind",
    "unit",
    "how",
    "source",
    "agency",
    "level",
    "template",
)
INTEGERS = ("line", "page", "year")

LONG_DTYPES: dict[str, str] = {
    **{c: "category" for c in CATEGORIES},
    **{c: "Int64" for c in INTEGERS},
    "value": "Float64",
    "raw": "object",
    "location": "object",
    "published": "object",
}
"""The dtype of each long-form column."""


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the long form's dtypes (:data:`LONG_DTYPES`) on the columns it has."""
    return frame.astype({c: t for c, t in LONG_DTYPES.items() if c in frame.columns})


def number_text(value: object) -> str:
    """A value as a CSV shows it: ``117`` for a count, ``2090.6`` for money, ``""`` for a blank.

    >>> number_text(117.0), number_text(2090.6), number_text(pd.NA)
    ('117', '2090.6', '')
    """
    if value is None or value is pd.NA or value != value:
        return ""
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else repr(number)


def for_text_file(frame: pd.DataFrame) -> pd.DataFrame:
    """The long form as a text file (CSV) holds it: counts without a trailing ``.0``."""
    out = frame.copy()
    if "value" in out.columns:
        out["value"] = [number_text(v) for v in out["value"]]
    return out
