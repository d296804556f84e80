"""Reads pause the cyclic garbage collector: they must leave no cycles behind and
must give the collector back in the state they found it."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest

import govdisclosure as gd
from govdisclosure.collector import paused
from govdisclosure.testing import TEXT_LAYOUTS, TextStyle, example_report, example_text, render_text

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))


@pytest.mark.parametrize(
    "text",
    [p.read_text(encoding="utf-8") for p in SEEDS[:2]]
    + [render_text(example_report(), TextStyle(layout, truncate=True, seed=3)) for layout in TEXT_LAYOUTS],
)
def test_text_reads_leave_no_reference_cycles(text):
    # garbage made while the collector is paused waits for its next run: a read must
    # free everything it made by reference counting alone
    gd.read(text)  # warm the label memos, whose entries live on
    gc.collect()
    gc.disable()
    try:
        report = gd.read(text)
        assert report.tables
        del report
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_collector_state_is_restored():
    assert gc.isenabled()
    gd.read(example_text())
    assert gc.isenabled()
    gc.disable()
    try:
        gd.read(example_text())
        assert not gc.isenabled()  # a collector the user turned off stays off
    finally:
        gc.enable()


def test_collector_restored_after_an_error():
    with pytest.raises(gd.GovDisclosureError):
        gd.read("no tables in this text at all")
    assert gc.isenabled()


def test_nested_and_concurrent_pauses_share_one():
    started, release = threading.Event(), threading.Event()

    def hold():
        with paused():
            started.set()
            release.wait(5)

    t = threading.Thread(target=hold)
    t.start()
    started.wait(5)
    with paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread's pause is still on
    release.set()
    t.join()
    assert gc.isenabled()
