"""The data dictionary: every cell key of every known format, with its printed labels.

A panel (:meth:`Corpus.panel`) names each cell by a stable ASCII column
``table.row_key.column_key``; this module says what each such column holds. The same
dictionary ships with the package as ``govdisclosure/keys.json`` and is rendered in the
documentation (``docs/keys.md``); ``python docs/make_keys.py`` writes both anew after a
template changes (a test checks they are current).

    >>> d = data_dictionary()
    >>> d.loc["applications.new.total", ["row", "column", "dtype"]].tolist()
    ['一、本年新收政府信息公开申请数量', '总计', 'Int64']
    >>> d.loc["active.art20_8.fees.fee_amount", "unit"]
    '万元'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from .schema import TABLE_NAMES, TEMPLATES
from .schema.model import TableTemplate

DICTIONARY_COLUMNS = ["table", "row_key", "column_key", "row", "column", "unit", "dtype", "formats"]
PACKAGED = Path(__file__).with_name("keys.json")
DOCS_PAGE = Path(__file__).parent.parent / "docs" / "keys.md"


def panel_column(table: str, row_key: str, column_key: str) -> str:
    """The panel column of a cell: ``table.row_key.column_key``, plain ASCII.

    >>> panel_column("reviews", "count", "review.total")
    'reviews.count.review.total'
    """
    return f"{table}.{row_key}.{column_key}"


def _money(table: TableTemplate) -> set[str]:
    return {leaf.key for b in table.blocks for c in b.columns for leaf in c.leaves() if leaf.decimals}


def data_dictionary() -> pd.DataFrame:
    """Every cell of every format, indexed by its panel column (:func:`panel_column`).

    Columns: ``table``, ``row_key``, ``column_key``, the official ``row`` and ``column``
    label paths (joined with `` / ``), the ``unit`` the official label states, the
    ``dtype`` of its values (``Int64`` for counts, ``Float64`` for money) and the
    ``formats`` that have the cell (``2019 2021``). A key shared by both formats means
    the same thing in both.
    """
    records: dict[str, dict[str, Any]] = {}
    for version in sorted(TEMPLATES, reverse=True):  # the current format's labels first
        template = TEMPLATES[version]
        for name in TABLE_NAMES:
            table = template[name]
            rows, cols = table.row_label_paths(), table.column_label_paths()
            money, units = _money(table), table.column_units
            for rk, ck in table.cell_keys():
                column = panel_column(name, rk, ck)
                record = records.setdefault(
                    column,
                    {
                        "table": name,
                        "row_key": rk,
                        "column_key": ck,
                        "row": " / ".join(rows[rk]),
                        "column": " / ".join(cols[ck]),
                        "unit": units.get(ck, ""),
                        "dtype": "Float64" if ck in money else "Int64",
                        "formats": [],
                    },
                )
                record["formats"].append(version)
    frame = pd.DataFrame.from_dict(records, orient="index", columns=DICTIONARY_COLUMNS)
    frame["formats"] = [" ".join(sorted(f)) for f in frame["formats"]]
    frame.index.name = "key"
    return frame


def dictionary_json() -> str:
    """The data dictionary as JSON: a JSON Schema of one panel row, each cell a property."""
    d = data_dictionary()
    properties: dict[str, Any] = {
        "source": {"type": "string", "description": "the document read"},
        "agency": {"type": ["string", "null"], "description": "the reporting body"},
        "year": {"type": ["integer", "null"], "description": "the year reported on"},
        "template": {"type": "string", "description": "the national format (2019 or 2021)"},
    }
    for key, row in d.iterrows():
        properties[str(key)] = {
            "type": ["integer" if row["dtype"] == "Int64" else "number", "null"],
            "description": f"{row['row']} × {row['column']}",
            "x-table": row["table"],
            "x-row-key": row["row_key"],
            "x-column-key": row["column_key"],
            "x-unit": row["unit"],
            "x-formats": row["formats"].split(),
        }
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "govdisclosure panel row",
        "description": "One report as one row: Corpus.panel() and Report.panel(). A blank cell is null, never 0.",
        "type": "object",
        "properties": properties,
    }
    return json.dumps(schema, ensure_ascii=False, indent=1) + "\n"


def dictionary_markdown() -> str:
    """The data dictionary as the documentation page ``docs/keys.md``."""
    d = data_dictionary()
    lines = [
        "# Cell keys",
        "",
        "Every cell of every format, by the panel column that holds it (`Corpus.panel()`,",
        "`Report.panel()`): `table.row_key.column_key`. Written by",
        "`python docs/make_keys.py` from the templates; the same list ships as",
        "`govdisclosure/keys.json` (a JSON Schema of one panel row) and is",
        "`gd.data_dictionary()` in Python. A key in both formats means the same in both.",
        "",
    ]
    for name in TABLE_NAMES:
        part = d[d["table"] == name]
        lines += [
            f"## {name}",
            "",
            "| key | row | column | unit | dtype | formats |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for key, row in part.iterrows():
            lines.append(
                f"| `{key}` | {row['row']} | {row['column']} | {row['unit']} | {row['dtype']} | {row['formats']} |"
            )
        lines.append("")
    return "\n".join(lines)
