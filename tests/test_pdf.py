"""PDF reports: the real WPS-printed report, synthetic round trips, provenance, bad files."""

from __future__ import annotations

import io
import math
import time

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.testing import differences, example_report, load_truth, report_cells
from govdisclosure.testing.render_pdf import FONT, PDFStyle, render_pdf
from govdisclosure.testing.strategies import reports
from govdisclosure.testing.truth import unflagged_errors

from .conftest import FIXTURES

HUAIAN = FIXTURES / "real" / "huaian-2024.pdf"


def test_real_wps_report_matches_truth():
    report = gd.read(HUAIAN)
    assert differences(load_truth(HUAIAN.with_suffix(".truth.json")), report) == []
    assert report.findings == []
    assert report.meta["year"] == 2024 and report.meta["agency"] == "淮安市人民政府"


def test_real_report_label_broken_across_pages_is_one_row():
    report = gd.read(HUAIAN)
    row = report.applications.loc[("三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作")]
    assert row[("自然人", "")] == 11 and row[("总计", "")] == 11
    assert report.unplaced().empty


def test_real_report_provenance_pages():
    long = gd.read(HUAIAN).to_long()
    pages = long.groupby("table")["page"].agg(["min", "max"])
    assert tuple(pages.loc["applications"]) == (4, 5)  # table 3 runs from page 4 onto page 5
    assert tuple(pages.loc["reviews"]) == (5, 5)


@settings(max_examples=8)
@given(
    reports(),
    st.builds(
        PDFStyle, narrow=st.booleans(), page_break=st.booleans(), repeat_header=st.booleans(), seed=st.integers(0, 999)
    ),
)
def test_pdf_round_trip(case, style):
    report = gd.read(render_pdf(case.report, style))
    expected, got = case.report.expected(), report_cells(report)
    wrong = [k for k, w in expected.items() if not (w == got[k] or (math.isnan(w) and math.isnan(got[k])))]
    assert wrong == []
    assert [f.message for f in report.findings if f.kind != "source_anomaly"] == []


def test_value_bbox_lies_on_the_printed_cell():
    pdf_bytes = render_pdf(example_report(), PDFStyle(page_break=True, seed=4))
    long = gd.read(pdf_bytes).to_long()
    printed = long[long.kind.isin(["number", "zero"])]
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for row in printed.sample(40, random_state=1).itertuples():
            page = pdf.pages[int(row.page) - 1]
            x0, top, x1, bottom = (float(v) for v in row.location.split("bbox ")[1].split(",")[:4])
            inside = page.within_bbox((x0, top, x1, bottom)).extract_text()
            assert inside.strip() == row.raw


# --- bad files -------------------------------------------------------------------------


def _canvas_pdf(draw, **kwargs) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, **kwargs)
    draw(c)
    c.save()
    return buf.getvalue()


def test_encrypted_pdf_needs_password():
    from reportlab.lib.pdfencrypt import StandardEncryption

    def draw(c):
        c.setFont(FONT, 12)
        c.drawString(72, 700, "三、收到和处理政府信息公开申请情况")
        c.showPage()

    data = _canvas_pdf(draw, encrypt=StandardEncryption("secret", canPrint=0))
    with pytest.raises(gd.EncryptedPDFError, match="password"):
        gd.read(data)
    with pytest.raises(gd.EncryptedPDFError):
        gd.read(data, password="wrong")
    with pytest.raises(gd.NoTablesFoundError):  # opens with the password; holds no table
        gd.read(data, password="secret")


def test_truncated_pdf():
    data = render_pdf(example_report())
    with pytest.raises(gd.CorruptPDFError):
        gd.read(data[: len(data) // 3])


def test_garbage_after_pdf_header():
    with pytest.raises(gd.CorruptPDFError):
        gd.read(b"%PDF-1.7\n" + b"\x00\xff garbage " * 200)


def test_zero_byte_pdf(tmp_path):
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    with pytest.raises(gd.EmptyDocumentError):
        gd.read(p)


def test_image_only_pdf_says_ocr_is_needed():
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    img = Image.new("RGB", (200, 100), "white")

    def draw(c):
        c.drawImage(ImageReader(img), 72, 600, width=400, height=200)
        c.showPage()

    with pytest.raises(gd.NoTextLayerError, match="OCR"):
        gd.read(_canvas_pdf(draw))


def test_500_page_pdf_is_refused_in_bounded_time():
    def draw(c):
        for i in range(500):
            c.drawString(72, 700, f"page {i}")
            c.showPage()

    data = _canvas_pdf(draw)
    t0 = time.perf_counter()
    with pytest.raises(gd.SourceTooLargeError, match="500 pages"):
        gd.read(data)
    assert time.perf_counter() - t0 < 30  # a guard against hanging, not a speed target


# --- other backends ----------------------------------------------------------------------


def test_pdfium_backend_reads_the_real_report_itself():
    report = gd.read(HUAIAN, backend="pdfium")
    assert report.layout == "pdf/pdfium"  # no fallback: WPS embeds its fonts
    assert differences(load_truth(HUAIAN.with_suffix(".truth.json")), report) == []
    assert report.findings == []


def test_pdfium_falls_back_when_it_cannot_decode_the_fonts():
    # a last page in a font no reader can decode, whatever fonts this machine has
    from govdisclosure.testing.render_pdf import undecodable_page, with_page

    report = gd.read(with_page(render_pdf(example_report()), undecodable_page()), backend="pdfium")
    assert report.layout == "pdf/pdfium->pdfplumber"
    expected, got = example_report().expected(), report_cells(report)
    assert all(w == got[k] or (math.isnan(w) and math.isnan(got[k])) for k, w in expected.items())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pdfium_lattice_finds_pdfplumbers_cells(seed):
    import pypdfium2 as pdfium

    from govdisclosure.readers import pdfium as backend

    data = render_pdf(example_report(), PDFStyle(narrow=True, page_break=True, seed=seed))
    doc = pdfium.PdfDocument(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages):
            theirs = [c for t in page.find_tables() for c in t.cells]
            p = doc[number]
            hs, vs = backend._path_segments(p, p.get_height())
            cells = backend._cells(backend._merge(hs), backend._merge(vs))
            ours = [c for t in backend._tables(cells) for c in t]
            assert len(ours) == len(theirs)
            for cell in ours:  # the same rectangles, to within the snapping tolerance
                assert any(max(abs(a - b) for a, b in zip(cell, other)) <= backend.SNAP for other in theirs)


def test_unknown_backend():
    with pytest.raises(gd.UnsupportedSourceError):
        gd.read(HUAIAN, backend="ocr")


def test_camelot_backend_reads_the_real_report():
    pytest.importorskip("camelot")
    report = gd.read(HUAIAN, backend="camelot")
    assert report.layout == "pdf/camelot"
    assert differences(load_truth(HUAIAN.with_suffix(".truth.json")), report) == []


# --- borderless tables (stream fallback) ---------------------------------------------------


def _silent_errors(report, case_report):
    return unflagged_errors(report, case_report.expected())


def test_borderless_pdf_without_blanks_reads_exactly():
    report = gd.read(render_pdf(example_report(), PDFStyle(borderless=True)))
    assert report.layout == "text/tab"  # no ruled table: the sections are read from word positions
    wrong, _ = _silent_errors(report, example_report())
    assert wrong == []


@settings(max_examples=6)
@given(reports(), st.integers(0, 999))
def test_borderless_pdf_is_exact_or_flagged(case, seed):
    # blank cells leave no trace in a borderless table: every value is right or named in a finding
    report = gd.read(render_pdf(case.report, PDFStyle(borderless=True, seed=seed)))
    _, silent = _silent_errors(report, case.report)
    assert silent == []
