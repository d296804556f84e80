"""Real reports flattened by the tools people use, read back.

The inputs are made here, by the real tools (pdfplumber, pypdfium2, pdftotext, pdfminer.six,
BeautifulSoup, html2text, markdownify, trafilatura), from the real published report PDF
and web page in ``fixtures/real``; the one-line crawl is read as the crawler saved it.

Most are read exactly. Three flattenings lose what no reader can get back from the text
alone, and there every cell that is not exact must carry a finding:

* ``pdftotext`` (raw) prints table 4 in drawing order, its numbers interleaved with the
  header's fragments (``72 64 178 37 … 12 1 1 6 … 351``);
* pdfminer.six groups each table's labels and each column's numbers into separate boxes
  (table 2 comes out column by column);
* the one-line crawl (and ``get_text("")``) runs ``69 | 3 | 665`` of table 2 together as
  ``693665``: table 2 has no totals to cut it by.
"""

from __future__ import annotations

import pytest

import govdisclosure as gd
from govdisclosure.testing import differences, load_truth
from govdisclosure.testing.flatten import HTML_FLATTENERS, PDF_FLATTENERS
from govdisclosure.testing.truth import truth_cells, unflagged_errors

from .conftest import FIXTURES

REAL = FIXTURES / "real"
HUAIAN = REAL / "huaian-2024.pdf"
PINGTAN = REAL / "pingtan-2021.html"
CRAWL = REAL / "pingtan-2021.txt"
HUAIAN_TRUTH = load_truth(HUAIAN.with_suffix(".truth.json"))
PINGTAN_TRUTH = load_truth(REAL / "pingtan-2021.truth.json")

# flattenings that lose positions no reader can recover: cells right at least, and the rest flagged
LOSSY = {"pdftotext": 185, "pdfminer": 16, "get_text-empty": 197}


def _check(report: gd.Report, truth: dict, tool: str) -> None:
    if tool not in LOSSY:
        assert differences(truth, report) == []
        return
    wrong, unflagged = unflagged_errors(report, truth_cells(truth))
    assert unflagged == []
    assert len(truth_cells(truth)) - len(wrong) >= LOSSY[tool]


@pytest.mark.parametrize("tool", sorted(PDF_FLATTENERS))
def test_pdf_text_layer(tool):
    report = gd.read_text(PDF_FLATTENERS[tool](HUAIAN.read_bytes()))
    _check(report, HUAIAN_TRUTH, tool)
    assert report.meta["year"] == 2024
    if tool not in LOSSY:
        # the vertical group label and the header cut into pieces are no doubt: no value is involved
        assert [f.message for f in report.findings] == []


@pytest.mark.parametrize("tool", sorted(HTML_FLATTENERS))
def test_page_text(tool):
    report = gd.read_text(HTML_FLATTENERS[tool](PINGTAN.read_bytes()))
    _check(report, PINGTAN_TRUTH, tool)


def test_one_line_crawl():
    report = gd.read(CRAWL)
    _check(report, PINGTAN_TRUTH, "get_text-empty")
    assert report.meta["year"] == 2021
    # the only cells not exact are table 2's run-together 693665, left unplaced with its cuts
    assert [d.split("'")[3] for d in differences(PINGTAN_TRUTH, report)] == ["第二十条第（一）项 / 行政规范性文件"] * 3
    (unresolved,) = [f for f in report.findings if f.code == "unresolved_row"]
    # table 4's header, run together into one text, is cut into its labels (no finding)
    assert not [f.message for f in report.findings if f.code == "unmatched_column"]
    assert {"本年制发件数": "69", "本年废止件数": "3", "现行有效件数": "665"} in [
        dict(zip(("本年制发件数", "本年废止件数", "现行有效件数"), c.values())) for c in unresolved.candidates
    ]


def test_published_page_reads_exactly():
    assert differences(PINGTAN_TRUTH, gd.read(PINGTAN)) == []


def test_pdf_text_layer_row_values_before_labels_said():
    report = gd.read_text(PDF_FLATTENERS["pdftotext"](HUAIAN.read_bytes()))
    said = [f for f in report.findings if f.code == "values_before_labels"]
    assert said and all(f.kind == "info" for f in said)
    applications = {k: v for k, v in truth_cells(HUAIAN_TRUTH).items() if k[0] == "applications"}
    assert unflagged_errors(report, applications)[0] == []  # table 3 exact despite the order


def test_seed_on_one_line_reads_the_same(seed_path):
    # no line-shape assumption: every line break replaced by a space
    truth = load_truth(seed_path.with_suffix(".truth.json"))
    report = gd.read_text(" ".join(seed_path.read_text(encoding="utf-8").splitlines()))
    wrong, unflagged = unflagged_errors(report, truth_cells(truth))
    assert unflagged == []
    if seed_path.name.startswith("003"):
        # its blank 行政复议 block left no trace: the row's placements are listed in a finding
        assert {k[2].split(" / ")[0] for k in wrong} <= {"行政复议", "行政诉讼"}
        assert any(f.code == "ambiguous_placement" and f.table == "reviews" for f in report.findings)
    else:
        assert wrong == []


@pytest.mark.parametrize("tool", ["pdftotext-layout", "pdfplumber-layout"])
def test_layout_text_layer_keeps_blanks_by_position(tool):
    # blank cells in table 3 leave gaps under their columns in a layout-mode text layer;
    # pdfplumber places words by x, so its columns line up from row to row; pdftotext
    # spaces each line by its own content, so rows that do not line up are left to the
    # arithmetic, and flagged where it cannot decide
    import random

    from govdisclosure.testing import random_report
    from govdisclosure.testing.render_pdf import PDFStyle, render_pdf

    rep = random_report(random.Random(2024))
    rows = [k for k in rep.values["applications"] if k[0].startswith("results.denied")]
    for k in rows[1::9]:  # one cell here and there, never a row's total alone
        rep.values["applications"][k] = None
    text = PDF_FLATTENERS[tool](render_pdf(rep, PDFStyle(seed=3)))
    report = gd.read_text(text)
    expected = {k: v for k, v in rep.expected().items() if k[0] == "applications"}
    wrong, unflagged = unflagged_errors(report, expected)
    assert unflagged == []
    if tool == "pdfplumber-layout":
        assert wrong == []
        assert not [f for f in report.findings if f.table == "applications" and f.kind != "info"]


@pytest.mark.parametrize("tool", ["pdfplumber", "pypdfium2", "pdftotext-layout"])
def test_running_header_beside_page_numbers_dropped(tool):
    # the real text layer with a running header printed at the top of every page
    import re

    text = PDF_FLATTENERS[tool](HUAIAN.read_bytes())
    header = "淮安市人民政府办公室 2024年政府信息公开工作年度报告"
    with_header = re.sub(r"^(\s*-\s*\d+\s*-\s*)$", rf"\1\n{header}", text, flags=re.M)
    assert with_header.count(header) >= 4
    report = gd.read_text(with_header)
    assert differences(HUAIAN_TRUTH, report) == []
    assert [f.message for f in report.findings] == []


def test_tables_moved_below_the_text_found_by_content():
    # trafilatura puts the tables of a page's layout table after the whole text, headings included
    import random

    from govdisclosure.testing import HTMLStyle, random_report, render_html

    rep = random_report(random.Random(7003))
    page = render_html(rep, HTMLStyle(chrome=True, seed=3))
    text = HTML_FLATTENERS["trafilatura"](page)
    assert text.index("六、其他需要报告") < text.index("第二十条")  # the tables come after every heading
    report = gd.read_text(text)
    wrong, _ = unflagged_errors(report, rep.expected())
    assert wrong == []
