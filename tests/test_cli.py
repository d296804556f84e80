"""The command-line tool, through its entry point."""

from __future__ import annotations

import json

import pandas as pd

from govdisclosure.cli import EXIT_FAILED, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main

from .conftest import SEEDS


def test_extract_folder_to_csv(tmp_path):
    for p in SEEDS:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out" / "cells.csv"
    assert main(["extract", str(tmp_path), "-o", str(out), "-q"]) == EXIT_OK
    frame = pd.read_csv(out)
    assert len(frame) == len(SEEDS) * (10 + 25 * 7 + 15)
    assert set(frame.table) == {"active", "applications", "reviews"}


def test_extract_with_a_corrupt_file_among_good_ones(tmp_path, capsys):
    (tmp_path / "good.txt").write_bytes(SEEDS[1].read_bytes())
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "prose.txt").write_text("只是一段文字。", encoding="utf-8")
    out = tmp_path / "cells.json"
    assert main(["extract", str(tmp_path), "-o", str(out), "-q"]) == EXIT_FAILED
    records = json.loads(out.read_text(encoding="utf-8"))
    assert {r["source"] for r in records} == {str(tmp_path / "good.txt")}
    err = capsys.readouterr().err
    assert "DecodingError" in err and "NoTablesFoundError" in err
    assert "1 reports read" in err and "2 failures" in err


def test_check_exit_codes(tmp_path):
    assert main(["check", str(SEEDS[0]), "-q"]) == EXIT_OK
    text = (
        SEEDS[0]
        .read_text(encoding="utf-8")
        .replace(
            "0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "0 | 0 | 0 | 0 | 5 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        )
    )
    bad = tmp_path / "bad.txt"
    bad.write_text(text, encoding="utf-8")
    assert main(["check", str(bad), "-q"]) == EXIT_FINDINGS


def test_show_prints_tables(capsys):
    assert main(["show", str(SEEDS[1])]) == EXIT_OK
    out = capsys.readouterr().out
    assert "== applications ==" in out and "本年新收政府信息公开申请数量" in out


def test_usage_error():
    assert main(["frobnicate"]) == EXIT_USAGE
