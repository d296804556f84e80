"""Tables printed alike are aligned by replaying a recorded alignment (the skeleton
memo): a replay must give exactly what a fresh alignment of the same text gives."""

from __future__ import annotations

import random

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.align import skeleton
from govdisclosure.testing import SyntheticReport, TextStyle, random_report, render_text
from govdisclosure.testing.draw import draw_values
from govdisclosure.testing.strategies import reports, text_styles


def _same_blanks(report: SyntheticReport, choose) -> SyntheticReport:
    """Another report with new numbers in the same cells (its blanks where ``report``
    has them): printed in one style, the two share a table skeleton."""
    values = draw_values(choose, report.template)
    for name, vals in report.values.items():
        for key, v in vals.items():
            if v is None:
                values[name][key] = None
    return SyntheticReport(report.agency, report.year, report.template, values)


def _facts(report: gd.Report) -> tuple:
    findings = [(f.code, f.message, f.cells, f.location, f.candidates) for f in report.findings]
    unplaced = [
        (n, p.row_key, p.col_key, p.value.raw, p.how) for n, ex in report.extractions.items() for p in ex.unplaced
    ]
    graphs = {
        (n, b): (sorted((k, d.get("key"), d.get("text")) for k, d in g.nodes(data=True)), sorted(g.edges()))
        for n, ex in report.extractions.items()
        for b, g in ex.graphs.items()
    }
    how = [(n, k, p.how) for n, ex in report.extractions.items() for k, p in ex.values.items()]
    return findings, unplaced, graphs, how


@given(reports(), st.data(), text_styles(lossy=True))
def test_a_replayed_skeleton_reads_as_a_fresh_alignment(case, data, style):
    other = _same_blanks(case.report, lambda lo, hi: data.draw(st.integers(lo, hi)))
    text = render_text(other, style)
    gd.read(render_text(case.report, style))  # records the skeleton's alignment
    warm = gd.read(text)
    gd.clear_caches()
    cold = gd.read(text)
    pd.testing.assert_frame_equal(warm.to_long(), cold.to_long())
    assert _facts(warm) == _facts(cold)


def _count_replays(monkeypatch) -> list[str]:
    """The names of the tables replayed from here on, in order."""
    replays: list[str] = []
    apply = skeleton.SkeletonPlan.apply
    monkeypatch.setattr(
        skeleton.SkeletonPlan, "apply", lambda plan, tokens, ex: replays.append(ex.name) or apply(plan, tokens, ex)
    )
    return replays


def test_a_replay_places_the_new_reports_own_numbers(monkeypatch):
    rng = random.Random(3)
    first = random_report(rng)
    second = _same_blanks(first, rng.randint)
    style = TextStyle("pipe")
    gd.clear_caches()
    gd.read(render_text(first, style))
    recorded = len(skeleton.SKELETONS)
    assert recorded == 3  # tables 2, 3 and 4: clean pipe rows never need the numbers to align
    replays = _count_replays(monkeypatch)
    report = gd.read(render_text(second, style))
    assert replays == ["active", "applications", "reviews"]
    assert len(skeleton.SKELETONS) == recorded
    got = gd.testing.report_cells(report)
    assert got == second.expected()
    assert report.findings == []


def test_alignments_that_needed_the_numbers_are_not_recorded():
    # one cell per line with the blank cells lost: the report's totals place the blanks
    rng = random.Random(5)
    report = random_report(rng, blanks=True)
    gd.clear_caches()
    read = gd.read(render_text(report, TextStyle("lines", lose_blanks=True)))
    by_values = [ex.name for ex in read.extractions.values() if ex.by_values]
    assert by_values  # the drawn blanks were lost somewhere
    recorded = {plan.table.name for plan in skeleton.SKELETONS.values()}
    assert recorded.isdisjoint(by_values)


def test_the_memo_keeps_the_recent_skeletons_within_its_bound(monkeypatch):
    monkeypatch.setattr(skeleton, "MAX_SKELETONS", 4)
    gd.clear_caches()
    report = random_report(random.Random(9))
    texts = [render_text(report, TextStyle(layout)) for layout in ("pipe", "tab", "markdown")]
    for text in texts:
        gd.read(text)
        assert len(skeleton.SKELETONS) <= 4
    last = {id(plan) for plan in skeleton.SKELETONS.values()}
    replays = _count_replays(monkeypatch)
    gd.read(texts[-1])  # the latest report's tables are still known: replayed, not recorded anew
    assert replays == ["active", "applications", "reviews"]
    assert {id(plan) for plan in skeleton.SKELETONS.values()} == last
