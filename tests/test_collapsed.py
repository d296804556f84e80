"""Tables whose cell boundaries were lost (cells run together): issue 7."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.align.glued import _cuts
from govdisclosure.readers.text import detect_layout, split_lines
from govdisclosure.testing import TextStyle, render_text
from govdisclosure.testing.strategies import reports
from govdisclosure.testing.truth import unflagged_errors


def _silent(report, synthetic):
    return unflagged_errors(report, synthetic.expected())


@settings(max_examples=40)
@given(reports(), st.integers(0, 9999))
def test_collapsed_reports_are_exact_or_flagged(case, seed):
    report = gd.read(render_text(case.report, TextStyle("collapsed", seed=seed)))
    assert "text/collapsed" in report.layout
    wrong, silent = _silent(report, case.report)
    assert silent == [], silent[:3]


def test_collapsed_table3_is_mostly_recovered_by_its_arithmetic():
    # with every cell printed, table 3's totals nearly always leave one cut per row
    # (benchmarks/bench_collapsed.py prints the share); what is not recovered is flagged
    import random

    from govdisclosure.testing.draw import random_report

    recovered = 0
    for seed in range(12):
        rep = random_report(random.Random(seed))
        report = gd.read(render_text(rep, TextStyle("collapsed", seed=seed)))
        wrong, silent = _silent(report, rep)
        assert silent == []
        recovered += not [k for k in wrong if k[0] == "applications"]
    assert recovered >= 9


def test_detection():
    text = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件77132470\n"
    assert detect_layout(split_lines(text)[1:]) == "collapsed"


def test_two_cuts_satisfy_the_row_sum():
    # the example: 270020130 in a seven-column row
    assert _cuts("270020130", 7, None, [(0, 6)], 10_000) == [
        ["2", "7", "0", "0", "20", "1", "30"],
        ["27", "0", "0", "2", "0", "1", "30"],
    ]


def _collapsed_table3(rows: list[tuple[str, str]]) -> str:
    head = "某县2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
    head += "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他\n"
    return head + "\n".join(label + digits for label, digits in rows) + "\n四、政府信息公开行政复议、行政诉讼情况\n"


def test_column_totals_decide_between_two_row_cuts():
    # 一 = 270020130 cuts as [2,7,0,0,20,1,30] or [27,0,0,2,0,1,30]: its own sum cannot
    # tell; 一+二 = （七）总计+四 per column (with 四 = [7,0,0,2,0,1,10] and
    # （七）总计 = [20,0,0,0,0,0,20]) picks the second
    rows = [
        ("一、本年新收政府信息公开申请数量", "270020130"),
        ("二、上年结转政府信息公开申请数量", "0000000"),
        ("三、本年度办理结果（一）予以公开", "200000020"),
        ("（七）总计", "200000020"),
        ("四、结转下年度继续办理", "70020110"),
    ]
    report = gd.read(_collapsed_table3(rows))
    row = report.applications.loc[("一、本年新收政府信息公开申请数量", "", "")]
    assert row.tolist() == [27, 0, 0, 2, 0, 1, 30]
    assert report.to_long().query("row_key == 'new'")["how"].eq("segmented").all()


def test_ambiguous_row_is_reported_not_guessed():
    rows = [("一、本年新收政府信息公开申请数量", "270020130"), ("二、上年结转政府信息公开申请数量", "0000000")]
    report = gd.read(_collapsed_table3(rows))
    finding = next(f for f in report.findings if f.code == "unresolved_row" and ("new", "total") in f.cells)
    assert len(finding.candidates) == 2
    assert report.applications.loc[("一、本年新收政府信息公开申请数量", "", "")].isna().all()
    assert report.to_long().query("row_key == 'new'")["raw"].eq("270020130").all()


def test_wrong_source_totals_are_not_repaired():
    # no cut of 1234567 gives six numbers summing to the seventh: unresolved, kept
    report = gd.read(_collapsed_table3([("一、本年新收政府信息公开申请数量", "1234567")]))
    assert any(f.code == "unresolved_row" for f in report.findings)
    assert report.applications.loc[("一、本年新收政府信息公开申请数量", "", "")].isna().all()
    assert "1234567" in set(report.unplaced()["raw"])


def test_table2_cut_only_when_unique():
    text = (
        "二、主动公开政府信息情况\n第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000"
        "行政规范性文件77132470\n第二十条第（五）项信息内容本年处理决定数量行政许可215\n三、收到和处理政府信息公开申请情况\n"
    )
    report = gd.read(text)
    active = report.active
    assert active.loc[("第二十条第（一）项", "规章")].tolist()[:3] == [0, 0, 0]
    assert active.loc[("第二十条第（五）项", "行政许可"), "本年处理决定数量"] == 215
    assert active.loc[("第二十条第（一）项", "行政规范性文件")].isna().all()
    finding = next(f for f in report.findings if f.code == "unresolved_row")
    assert {"issued": "77", "repealed": "132", "in_force": "470"} in finding.candidates
