"""Variants seen in real reports (issue 5), each written out from its description."""

from __future__ import annotations

import math
import random

import pandas as pd

import govdisclosure as gd
from govdisclosure.testing import TextStyle, render_text, report_cells
from govdisclosure.testing.draw import random_report

ROW1 = "一、本年新收政府信息公开申请数量"


def _report(template="2021", seed=1):
    return random_report(random.Random(seed), template=template)


def _text(rep, layout="pipe"):
    return render_text(rep, TextStyle(layout))


def _exact(rep, report, skip=lambda key: False):
    got = report_cells(report)
    return [
        k
        for k, w in rep.expected().items()
        if not skip(k) and not (w == got[k] or (math.isnan(w) and math.isnan(got[k])))
    ]


def test_extra_subtotal_column_is_kept_and_reported():
    rep = _report()
    text = _text(rep)
    lines = text.splitlines()
    out = []
    cols = ["natural_person", "legal_person.commercial", "legal_person.research", "legal_person.public_interest",
            "legal_person.legal_services", "legal_person.other", "total"]  # fmt: skip
    rows = gd.get_template("2021")["applications"].row_label_paths()
    by_label = {paths[-1]: key for key, paths in rows.items()}
    for line in lines:
        if line.startswith("商业企业 | 科研机构"):
            line = line.replace("其他 |", "其他 | 法人或其他组织小计 |", 1)
        fields = [f.strip() for f in line.split("|")]
        at = next((i for i, f in enumerate(fields) if f in by_label), None)
        if at is not None:
            key = by_label[fields[at]]
            subtotal = sum(rep.values["applications"][(key, c)] for c in cols[1:6])
            fields.insert(at + 7, str(subtotal))  # after 其他, before 总计
            line = " | ".join(fields)
        out.append(line)
    report = gd.read("\n".join(out))
    assert _exact(rep, report) == []
    assert any(f.code == "unmatched_column" and "小计" in f.message for f in report.findings)
    extra = report.unplaced()
    assert len(extra) == 25 and set(extra.column) == {"unknown:法人或其他组织小计"}


def test_table3_without_legal_person_subcolumns():
    rep = _report()
    vals = rep.values["applications"]
    rows = gd.get_template("2021")["applications"].row_label_paths()
    lines = [
        "某县2022年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "申请人情况 | | |",
        "自然人 | 法人或其他组织 | 合计 |",
    ]
    subs = ["legal_person.commercial", "legal_person.research", "legal_person.public_interest",
            "legal_person.legal_services", "legal_person.other"]  # fmt: skip
    for key, path in rows.items():
        legal = sum(vals[(key, c)] for c in subs)
        lines.append(f"{path[-1]} | {vals[(key, 'natural_person')]} | {legal} | {vals[(key, 'total')]} |")
    report = gd.read("\n".join(lines))
    apps = report.applications
    assert apps[("自然人", "")].tolist() == [vals[(k, "natural_person")] for k in rows]
    assert apps[("总计", "")].tolist() == [vals[(k, "total")] for k in rows]
    assert apps["法人或其他组织"].isna().all().all()
    assert any(f.code == "group_without_subcolumns" for f in report.findings)
    kept = report.unplaced()
    assert set(kept.column) == {"legal_person"} and len(kept) == 25


def test_extra_rows_and_leftover_instructions_in_table_area():
    rep = _report()
    text = _text(rep)
    text = text.replace(
        "第二十条第（五）项",
        "其他主动公开文件 | 12 | 3 | 40 |\n注：本表“本年制发件数”指本年度制发的规章和规范性文件数量。\n第二十条第（五）项",
        1,
    )
    report = gd.read(text)
    assert _exact(rep, report) == []
    codes = {f.code for f in report.findings}
    assert "unmatched_row" in codes and "note_skipped" in codes
    assert sorted(report.unplaced().raw) == ["12", "3", "40"]


def test_numbering_typos_signed_values_units_and_markers():
    rep = _report(template="2019", seed=2)
    active = rep.values["active"]
    active[("art20_5.licensing", "change")] = 3
    active[("art20_6.penalties", "change")] = -253
    active[("art20_9.procurement", "procurement_amount")] = 103.3879
    text = _text(rep)
    text = text.replace("行政许可 | " + str(active[("art20_5.licensing", "prior_items")]) + " | 3 |",
                        "行政许可 | " + str(active[("art20_5.licensing", "prior_items")]) + " | +3 |")  # fmt: skip
    text = text.replace("| 103.3879 |", "| 103.3879万元 |")
    text = text.replace("2.其他法律行政法规禁止公开", "2、其他法律行政止公开")  # 1、 numbering and a typo
    text = text.replace("3.危及", "3、危及")
    fee = active[("art20_8.fees", "prior_items")]
    text = text.replace(f"行政事业性收费 | {fee} |", "行政事业性收费 | 无 |", 1)
    report = gd.read(text)
    assert report.template.version == "2019"
    assert _exact(rep, report, skip=lambda k: k[1].startswith("第二十条第（八）项")) == []
    got = report.active
    assert got.loc[("第二十条第（五）项", "行政许可"), "本年增/减"] == 3
    assert got.loc[("第二十条第（六）项", "行政处罚"), "本年增/减"] == -253
    assert got.loc[("第二十条第（九）项", "政府集中采购"), "采购总金额"] == 103.3879
    assert pd.isna(got.loc[("第二十条第（八）项", "行政事业性收费"), "上一年项目数量"])
    long = report.to_long().set_index(["row_key", "column_key"])
    assert long.loc[("art20_8.fees", "prior_items"), "kind"] == "na"
    assert long.loc[("art20_9.procurement", "procurement_amount"), "raw"] == "103.3879万元"


def test_yuan_in_a_wan_yuan_column_is_converted():
    rep = _report(seed=3)
    rep.values["active"][("art20_8.fees", "fee_amount")] = 25.1
    text = _text(rep).replace("行政事业性收费 | 25.1 |", "行政事业性收费 | 251000元 |")
    report = gd.read(text)
    assert report.active.loc[("第二十条第（八）项", "行政事业性收费"), "本年收费金额（单位：万元）"] == 25.1
    assert any(f.code == "unit_converted" for f in report.findings)
    assert "251000元" in set(report.to_long()["raw"])
    long = report.to_long().set_index(["row_key", "column_key"])
    assert long.loc[("art20_8.fees", "fee_amount"), "unit"] == "万元"


def test_a_unit_the_template_does_not_state_is_kept_as_printed():
    # the 2019 format's 采购总金额 names no unit: 251000元 stays 251000, in 元
    rep = _report(template="2019", seed=2)
    rep.values["active"][("art20_9.procurement", "procurement_amount")] = 103.3879
    text = _text(rep).replace("| 103.3879 |", "| 251000元 |")
    report = gd.read(text, template="2019")
    assert report.active.loc[("第二十条第（九）项", "政府集中采购"), "采购总金额"] == 251000
    assert not any(f.code == "unit_converted" for f in report.findings)
    long = report.to_long().set_index(["row_key", "column_key"])
    assert long.loc[("art20_9.procurement", "procurement_amount"), "unit"] == "元"


def test_count_units_and_total_synonym():
    rep = _report(seed=4)
    text = _text(rep)
    total = rep.values["reviews"][("count", "review.total")]
    lines = text.splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith("行政复议 | 行政诉讼"))
    lines[i + 1] = lines[i + 1].replace("| 总计 |", "| 合计 |", 1)
    lines[i + 3] = lines[i + 3].replace(f"{total} |", f"{total}件 |", 1)
    report = gd.read("\n".join(lines))
    assert _exact(rep, report) == []


def test_prose_that_disagrees_with_the_tables_is_a_finding():
    rep = _report(seed=6)
    new = rep.values["applications"][("new", "total")]
    text = _text(rep).replace(f"共收到政府信息公开申请{new}件", f"共收到政府信息公开申请{new + 3}件")
    review_total = rep.values["reviews"][("count", "review.total")]
    text = text.replace("均已按时答复。", f"均已按时答复。本年度发生行政复议{review_total}件，行政诉讼1000件。")
    report = gd.read(text)
    claims = [f for f in report.findings if f.code == "text_vs_table"]
    assert {(f.table, f.expected) for f in claims} == {("applications", new + 3), ("reviews", 1000)}
    assert all(f.kind == "source_anomaly" for f in claims)
    assert _exact(rep, report) == []  # the tables' numbers are kept as printed


def test_table2_counts_cannot_be_negative():
    rep = _report(template="2019", seed=7)
    active = rep.values["active"]
    active[("art20_5.licensing", "prior_items")] = 2
    active[("art20_5.licensing", "change")] = -5
    active[("art20_6.coercion", "decisions")] = -1
    report = gd.read(_text(rep))
    codes = sorted(f.code for f in report.findings if f.table == "active")
    assert codes == ["negative_balance", "negative_count"]
    assert report.active.loc[("第二十条第（六）项", "行政强制"), "处理决定数量"] == -1
