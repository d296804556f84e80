"""The 2019 and 2021 national formats: round trips, detection, forcing, hybrids."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.testing import TEXT_LAYOUTS, HTMLStyle, TextStyle, render_html, render_text, report_cells
from govdisclosure.testing.draw import draw_values, random_report
from govdisclosure.testing.model import SyntheticReport
from govdisclosure.testing.render_pdf import PDFStyle, render_pdf
from govdisclosure.testing.strategies import reports, text_styles


def _exact(expected, report):
    got = report_cells(report)
    return [
        k for k, w in expected.items() if k not in got or not (w == got[k] or (math.isnan(w) and math.isnan(got[k])))
    ]


@given(reports(template="2019"), text_styles(), st.sampled_from([2019, 2020, 2022]))
def test_2019_text_round_trip_and_detection(case, style, year):
    case.report.year = year  # a misleading year must not change the answer
    report = gd.read(render_text(case.report, style))
    assert _exact(case.report.expected(), report) == []
    assert report.template.version == "2019"
    assert set(report.table_versions.values()) == {"2019"}


@settings(max_examples=25)
@given(reports(template="2019"), st.sampled_from(["official", "repeat", "empty"]), st.integers(0, 999))
def test_2019_html_round_trip(case, spans, seed):
    report = gd.read(render_html(case.report, HTMLStyle(spans=spans, seed=seed)))
    assert _exact(case.report.expected(), report) == []
    assert report.template.version == "2019"


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_pdf_detection(version):
    rep = random_report(random.Random(3), template=version)
    rep.year = 2023 if version == "2019" else 2019
    report = gd.read(render_pdf(rep, PDFStyle(page_break=True)))
    assert _exact(rep.expected(), report) == []
    assert report.template.version == version


def test_2021_report_is_never_read_as_2019_whatever_its_year():
    rep = random_report(random.Random(9), template="2021")
    for year in (2019, 2020):
        rep.year = year
        for layout in TEXT_LAYOUTS:
            report = gd.read(render_text(rep, TextStyle(layout)))
            assert report.template.version == "2021", layout


def test_forcing_a_template():
    rep = random_report(random.Random(4), template="2019")
    text = render_text(rep)
    forced = gd.read(text, template="2021")
    assert forced.template.version == "2021"
    # the wrong format leaves the 2019-only cells unplaced and says so
    assert not forced.unplaced().empty
    assert any(f.code == "unmatched_column" for f in forced.findings)
    assert _exact(rep.expected(), gd.read(text, template="2019")) == []


def test_hybrid_report_reads_table_by_table():
    # a 2021 table 2 with a 2019-style table 3 (single-row （六）其他处理)
    rng = random.Random(5)
    v2021, v2019 = draw_values(rng.randint, "2021"), draw_values(rng.randint, "2019")
    text21 = render_text(SyntheticReport(values=v2021, template="2021"))
    text19 = render_text(SyntheticReport(values=v2019, template="2019"))
    head = text21.split("三、收到和处理政府信息公开申请情况")[0]
    tail = "三、收到和处理政府信息公开申请情况" + text19.split("三、收到和处理政府信息公开申请情况")[1]
    report = gd.read(head + tail)
    assert report.table_versions["active"] == "2021"
    assert report.table_versions["applications"] == "2019"
    assert report.applications.shape == (23, 7)
    assert report.active.shape[0] == 6
    long = report.to_long()
    assert set(long.loc[long.table == "applications", "template"]) == {"2019"}
    assert set(long.loc[long.table == "active", "template"]) == {"2021"}


def test_stable_keys_line_up_across_formats():
    t19, t21 = gd.get_template("2019"), gd.get_template("2021")
    rows19 = set(t19["applications"].row_label_paths())
    rows21 = set(t21["applications"].row_label_paths())
    assert rows21 - rows19 == {"results.other.no_correction", "results.other.fee_unpaid", "results.other.other"}
    assert rows19 - rows21 == {"results.other"}
    assert t19["reviews"].cell_keys() == t21["reviews"].cell_keys()
    assert ("art20_5.licensing", "decisions") in t19["active"].cell_keys()
    assert ("art20_5.licensing", "decisions") in t21["active"].cell_keys()


def test_label_sets_pickle_without_their_cached_hash():
    # a block's label union caches its hash; string hashes differ between processes,
    # so a pickled copy must compute its own
    import pickle

    from govdisclosure.schema import get_template

    union = get_template("2021")["applications"].blocks[0].label_union
    hash(union)
    copy = pickle.loads(pickle.dumps(union))
    assert "_hash" not in vars(copy)
    assert copy == union and hash(copy) == hash(tuple(union))
