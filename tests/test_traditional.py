"""Reports printed in Traditional Chinese read as their Simplified originals."""

from __future__ import annotations

import opencc
import pytest

import govdisclosure as gd
from govdisclosure.script import is_traditional
from govdisclosure.testing import differences, load_truth

from .conftest import FIXTURES, SEEDS

TO_TRADITIONAL = opencc.OpenCC("s2t")  # the mirror sites' own conversion


def test_traditional_seed_reads_like_its_original(seed_path):
    text = TO_TRADITIONAL.convert(seed_path.read_text(encoding="utf-8"))
    assert is_traditional(text)
    report = gd.read(text)
    assert differences(load_truth(seed_path.with_suffix(".truth.json")), report) == []
    assert [f.code for f in report.findings] == ["traditional_script"]


def test_traditional_page_reads_like_its_original():
    page = TO_TRADITIONAL.convert((FIXTURES / "real" / "pingtan-2021.html").read_text(encoding="utf-8"))
    report = gd.read(page.encode("utf-8"))
    assert differences(load_truth(FIXTURES / "real" / "pingtan-2021.truth.json"), report) == []
    assert "traditional_script" in [f.code for f in report.findings]


def test_traditional_without_opencc_names_the_remedy(monkeypatch):
    import govdisclosure.script as script

    def missing():
        raise ImportError("No module named 'opencc'")

    monkeypatch.setattr(script, "_load", missing)
    with pytest.raises(gd.UnsupportedSourceError, match=r"govdisclosure\[traditional\]"):
        gd.read(TO_TRADITIONAL.convert(SEEDS[0].read_text(encoding="utf-8")))


def test_full_width_digits_read_as_numbers():
    text = SEEDS[0].read_text(encoding="utf-8").translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    report = gd.read(text)
    assert differences(load_truth(SEEDS[0].with_suffix(".truth.json")), report) == []


def test_a_simplified_page_with_a_few_traditional_characters_stays_simplified():
    # the published pingtan page prints a few Traditional characters in its chrome
    from pathlib import Path

    page = Path(__file__).parent / "fixtures" / "real" / "pingtan-2021.html"
    report = gd.read(page)
    assert not any(f.code == "traditional_script" for f in report.findings)
