"""Bad input gets a clear typed error or a report that says what is missing."""

from __future__ import annotations

import pytest

import govdisclosure as gd

from .conftest import SEEDS


@pytest.mark.parametrize("source", ["", "   \n\t ", b"", b"\n\n"])
def test_empty_input(source):
    with pytest.raises(gd.EmptyDocumentError):
        gd.read(source)


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(gd.EmptyDocumentError):
        gd.read(p)


def test_missing_file(tmp_path):
    with pytest.raises(gd.SourceNotFoundError):
        gd.read(tmp_path / "nope.txt")
    with pytest.raises(FileNotFoundError):  # also a FileNotFoundError for callers who expect one
        gd.read(str(tmp_path / "nope.txt"))


def test_folder_is_not_a_report(tmp_path):
    with pytest.raises(gd.UnsupportedSourceError):
        gd.read(tmp_path)


def test_not_a_report():
    with pytest.raises(gd.NoTablesFoundError):
        gd.read("今天天气很好。\n我们去公园散步。\n")


def test_binary_bytes():
    with pytest.raises(gd.DecodingError):
        gd.read(b"\x00\x01\x02\x03garbage\x00" * 10)


def test_wrong_encoding_is_detected_or_refused():
    text = SEEDS[0].read_text(encoding="utf-8")
    # GBK bytes are detected without being told
    assert gd.read(text.encode("gbk")).applications.shape == (25, 7)
    # latin-1 noise is neither UTF-8 nor GB18030 text with Chinese in it
    with pytest.raises(gd.DecodingError):
        gd.read(bytes(range(0x80, 0x100)) * 3)
    # a forced wrong encoding says so
    with pytest.raises(gd.DecodingError):
        gd.read(text.encode("utf-8"), encoding="ascii")


def test_unknown_template_and_layout():
    text = SEEDS[0].read_text(encoding="utf-8")
    with pytest.raises(gd.TemplateError):
        gd.read(text, template="1999")
    with pytest.raises(gd.LayoutError):
        gd.read(text, layout="nonsense")


def test_unsupported_object():
    with pytest.raises(gd.UnsupportedSourceError):
        gd.read(12345)  # type: ignore[arg-type]


def test_all_errors_share_the_base_class():
    for name in gd.__all__:
        obj = getattr(gd, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, gd.GovDisclosureError)


def test_partial_report_lists_missing_tables():
    text = SEEDS[0].read_text(encoding="utf-8")
    head = text.split("三、收到和处理政府信息公开申请情况")[0]
    report = gd.read(head)
    assert report.missing_tables == ["applications", "reviews"]
    assert {f.code for f in report.findings if f.kind == "missing"} == {"missing_table"}
    # absent tables are NaN with kind "absent", never 0
    long = report.to_long()
    absent = long[long.table != "active"]
    assert absent.value.isna().all() and set(absent.kind) == {"absent"}


def test_truncated_table_reports_missing_rows():
    text = SEEDS[0].read_text(encoding="utf-8")
    cut = text.index("（五）不予处理") if "（五）不予处理" in text else text.index("(五)不予处理")
    report = gd.read(text[:cut])
    missing = {f.message.split("'")[1] for f in report.findings if f.code == "missing_row"}
    assert any("（七）总计" in m for m in missing)
    assert report.applications.loc[("一、本年新收政府信息公开申请数量", "", ""), ("总计", "")] == 0
    assert report.applications.xs("（七）总计", level=1).isna().all().all()


def test_unknown_row_is_kept_and_reported():
    text = SEEDS[0].read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("四、结转下年度继续办理"))
    lines.insert(at + 1, "五、某个自创的统计项 | 1 | 2 | 3 | 4 | 5 | 6 | 21 |")
    report = gd.read("\n".join(lines))
    assert report.applications.loc[("四、结转下年度继续办理", "", "")].eq(0).all()
    assert any(f.code == "unmatched_row" for f in report.findings)
    unplaced = report.unplaced()
    assert sorted(unplaced.raw) == sorted(["1", "2", "3", "4", "5", "6", "21"])
