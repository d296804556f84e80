"""Hostile inputs (issue 17): every one answered with a Report or a typed error, in
bounded time and memory, never anything else.

Each input is made by :mod:`govdisclosure.testing.hostile` (small versions of the
classes ``benchmarks/bench_hostile.py`` runs at full size) and read in its own process
under a kill bound: the bound stops a runaway read, it is not a speed test.
"""

from __future__ import annotations

import contextlib

import pytest

import govdisclosure as gd
from govdisclosure.testing.hostile import hostile_inputs, read_bounded

INPUTS = list(hostile_inputs(small=True))


@pytest.mark.parametrize("name, data, suffix", INPUTS, ids=[name for name, _, _ in INPUTS])
def test_a_hostile_input_gets_a_report_or_a_typed_error(name, data, suffix):
    got = read_bounded(data, suffix, seconds=60, memory_mib=2048)
    assert got.outcome in ("report", "typed error"), f"{name}: {got.outcome}: {got.detail}"


def test_a_run_too_long_for_its_row_is_left_unread_and_said():
    from govdisclosure.testing.hostile import digit_run

    report = gd.read(digit_run(100_000).decode())
    finding = next(f for f in report.findings if ("new", "total") in f.cells and f.code == "unresolved_row")
    assert "a run of 100000 digits is longer than its 7 cells can hold" in finding.message
    assert report.applications.loc[("一、本年新收政府信息公开申请数量", "", "")].isna().all()


def test_spans_that_are_no_numbers_are_read_as_browsers_and_word_do():
    from govdisclosure.testing.hostile import docx_bad_spans, huge_span_attribute

    report = gd.read(huge_span_attribute())
    messages = [f.message for f in report.findings if f.code == "markup_repaired"]
    assert any("read as 1000" in m for m in messages) and any("read as 1" in m for m in messages)
    for name, data, _ in docx_bad_spans():
        report = gd.read(data)
        assert any(f.code == "markup_repaired" for f in report.findings), name


def test_a_word_zip_bomb_is_refused_before_it_is_inflated():
    from govdisclosure.testing.hostile import docx_bomb

    with pytest.raises(gd.SourceTooLargeError, match="word/document.xml inflates"):
        gd.read(docx_bomb(100))


def test_a_page_too_heavy_to_parse_is_skipped_and_said():
    from govdisclosure.testing import example_report
    from govdisclosure.testing.hostile import pdf_path_bomb
    from govdisclosure.testing.render_pdf import render_pdf, with_page

    data = with_page(render_pdf(example_report()), pdf_path_bomb(200_000))
    for backend in ("pdfplumber", "pdfium"):
        report = gd.read(data, backend=backend)
        assert [f.message for f in report.findings if f.code == "markup_repaired"] == [
            "page 3 was not read: it draws 400000 path segments, more than 20000"
        ]
        assert not report.missing_tables


def test_huge_tables_and_lines_are_cut_short_with_a_finding():
    from govdisclosure.testing.hostile import huge_html, long_line, many_rows

    assert any(f.code == "section_cut_short" for f in gd.read(many_rows(5000)).findings)
    assert any(f.code == "line_skipped" for f in gd.read(long_line(3.5)).findings)
    page = gd.read(huge_html(2))
    assert any("rows was not read" in f.message for f in page.findings)


# --- fuzzing the readers on mutated real reports -----------------------------------------

from pathlib import Path  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
TEXT = (FIXTURES / "seeds" / "001_073bf38150bd80e7.txt").read_bytes()
PAGE = (FIXTURES / "real" / "pingtan-2021.html").read_bytes()


def _word() -> bytes:
    from govdisclosure.testing import example_report
    from govdisclosure.testing.render_docx import render_docx

    return render_docx(example_report())


WORD = _word()


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with byte flips, a truncation, and shuffled or duplicated lines."""
    out = bytearray(data)
    for _ in range(draw(st.integers(0, 8))):
        i = draw(st.integers(0, len(out) - 1))
        out[i] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        out = out[: draw(st.integers(0, len(out)))]
    if draw(st.booleans()):
        lines = bytes(out).split(b"\n")
        order = draw(st.permutations(range(len(lines)))) if len(lines) < 400 and draw(st.booleans()) else None
        if order is not None:
            lines = [lines[i] for i in order]
        for _ in range(draw(st.integers(0, 3))):
            k = draw(st.integers(0, len(lines) - 1))
            lines.insert(k, lines[k])
        out = bytearray(b"\n".join(lines))
    return bytes(out)


def _read_or_typed_error(data: bytes) -> None:
    with contextlib.suppress(gd.GovDisclosureError):  # a typed error is a fine answer
        gd.read(data)


_FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(mutated(TEXT))
def test_fuzz_the_text_reader(data):
    _read_or_typed_error(data)


@_FUZZ
@given(mutated(PAGE))
def test_fuzz_the_html_reader(data):
    _read_or_typed_error(data)


@_FUZZ
@given(mutated(WORD))
def test_fuzz_the_word_reader(data):
    _read_or_typed_error(data)


def test_the_limits_of_one_read_are_its_own():
    from govdisclosure.testing import example_text
    from govdisclosure.testing.hostile import many_rows

    tight = gd.Limits(max_section_lines=50)
    assert any(f.code == "section_cut_short" for f in gd.read(many_rows(100), limits=tight).findings)
    assert not any(f.code == "section_cut_short" for f in gd.read(many_rows(100)).findings)  # the default again
    with pytest.raises(gd.SourceTooLargeError, match=r"Limits.max_bytes"):
        gd.read(example_text(), limits=gd.Limits(max_bytes=100))
    # through a batch's worker processes too
    corpus = gd.read_many([FIXTURES / "seeds" / "001_073bf38150bd80e7.txt"], workers=2, limits=gd.Limits(max_bytes=100))
    assert corpus.failures["error"].tolist() == ["SourceTooLargeError"]
