"""Findings: what a report's numbers or its extraction give reason to doubt.

A finding never changes a value. It says which cells are involved, what was
expected and what was found, and whether the doubt lies with the source (the
report's own numbers disagree: ``source_anomaly``), with the extraction (the layout
left more than one reading, or something could not be placed: ``extraction_doubt``),
or whether something is simply absent (``missing``).

    >>> f = Finding("source_anomaly", "rule", "reviews", "1+2+3+4 != 11", cells=(("count", "review.total"),))
    >>> f.severity
    'warning'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import pandas as pd

FindingKind = Literal["source_anomaly", "extraction_doubt", "missing", "info"]


@dataclass(frozen=True)
class Finding:
    """One consistency or extraction finding.

    ``code`` says which check produced it (``rule``, ``ambiguous_placement``,
    ``unmatched_row``, ``unmatched_column``, ``missing_table``, ``extra_values``, …);
    ``rule`` names the arithmetic rule for ``code == "rule"``; ``candidates`` lists the
    alternative readings of an ambiguous placement (each a dict column key → value).
    """

    kind: FindingKind
    code: str
    table: str
    message: str
    cells: tuple[tuple[str, str], ...] = ()
    expected: float | None = None
    actual: float | None = None
    rule: str = ""
    candidates: tuple[dict[str, Any], ...] = ()
    location: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> str:
        """``warning`` for anomalies and doubts, ``info`` otherwise."""
        return "warning" if self.kind in ("source_anomaly", "extraction_doubt", "missing") else "info"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["cells"] = ["{}|{}".format(*c) for c in self.cells]
        d["severity"] = self.severity
        return d


FINDING_COLUMNS = [
    "kind",
    "code",
    "table",
    "rule",
    "message",
    "cells",
    "expected",
    "actual",
    "location",
    "severity",
]


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """The findings as a DataFrame, one row each, columns :data:`FINDING_COLUMNS`."""
    rows = [{k: f.to_dict()[k] for k in FINDING_COLUMNS} for f in findings]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)
