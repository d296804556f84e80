"""Report metadata: agency, year, publication date, level, format version."""

from __future__ import annotations

import pytest

import govdisclosure as gd
from govdisclosure.meta import agency_level, extract_meta


@pytest.mark.parametrize(
    "lines, agency, year, published",
    [
        (
            ["法库县柏家沟镇2022年政府信息公开工作年度报告", "发布日期:2023-01-17来源:法库县融媒体中心"],
            "法库县柏家沟镇",
            2022,
            "2023-01-17",
        ),
        (["# 德归镇人民政府 2023 年信息公开工作年度报告"], "德归镇人民政府", 2023, None),
        (["淮安市人民政府", "2024 年政府信息公开工作年度报告"], "淮安市人民政府", 2024, None),
        (
            ["某省交通运输厅2021年度政府信息公开工作年度报告", "发布时间：2022年1月28日"],
            "某省交通运输厅",
            2021,
            "2022-01-28",
        ),
        (["**某市某区2020年政务信息公开工作年度报告**"], "某市某区", 2020, None),
        # the agency above the title with a blank and a markdown rule between them;
        # a date with full-width digits and the Kangxi radical ⽇ that PDF text carries
        (
            ["## 某县人民政府", "", "**", "２０２３年政府信息公开工作年度报告", "发布⽇期：２０２４-０１-１５"],
            "某县人民政府",
            2023,
            "2024-01-15",
        ),
    ],
)
def test_title_forms(lines, agency, year, published):
    meta = extract_meta(lines)
    assert (meta["agency"], meta["year"], meta["published"]) == (agency, year, published)


@pytest.mark.parametrize(
    "name, level",
    [
        ("法库县柏家沟镇", "乡镇"),
        ("原州区三营镇", "乡镇"),
        ("咸阳市秦都区", "区"),
        ("灌南县", "县"),
        ("淮安市人民政府", "市"),
        ("某省人民政府", "省"),
        ("某市某区某街道办事处", "街道"),
        ("某省交通运输厅", "部门"),
        ("某市生态环境局", "部门"),
        ("某县人民政府办公室", "部门"),
    ],  # fmt: skip
)
def test_levels(name, level):
    assert agency_level(name) == level


def test_meta_is_on_every_long_row():
    from govdisclosure.testing import example_text

    long = gd.read(example_text()).to_long()
    assert long[["agency", "year", "level", "template"]].drop_duplicates().values.tolist() == [
        ["测试县示例镇", 2021, "乡镇", "2021"]
    ]


def test_notebook_display_shows_merged_headers_and_flagged_cells():
    from govdisclosure.testing import example_text

    report = gd.read(example_text().replace("| 1045 |", "| 1046 |"))
    html = report._repr_html_()
    assert html.count("<table") == 3
    assert 'colspan="10"' in html and 'rowspan="22"' in html  # 行政诉讼; 三、本年度办理结果
    assert "#fde0dc" in html  # the cells of the failed rules are highlighted
    # in the report's own words, and only the cells that disagree highlighted
    assert "自然人+法人或其他组织 ≠ 总计 for 一、本年新收政府信息公开申请数量: 1045 vs 1046" in html
    assert "一+二 ≠ 三（七）+四 for 总计: 3623 vs 3622" in html
    flagged = [c for c in html.split("<td")[1:] if "#fde0dc" in c]
    long = report.to_long()
    new_row = long[(long.row_key == "new") & (long.kind == "number")]
    assert len(flagged) <= len(new_row) + 4  # the row's numbers, and the balance's cells of 总计
    assert all("applicants" not in c for c in flagged)


def test_only_the_keyword_characters_have_no_compatibility_forms():
    # extract_meta skips lines lacking 报告 / 期 / 时间 before normalizing them: that
    # holds only while no other character normalizes to one of 报告期时间
    import unicodedata

    keys = set("报告期时间")
    sources = [
        chr(i) for i in range(0x110000) if (n := unicodedata.normalize("NFKC", chr(i))) != chr(i) and keys & set(n)
    ]
    assert sources == []


def test_a_page_field_label_is_not_part_of_the_agency():
    meta = extract_meta(["标题: 平潭综合实验区2021年度政府信息公开工作年度报告"])
    assert meta["agency"] == "平潭综合实验区" and meta["title"].startswith("平潭")
    assert meta["found_in"] == {"agency": "title", "year": "title"}


@pytest.mark.parametrize(
    "lines, year, where",
    [
        (["本报告统计数据从2023年1月1日至12月31日。"], 2023, "statistics period"),
        (["所列数据的统计期限从2024年1月1日起至2024年12月31日止。"], 2024, "statistics period"),
        (["一、总体情况", "2022年，我县坚持以公开为常态"], 2022, "prose"),
        (["２０２１年度，我局按照部署"], 2021, "prose"),
        (["一、总体情况", "我县坚持以公开为常态"], None, None),
    ],
)
def test_year_from_the_prose_when_no_title_names_it(lines, year, where):
    meta = extract_meta(lines)
    assert meta["year"] == year and meta["found_in"].get("year") == where


def test_agency_from_the_prose_needs_the_name_twice():
    assert extract_meta(["我镇坚持公开。", "北陈集镇召开会议。"])["agency"] is None
    meta = extract_meta(["我镇坚持公开。", "北陈集镇召开会议。", "北陈集镇将继续推进。"])
    assert meta["agency"] == "北陈集镇" and meta["level"] == "乡镇" and meta["found_in"]["agency"] == "prose"
