"""Word files: merged cells from gridSpan/vMerge, round trips, missing LibreOffice, damage."""

from __future__ import annotations

import math
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.readers.docx import read_docx
from govdisclosure.testing import example_report, report_cells
from govdisclosure.testing.render_docx import render_docx
from govdisclosure.testing.strategies import reports


@settings(max_examples=15)
@given(st.sampled_from(["2019", "2021"]).flatmap(lambda v: reports(template=v)))
def test_docx_round_trip(case):
    report = gd.read(render_docx(case.report))
    got = report_cells(report)
    assert [
        k for k, w in case.report.expected().items() if not (w == got[k] or (math.isnan(w) and math.isnan(got[k])))
    ] == []
    assert report.template.version == case.report.template
    assert report.layout == "docx"


def test_merged_cells_become_spans():
    doc = read_docx(render_docx(example_report()))
    reviews = doc.grids[2]
    top = {c.text: c for c in reviews.cells if c.row == 0}
    assert top["行政复议"].colspan == 5 and top["行政诉讼"].colspan == 10
    maintained = next(c for c in reviews.cells if c.row == 1 and c.text == "结果维持")
    assert maintained.rowspan == 2  # vMerge: 行政复议's 结果维持 spans two header rows
    apps = doc.grids[1]
    results = next(c for c in apps.cells if c.text == "三、本年度办理结果")
    assert results.rowspan == 22


def test_docx_file_and_path(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(render_docx(example_report()))
    assert gd.read(path).to_long()["value"].equals(gd.read(path.read_bytes()).to_long()["value"])


def test_corrupt_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(gd.CorruptDocumentError):
        gd.read(path)


@pytest.mark.skipif(shutil.which("soffice") is not None, reason="LibreOffice is installed here")
def test_doc_without_libreoffice_names_the_tool(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(gd.UnsupportedSourceError, match="LibreOffice"):
        gd.read(path)
