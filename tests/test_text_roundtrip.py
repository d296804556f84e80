"""Property tests: drawn reports rendered in every text layout read back exactly."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

import govdisclosure as gd
import govdisclosure.testing
from govdisclosure.testing import render_text, report_cells
from govdisclosure.testing.strategies import reports, text_styles
from govdisclosure.testing.truth import unflagged_errors


def _mismatches(expected, got):
    out = []
    for key, want in expected.items():
        have = got.get(key)
        if have is None or not (want == have or (math.isnan(want) and math.isnan(have))):
            out.append((key, want, have))
    return out


@given(reports(), text_styles())
def test_lossless_layouts_round_trip_exactly(case, style):
    text = render_text(case.report, style)
    report = gd.read(text)
    assert _mismatches(case.report.expected(), report_cells(report)) == []
    doubts = [f for f in report.findings if f.kind == "extraction_doubt"]
    assert doubts == []
    assert report.meta["year"] == case.report.year


@given(reports(), text_styles(lossy=True))
def test_lossy_layouts_are_exact_or_flagged(case, style):
    # where a layout lost information, every value is right or named in a finding
    report = gd.read(render_text(case.report, style))
    _, unflagged = unflagged_errors(report, case.report.expected(), kinds=("extraction_doubt",))
    assert unflagged == [], (unflagged[:3], style)


@given(reports(blanks=False, inconsistent=True), st.sampled_from(["pipe", "tab", "blocks"]))
def test_checks_find_exactly_the_drawn_inconsistency(case, layout):
    report = gd.read(render_text(case.report, gd.testing.TextStyle(layout)))
    table, cell = case.perturbed
    expected = {r.name for r in report.template[table].rules if cell in r.cells}
    found = {f.rule for f in report.findings if f.code == "rule"}
    assert found == expected
    assert all(f.kind == "source_anomaly" for f in report.findings if f.code == "rule")
    # the printed (wrong) value is kept, never repaired
    assert report_cells(report) == case.report.expected() or not _mismatches(
        case.report.expected(), report_cells(report)
    )


@given(reports(blanks=False))
def test_consistent_reports_have_no_findings(case):
    report = gd.read(render_text(case.report))
    assert report.findings == []
    assert gd.check(report) == []
