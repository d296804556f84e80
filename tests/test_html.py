"""HTML reports: property round trips, hand-written nasty pages, hostile input."""

from __future__ import annotations

import math
import time

import pandas as pd
import pytest
from hypothesis import given

import govdisclosure as gd
from govdisclosure.readers.html import read_html
from govdisclosure.testing import example_report, render_html, report_cells
from govdisclosure.testing.render_html import HTMLStyle
from govdisclosure.testing.strategies import html_styles, reports

from .conftest import FIXTURES


def _same(expected, got):
    return [
        (k, w, got.get(k))
        for k, w in expected.items()
        if k not in got or not (w == got[k] or (math.isnan(w) and math.isnan(got[k])))
    ]


@given(reports(), html_styles())
def test_html_round_trip(case, style):
    report = gd.read(render_html(case.report, style))
    assert _same(case.report.expected(), report_cells(report)) == []
    assert [f.message for f in report.findings if f.kind != "source_anomaly"] == []
    assert report.layout == "html"


def test_html_string_bytes_and_file_agree(tmp_path):
    page = render_html(example_report(), HTMLStyle(encoding="gbk"))
    assert isinstance(page, bytes)
    path = tmp_path / "report.html"
    path.write_bytes(page)
    a, b = gd.read(page).to_long(), gd.read(path).to_long()
    assert a["value"].equals(b["value"])
    utf8 = render_html(example_report())
    assert gd.read(utf8).to_long()["value"].equals(a["value"])


def test_provenance_is_an_element_path():
    report = gd.read(render_html(example_report()))
    loc = report.to_long().query("table == 'reviews'")["location"]
    assert loc.str.startswith("/html/body").all() and loc.str.contains("/td").all()


def test_header_graph_from_real_spans():
    report = gd.read(render_html(example_report(), HTMLStyle(spans="official")))
    g = report.header_graph("reviews")
    by_key = {d["key"]: n for n, d in g.nodes(data=True) if d.get("key")}
    assert g.nodes[by_key["litigation"]]["colspan"] == 10
    assert set(g.successors(by_key["litigation_direct"])) == {
        by_key[f"litigation_direct.{k}"] for k in ("maintained", "corrected", "other", "pending", "total")
    }


# --- hand-written pages --------------------------------------------------------------


def _fixture(name: str) -> gd.Report:
    return gd.read(FIXTURES / "html" / name)


def test_cms_page_with_navigation_layout_table_and_split_table():
    report = _fixture("cms_page.html")
    assert report.meta["agency"] == "某市某区" and report.meta["year"] == 2023
    assert report.findings == []
    apps = report.applications
    assert apps.loc[("一、本年新收政府信息公开申请数量", "", ""), ("总计", "")] == 15
    assert apps.loc[("四、结转下年度继续办理", "", ""), ("自然人", "")] == 1
    # the continuation fragment lost the merged 三、/（四） cells but still aligns
    assert apps.loc[("三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作"), ("自然人", "")] == 2
    # &nbsp; zeros are blanks, never 0
    assert pd.isna(apps.loc[("三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项"), ("自然人", "")])
    assert report.reviews.iloc[0][("行政复议", "总计", "")] == 3


def test_unusual_header_arrangement_maps_by_label():
    # 总计 printed before the 法人 columns, and an extra 法人或其他组织小计 column
    report = _fixture("reordered_header.html")
    row = report.applications.loc[("一、本年新收政府信息公开申请数量", "", "")]
    assert row[("自然人", "")] == 4 and row[("总计", "")] == 10
    assert row[("法人或其他组织", "商业企业")] == 3 and row[("法人或其他组织", "其他")] == 1
    assert any(f.code == "unmatched_column" and "小计" in f.message for f in report.findings)
    extra = report.unplaced()
    assert "6" in set(extra.raw)  # the subtotal is kept, not dropped


def test_table2_header_colspans_differ_from_data_rows():
    report = _fixture("table2_colspans.html")
    active = report.active
    assert active.loc[("第二十条第（五）项", "行政许可"), "本年处理决定数量"] == 215
    assert active.loc[("第二十条第（六）项", "行政处罚"), "本年处理决定数量"] == 22
    assert pd.isna(active.loc[("第二十条第（六）项", "行政强制"), "本年处理决定数量"])
    assert active.loc[("第二十条第（八）项", "行政事业性收费"), "本年收费金额（单位：万元）"] == 1.5


# --- hostile and broken input ----------------------------------------------------------


def test_page_without_report_tables():
    with pytest.raises(gd.NoTablesFoundError):
        gd.read("<html><body><table><tr><td>首页</td><td>新闻</td></tr></table><p>欢迎</p></body></html>")


def test_malformed_markup_still_reads():
    page = render_html(example_report())
    broken = page.replace("</td>", "").replace("</tr>", "").replace("</table>", "", 1).replace("</body></html>", "")
    report = gd.read(broken)
    assert _same(example_report().expected(), report_cells(report)) == []


def test_billion_laughs_is_not_expanded():
    lol = '<!DOCTYPE html [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    page = (
        lol
        + "]><html><body><p>三、收到和处理政府信息公开申请情况</p><table><tr><td>&i;</td></tr></table></body></html>"
    )
    t0 = time.perf_counter()
    report = gd.read(page.encode("utf-8"))
    assert time.perf_counter() - t0 < 5  # not a timing target: a guard against runaway expansion
    doc = read_html(page)
    assert all(len(c.text) < 100 for g in doc.grids for c in g.cells)
    # the page names table 3 but holds none of its rows: the report says so
    assert report.missing_tables == ["active", "reviews"]
    assert any(f.code == "missing_row" for f in report.findings)


def test_huge_page_is_refused_quickly():
    page = b"<html><body>" + b"<p>" + b"x" * (100 * 1024 * 1024) + b"</p></body></html>"
    t0 = time.perf_counter()
    with pytest.raises(gd.SourceTooLargeError):
        gd.read(page)
    assert time.perf_counter() - t0 < 5
