"""The Report: one document's tables as DataFrames, in long form, with findings.

>>> import govdisclosure as gd
>>> from govdisclosure.testing import example_text
>>> report = gd.read(example_text())
>>> report.applications.shape
(25, 7)
>>> list(report.to_long().columns)[:4]
['table', 'row', 'column', 'value']
"""

from __future__ import annotations

import math
from functools import cached_property
from typing import Any

import networkx as nx
import pandas as pd

from .align import Extraction, Placed
from .findings import Finding, findings_frame
from .header import describe
from .longform import LONG_COLUMNS, typed
from .schema import TABLE_NAMES
from .schema.model import TableTemplate, Template


def _dtype(values: list[float], money: bool) -> str:
    """``Int64`` for a column of counts, ``Float64`` for money or for counts printed
    with decimals (kept as printed, never rounded)."""
    if money or not all(v.is_integer() for v in values if not math.isnan(v)):
        return "Float64"
    return "Int64"


def _pad(path: tuple[str, ...], depth: int) -> tuple[str, ...]:
    return path + ("",) * (depth - len(path))


class Report:
    """One annual report's extracted tables.

    Attributes
    ----------
    source : str
        The path read, or ``"<text>"``/``"<bytes>"``.
    template : Template
        The national format version the tables were aligned with (the one most
        tables follow; see ``table_versions`` for a report mixing two formats).
    table_versions : dict
        The format version of each table, e.g. ``{"active": "2021", …}``.
    meta : dict
        ``agency``, ``year``, ``published``, ``title``, ``level`` (None when unknown).
    layout : str
        The layout the reader saw (``text/pipe``, ``html``, ``pdf``, …), per table when
        they differ.
    findings : list[Finding]
        Extraction and consistency findings (see :mod:`govdisclosure.findings`).
    """

    def __init__(
        self,
        source: str,
        template: Template,
        extractions: dict[str, Extraction],
        findings: list[Finding],
        meta: dict[str, Any] | None = None,
        layout: str = "",
        table_templates: dict[str, TableTemplate] | None = None,
        table_versions: dict[str, str] | None = None,
    ) -> None:
        self.source = source
        self.template = template
        self.extractions = extractions
        self.findings = findings
        self.meta = meta or {}
        self.layout = layout
        self.table_templates = table_templates or dict(template.tables)
        self.table_versions = table_versions or {name: template.version for name in template.tables}

    # ------------------------------------------------------------------ tables
    @cached_property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The three tables as DataFrames, keyed ``active``, ``applications``, ``reviews``."""
        return {name: self._frame(name) for name in TABLE_NAMES if name in self.table_templates}

    @property
    def active(self) -> pd.DataFrame:
        """Table 2 (主动公开政府信息情况): rows (item, content), one column per quantity.

        Each item has its own columns; a column an item does not have is NaN there.
        """
        return self.tables["active"]

    @property
    def applications(self) -> pd.DataFrame:
        """Table 3 (收到和处理政府信息公开申请情况): 25 rows by 7 applicant columns."""
        return self.tables["applications"]

    @property
    def reviews(self) -> pd.DataFrame:
        """Table 4 (政府信息公开行政复议、行政诉讼情况): one row by 15 columns."""
        return self.tables["reviews"]

    def _frame(self, name: str) -> pd.DataFrame:
        table: TableTemplate = self.table_templates[name]
        ex = self.extractions[name]
        rows = table.row_label_paths()
        cols = table.column_label_paths()
        row_keys = list(rows)
        col_keys: list[str] = []
        for b in table.blocks:
            for p in b.column_paths():
                if p[-1].key not in col_keys:
                    col_keys.append(p[-1].key)
        money = {leaf.key for b in table.blocks for c in b.columns for leaf in c.leaves() if leaf.decimals}
        data = {ck: [self._value(ex, rk, ck) for rk in row_keys] for ck in col_keys}
        rdepth = max(len(p) for p in rows.values())
        cdepth = max(len(p) for p in cols.values())
        if rdepth <= 1:  # table 4: one row, printed without a label
            index = pd.Index([rows[k][0] if rows[k] else "" for k in row_keys])
        else:
            index = pd.MultiIndex.from_tuples([_pad(rows[k], rdepth) for k in row_keys])
        if cdepth == 1:
            columns = pd.Index([cols[k][0] for k in col_keys])
        else:
            columns = pd.MultiIndex.from_tuples([_pad(cols[k], cdepth) for k in col_keys])
        arrays = [pd.array(data[ck], dtype=_dtype(data[ck], ck in money)) for ck in col_keys]
        return pd.DataFrame(dict(zip(columns, arrays)), index=index, columns=columns)

    @staticmethod
    def _value(ex: Extraction, rk: str, ck: str) -> float:
        p = ex.values.get((rk, ck))
        return p.value.value if p is not None else math.nan

    # --------------------------------------------------------------- long form
    def to_long(self) -> pd.DataFrame:
        """Every template cell of every table, one row each (columns :data:`LONG_COLUMNS`).

        ``row`` and ``column`` are the official label paths joined with ``" / "``;
        ``row_key``/``column_key`` the stable keys; ``kind`` one of number, zero, empty,
        na, text, absent; ``raw`` the printed text; ``how`` how the value was placed;
        ``location`` the source position (line, page and bbox, or element path).
        """
        records: list[dict[str, Any]] = []
        for name in TABLE_NAMES:
            if name not in self.table_templates:
                continue
            table = self.table_templates[name]
            ex = self.extractions[name]
            rows = table.row_label_paths()
            cols = table.column_label_paths()
            for rk, ck in table.cell_keys():
                p = ex.values[(rk, ck)]
                records.append(self._record(name, " / ".join(rows[rk]), " / ".join(cols[ck]), p))
        return typed(pd.DataFrame.from_records(records, columns=LONG_COLUMNS))

    def _record(self, table: str, row: str, column: str, p: Placed) -> dict[str, Any]:
        loc = p.cell.loc if p.cell is not None else None
        return {
            "table": table,
            "row": row,
            "column": column,
            "value": p.value.value,
            "row_key": p.row_key,
            "column_key": p.col_key,
            "kind": p.value.kind,
            "raw": p.value.raw,
            "unit": p.value.unit,
            "how": p.how,
            "location": loc.describe() if loc else "",
            "line": loc.line if loc else None,
            "page": loc.page if loc else None,
            "source": self.source,
            "agency": self.meta.get("agency"),
            "year": self.meta.get("year"),
            "published": self.meta.get("published"),
            "level": self.meta.get("level"),
            "template": self.table_versions.get(table, self.template.version),
        }

    def panel(self) -> pd.DataFrame:
        """The report as one wide row (see :meth:`govdisclosure.Corpus.panel`).

        >>> import govdisclosure as gd
        >>> gd.read("examples/seeds/001_073bf38150bd80e7.txt").panel()["applications.new.total"].tolist()
        [122]
        """
        from .corpus import compact
        from .panel import panel_frame

        return panel_frame([compact(self)])

    def unplaced(self) -> pd.DataFrame:
        """Values the source printed that fit no template cell (unknown rows or columns).

        Nothing printed is dropped: what could not be placed is listed here and named
        in a finding.
        """
        records = []
        for name, ex in self.extractions.items():
            for p in ex.unplaced:
                records.append(self._record(name, p.row_key, p.col_key, p))
        return typed(pd.DataFrame.from_records(records, columns=LONG_COLUMNS))

    # ---------------------------------------------------------------- findings
    def findings_frame(self) -> pd.DataFrame:
        """:attr:`findings` as a DataFrame."""
        return findings_frame(self.findings)

    @property
    def missing_tables(self) -> list[str]:
        """Names of the tables the document did not hold."""
        return [name for name, ex in self.extractions.items() if not ex.found]

    # ------------------------------------------------------------------ graphs
    def header_graph(self, table: str, block: str | None = None) -> nx.DiGraph:
        """The header-span graph of a table (of one block of table 2: ``art20_1`` …).

        Nodes are header cells with ``text``, ``row``, ``col``, ``rowspan``, ``colspan``,
        ``key`` (the matched template key, None when unmatched) and ``caption``; an edge
        runs from a cell to each cell it covers directly beneath it; ``"root"`` is the
        root.
        """
        graphs = self.extractions[table].graphs
        if not graphs:
            raise KeyError(f"table {table!r} has no header in this report")
        if block is None:
            if len(graphs) == 1:
                return next(iter(graphs.values()))
            return nx.compose_all(
                [nx.relabel_nodes(g, {n: f"{k}:{n}" for n in g if n != "root"}) for k, g in graphs.items()]
            )
        return graphs[block]

    def describe_header(self, table: str) -> str:
        """The header graph of ``table`` as indented text."""
        return "\n".join(
            f"[{key}]\n" + "\n".join(describe(g)) if key else "\n".join(describe(g))
            for key, g in self.extractions[table].graphs.items()
        )

    def _repr_html_(self) -> str:
        """Jupyter display: the tables with their merged headers, as printed in the
        report, each cell named by a finding highlighted (hover for the message)."""
        return report_html(self)

    def __repr__(self) -> str:
        agency = self.meta.get("agency") or "?"
        year = self.meta.get("year") or "?"
        found = [n for n, ex in self.extractions.items() if ex.found]
        versions = sorted(set(self.table_versions.values()))
        version = self.template.version if len(versions) <= 1 else "+".join(versions)
        return (
            f"<Report {agency} {year} template={version} layout={self.layout} "
            f"tables={found} findings={len(self.findings)}>"
        )


_COLOURS = {"source_anomaly": "#fde0dc", "extraction_doubt": "#fff4c2", "missing": "#eeeeee"}


def _disagreeing(finding: Finding, ex: Extraction) -> tuple[tuple[str, str], ...]:
    """The cells of a finding to highlight: for a failed rule, the total and the parts
    that carry a number (a zero or a blank part adds nothing to the disagreement);
    for any other finding, all its cells."""
    if finding.code != "rule":
        return finding.cells
    totals = finding.extra.get("totals", ())
    out = []
    for key in finding.cells:
        p = ex.values.get(key)
        if key in totals or (p is not None and p.value.kind == "number"):
            out.append(key)
    return tuple(out)


def _html_table(report: Report, name: str) -> str:
    import html as html_lib

    from .printed import printed_table

    table = report.table_templates[name]
    ex = report.extractions[name]
    flagged: dict[tuple[str, str], list[Finding]] = {}
    for f in report.findings:
        if f.table == name:
            for cell in _disagreeing(f, ex):
                flagged.setdefault(cell, []).append(f)
    shown = {}
    for key, p in ex.values.items():
        v = p.value
        shown[key] = (
            v.raw.strip() if v.kind in ("number", "zero", "na", "text") else ("·" if v.kind == "absent" else "")
        )
    rows = printed_table(table, shown, fmt=lambda v: "" if v is None else str(v))
    parts = ['<table class="govdisclosure" style="border-collapse:collapse;font-size:12px">']
    for row in rows:
        parts.append("<tr>")
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            style = "border:1px solid #999;padding:2px 4px;"
            title = ""
            if cell.key is not None:
                style += "text-align:right;"
                found = flagged.get(cell.key, [])
                if found:
                    style += f"background:{_COLOURS.get(found[0].kind, '#eef')};"
                    title = f' title="{html_lib.escape(" | ".join(f.message for f in found))}"'
            else:
                style += "background:#f6f6f6;"
            tag = "td" if cell.key is not None else "th"
            parts.append(f'<{tag}{attrs} style="{style}"{title}>{html_lib.escape(cell.text)}</{tag}>')
        parts.append("</tr>")
    parts.append("</table>")
    return "".join(parts)


def report_html(self: Report) -> str:
    """The report as HTML: its tables in the official layout, findings highlighted."""
    import html as html_lib

    head = html_lib.escape(repr(self))
    parts = [f"<div><p><code>{head}</code></p>"]
    for name in TABLE_NAMES:
        if name in self.table_templates and self.extractions[name].found:
            t = self.table_templates[name]
            parts.append(
                f"<p><b>{t.number}、{html_lib.escape(t.title)}</b> <small>({self.table_versions[name]})</small></p>"
            )
            parts.append(_html_table(self, name))
    if self.findings:
        parts.append("<p><b>findings</b></p><ul>")
        for f in self.findings:
            colour = _COLOURS.get(f.kind, "#fff")
            parts.append(f'<li><span style="background:{colour}">[{f.kind}]</span> {html_lib.escape(f.message)}</li>')
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)
