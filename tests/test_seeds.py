"""Every real seed report extracts exactly to its hand-checked truth."""

from __future__ import annotations

import govdisclosure as gd
from govdisclosure.testing import differences, load_truth

from .conftest import SEEDS


def test_seed_matches_truth(seed_path):
    truth = load_truth(seed_path.with_suffix(".truth.json"))
    report = gd.read(seed_path)
    assert differences(truth, report) == []
    assert report.template.version == truth["template"]


def test_seed_has_no_doubts(seed_path):
    # the seeds are consistent reports: no rule fails, nothing is left unplaced
    report = gd.read(seed_path)
    assert [f.message for f in report.findings] == []
    assert report.unplaced().empty


def test_seed_metadata(seed_path):
    truth = load_truth(seed_path.with_suffix(".truth.json"))
    report = gd.read(seed_path)
    # every seed: from its title, or (seed 001, which has none) from its prose
    assert report.meta["year"] == truth["year"]
    assert truth["agency"] in report.meta["agency"] or report.meta["agency"] in truth["agency"]


def test_seed_001_metadata_from_the_prose():
    # no title line: "2024年,我区…" and "统计期限从2024年1月1日起"; the body names itself 秦都区
    report = gd.read(next(p for p in SEEDS if p.name.startswith("001")))
    assert report.meta["year"] == 2024
    assert report.meta["agency"] == "秦都区" and report.meta["level"] == "区"
    assert report.meta["found_in"] == {"year": "statistics period", "agency": "prose"}
    assert repr(report).startswith("<Report 秦都区 2024 ")


def test_seed_003_blank_review_block_is_nan_not_zero():
    report = gd.read(next(p for p in SEEDS if p.name.startswith("003")))
    row = report.reviews.iloc[0]
    assert row["行政复议"].isna().all()  # blank is <NA>, never 0
    assert (row["行政诉讼"] == 0).all() and len(row["行政诉讼"]) == 10
    long = report.to_long()
    review = long[(long.table == "reviews") & long.column_key.str.startswith("review.")]
    assert set(review.kind) == {"empty"}


def test_seed_bytes_and_text_give_same_values(seed_path):
    by_path = gd.read(seed_path).to_long()["value"]
    by_text = gd.read(seed_path.read_text(encoding="utf-8")).to_long()["value"]
    by_bytes = gd.read(seed_path.read_bytes()).to_long()["value"]
    assert by_path.equals(by_text) and by_path.equals(by_bytes)


def test_seed_gbk_encoded(seed_path):
    data = seed_path.read_text(encoding="utf-8").encode("gb18030")
    assert differences(load_truth(seed_path.with_suffix(".truth.json")), gd.read(data)) == []


def test_seed_header_graph(seed_path):
    # flattened text lost the spans: the graph follows the template, built on first use
    report = gd.read(seed_path)
    g = report.header_graph("reviews")
    assert g is report.header_graph("reviews")  # built once
    by_key = {d["key"]: n for n, d in g.nodes(data=True) if d.get("key")}
    assert {g.nodes[n]["key"] for n in g.successors("root")} >= {"review", "litigation"}
    assert set(g.successors(by_key["litigation"])) == {by_key["litigation_direct"], by_key["litigation_after_review"]}
    assert by_key["litigation_direct.total"] in g.successors(by_key["litigation_direct"])
