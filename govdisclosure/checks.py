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
from collections.abc import Mapping

from .findings import Finding
from .schema.model import CellKey, Rule

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
    for rule in rules:
        lhs_vals = [values.get(k, math.nan) for k in rule.lhs]
        rhs_vals = [values.get(k, math.nan) for k in rule.rhs]
        if any(math.isnan(v) for v in lhs_vals + rhs_vals):
            continue
        lhs, rhs = sum(lhs_vals), sum(rhs_vals)
        if abs(lhs - rhs) <= TOLERANCE * max(1.0, abs(rhs)):
            continue
        suspect = any((rule.table, k) in doubtful for k in rule.cells)
        out.append(
            Finding(
                "extraction_doubt" if suspect else "source_anomaly",
                "rule",
                rule.table,
                f"{rule.description}: {rule.name} sums to {_fmt(lhs)} but the total is {_fmt(rhs)}",
                cells=rule.cells,
                expected=rhs,
                actual=lhs,
                rule=rule.name,
            )
        )
    return out


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"
