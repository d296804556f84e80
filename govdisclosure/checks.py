"""Consistency checks: the report's own arithmetic (勾稽关系, row and block totals).

The rules are data in the template (:class:`~govdisclosure.schema.model.Rule`); this
module evaluates them on extracted values. A rule with a missing cell is not
checkable and yields no finding. A failed rule is a ``source_anomaly`` when every
cell involved was read from a trusted position, and an ``extraction_doubt`` when one
of them was placed by inference (a lost blank, a doubtful placement).

    >>> from govdisclosure.schema.model import Rule
    >>> r = Rule("t", "reviews", (("count", "a"), ("count", "b")), (("count", "c"),))
    >>> [f.actual for f in evaluate([r], {("count", "a"): 1.0, ("count", "b"): 2.0, ("count", "c"): 4.0})]
    [3.0]
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from itertools import repeat

from .findings import Finding
from .schema.model import CellKey, Rule, TableTemplate

TOLERANCE = 1e-6


def evaluate(
    rules: list[Rule] | tuple[Rule, ...],
    values: Mapping[CellKey, float],
    doubtful: set[tuple[str, CellKey]] | None = None,
) -> list[Finding]:
    """Evaluate ``rules`` on ``values`` (cell key → number, NaN when missing).

    ``doubtful`` holds (table, cell key) pairs whose placement was inferred; a failed
    rule touching one of them is reported as an extraction doubt.
    """
    doubtful = doubtful or set()
    out: list[Finding] = []
    get = values.get
    nans = repeat(math.nan)
    for rule in rules:
        # a missing cell makes its side NaN (values are finite numbers or NaN)
        lhs = sum(map(get, rule.lhs, nans))
        rhs = sum(map(get, rule.rhs, nans))
        if math.isnan(lhs) or math.isnan(rhs):
            continue
        if abs(lhs - rhs) <= TOLERANCE * max(1.0, abs(rhs)):
            continue
        suspect = any((rule.table, k) in doubtful for k in rule.cells)
        out.append(
            Finding(
                "extraction_doubt" if suspect else "source_anomaly",
                "rule",
                rule.table,
                rule_message(rule, lhs, rhs),
                cells=rule.cells,
                expected=rhs,
                actual=lhs,
                rule=rule.name,
                extra={"totals": rule.rhs},
            )
        )
    return out


def rule_message(rule: Rule, lhs: float, rhs: float) -> str:
    """A failed rule in the report's own words.

    >>> r = Rule("balance[total]", "applications", (), (), "一+二 = 三（七）+四", "总计")
    >>> rule_message(r, 134.0, 133.0)
    '一+二 ≠ 三（七）+四 for 总计: 134 vs 133'
    """
    identity = (rule.description or rule.name).replace(" = ", " ≠ ", 1)
    where = f" for {rule.where}" if rule.where else ""
    return f"{identity}{where}: {_fmt(lhs)} vs {_fmt(rhs)}"


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


# --- sanity of table 2 ---------------------------------------------------------------

SIGNED_COLUMNS = frozenset({"change"})
"""Columns whose values may be negative (2019's 本年增/减)."""


def sanity(table: str, values: Mapping[CellKey, float], template: TableTemplate | None = None) -> list[Finding]:
    """Counts below zero (other than 本年增/减), and 2019's 上一年项目数量 + 本年增/减
    below zero: the printed numbers cannot all be right.

        >>> [f.code for f in sanity("active", {("art20_5.licensing", "prior_items"): 2.0,
        ...                                     ("art20_5.licensing", "change"): -5.0})]
        ['negative_balance']
    """
    out: list[Finding] = []

    def row(key: str) -> str:
        return template.row_name(key) if template else key

    def column(key: str) -> str:
        return template.column_name(key) if template else key

    for (rk, ck), v in values.items():
        if v < 0 and ck not in SIGNED_COLUMNS:  # NaN compares False
            out.append(
                Finding(
                    "source_anomaly",
                    "negative_count",
                    table,
                    f"{row(rk)} / {column(ck)} is {_fmt(v)}: a count cannot be negative",
                    cells=((rk, ck),),
                    actual=v,
                )
            )
        if ck != "prior_items":
            continue
        change = values.get((rk, "change"), math.nan)
        if not (math.isnan(v) or math.isnan(change)) and v + change < 0:
            out.append(
                Finding(
                    "source_anomaly",
                    "negative_balance",
                    table,
                    f"{row(rk)}: 上一年项目数量 {_fmt(v)} with 本年增/减 {_fmt(change)} leaves {_fmt(v + change)} items",
                    cells=((rk, "prior_items"), (rk, "change")),
                    actual=v + change,
                )
            )
    return out


# --- what the prose of section 一 says against the tables -------------------------------

_NUM = r"(\d[\d,]*)\s*(?:件|起|个|宗)"
PROSE_CLAIMS: tuple[tuple[str, str, tuple[CellKey, ...]], ...] = (
    (
        "applications",
        r"(?:新)?收到[^。；;！!\d]{0,24}申请[^。；;！!\d，,]{0,8}" + _NUM,
        (("new", "total"),),
    ),
    ("reviews", r"行政复议(?:案件|申请)?[^。；;！!\d，,]{0,8}" + _NUM, (("count", "review.total"),)),
    (
        "reviews",
        r"行政诉讼(?:案件)?[^。；;！!\d，,]{0,8}" + _NUM,
        (("count", "litigation_direct.total"), ("count", "litigation_after_review.total")),
    ),
)
"""(table, pattern whose group 1 is the number the text states, the cells it sums)."""

_CLAIMS = [
    (table, re.compile(pattern), cells, literal)
    for (table, pattern, cells), literal in zip(PROSE_CLAIMS, ("收到", "行政复议", "行政诉讼"))
]
# each compiled, with a word its pattern cannot match without (asked first: the
# patterns begin with an optional part, so the regex engine tries every position)
_NUMBERS = {"active": "二", "applications": "三", "reviews": "四"}
_TOTAL = re.compile(r"(?:合计|共计|总计)[^\d。；;]{0,4}" + _NUM)


def prose_claims(lines: list[str], tables: Mapping[str, Mapping[CellKey, float]]) -> list[Finding]:
    """Numbers stated in the report's prose compared with its tables.

    Only the first statement of each kind is read (``全年依申请公开共收到…122件``
    against 一、本年新收 总计; ``行政复议144件`` against the 行政复议 总计; ``行政诉讼…件``
    against the two 行政诉讼 总计). A disagreement is a ``source_anomaly``.

        >>> vals = {"reviews": {("count", "review.total"): 3.0}}
        >>> [f.message for f in prose_claims(["本年度发生行政复议5件。"], vals)]
        ['the text says 行政复议 5, table 四 says 3 (行政复议5件)']
    """
    text = "\n".join(lines)
    out: list[Finding] = []
    for table, pattern, cells, literal in _CLAIMS:
        values = tables.get(table)
        if not values or literal not in text:
            continue
        m = pattern.search(text)
        if not m:
            continue
        stated = float(m.group(1).replace(",", ""))
        # a sentence listing parts states its total after 合计/共计/总计: that is the claim
        end = min((i for i in (text.find(p, m.end()) for p in "。；;\n") if i >= 0), default=len(text))
        total_m = _TOTAL.search(text[m.end() : end])
        if total_m:
            stated = float(total_m.group(1).replace(",", ""))
        found = [values.get(c, math.nan) for c in cells]
        if any(math.isnan(v) for v in found):
            continue
        total = sum(found)
        if abs(total - stated) > TOLERANCE:
            what = "依申请" if table == "applications" else ("行政复议" if "review" in cells[0][1] else "行政诉讼")
            out.append(
                Finding(
                    "source_anomaly",
                    "text_vs_table",
                    table,
                    f"the text says {what} {_fmt(stated)}, table {_NUMBERS[table]} says {_fmt(total)} ({m.group(0).strip()})",
                    cells=cells,
                    expected=stated,
                    actual=total,
                )
            )
    return out
