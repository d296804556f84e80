"""The command-line tool, through its entry point."""

from __future__ import annotations

import json

import pandas as pd

from govdisclosure.cli import EXIT_FAILED, EXIT_FINDINGS, EXIT_MISSING_DEPENDENCY, EXIT_OK, EXIT_USAGE, main

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


def test_show_takes_a_folder_and_a_glob(capsys):
    folder = SEEDS[0].parent
    assert main(["show", str(folder), "--width", "80"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.count("== applications ==") == len(SEEDS)
    assert main(["show", str(folder / "00[12]_*.txt")]) == EXIT_OK
    assert capsys.readouterr().out.count("<Report ") == 2


def test_show_prints_integers_and_fits_the_terminal(capsys):
    assert main(["show", str(SEEDS[1]), "--width", "80"]) == EXIT_OK
    out = capsys.readouterr().out
    from govdisclosure.display import cells

    assert max(cells(line) for line in out.splitlines() if not line.startswith(("<Report", "- ["))) <= 80
    assert "117.0" not in out and " 117 " in out
    assert "()" not in out  # table 4's one row has no label to print
    assert "<Report 秦都区 2024 " in out  # metadata from the prose
    assert main(["show", str(SEEDS[1]), "--wide"]) == EXIT_OK
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in capsys.readouterr().out


def test_a_missing_writer_dependency_is_said_before_reading(tmp_path, capsys, monkeypatch):
    import importlib.util

    import govdisclosure.cli as cli

    real = importlib.util.find_spec
    monkeypatch.setattr(cli.importlib.util, "find_spec", lambda name: None if name == "pyarrow" else real(name))
    read = []
    monkeypatch.setattr(cli, "read_many", lambda *a, **k: read.append(a))
    out = tmp_path / "cells.parquet"
    assert main(["extract", str(SEEDS[0]), "-o", str(out), "-q"]) == EXIT_MISSING_DEPENDENCY
    err = capsys.readouterr().err
    assert err.strip() == (
        "govdisclosure: writing parquet needs pyarrow: pip install 'govdisclosure[parquet]', or write .csv"
    )
    assert read == [] and not out.exists()
    assert main(["extract", str(SEEDS[0]), "-o", str(tmp_path / "x.docx"), "-q"]) == EXIT_USAGE


def test_csv_integer_columns_stay_integers(tmp_path):
    out = tmp_path / "cells.csv"
    assert main(["extract", str(SEEDS[1]), "-o", str(out), "-q"]) == EXIT_OK
    text = out.read_text(encoding="utf-8")
    assert ",2024," in text and "2024.0" not in text and "117.0" not in text
    frame = pd.read_csv(out)
    assert frame["year"].dtype == "int64" and frame["line"].dtype == "int64"
    fee = frame[(frame.row_key == "art20_8.fees") & (frame.column_key == "fee_amount")]
    assert fee["value"].tolist() == [2090.6]


def test_help_is_plain_text(capsys):
    with_help = main(["--help"])
    out = capsys.readouterr().out
    assert with_help == EXIT_OK
    assert "``" not in out and "::" not in out and ":data:" not in out
    assert "exit codes:" in out and "4  the output format needs a package" in out


def test_a_run_stopped_by_ctrl_c_leaves_no_complete_looking_output(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(150):  # enough reading, on one worker, to be stopped midway
        (folder / f"{i:03d}.txt").write_bytes(SEEDS[i % len(SEEDS)].read_bytes())
    out = tmp_path / "cells.csv"
    proc = subprocess.Popen(
        [sys.executable, "-m", "govdisclosure", "extract", str(folder), "-o", str(out), "-j", "1"],
        stderr=subprocess.PIPE,
        text=True,
    )
    # wait until the progress bar shows reading under way, then press Ctrl-C
    line = ""
    while "/150" not in line:
        line = proc.stderr.read(40)
        assert line or proc.poll() is None
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err[-500:]
    assert "interrupted; no output written" in err
    assert not out.exists() and list(tmp_path.glob(".*partial")) == []


def test_the_output_is_renamed_into_place_at_the_end(tmp_path):
    out = tmp_path / "cells.csv"
    out.write_text("an older run's output\n")
    assert main(["extract", str(SEEDS[0]), "-o", str(out), "-q"]) == EXIT_OK
    assert out.read_text(encoding="utf-8").startswith("table,row,column,value")
    assert [p.name for p in tmp_path.iterdir()] == ["cells.csv"]


def test_extract_over_good_and_hostile_files_loses_no_good_report(tmp_path, capsys):
    from govdisclosure.testing.hostile import hostile_inputs

    for p in SEEDS:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    hostile = list(hostile_inputs(small=True))
    for i, (_, data, suffix) in enumerate(hostile):
        (tmp_path / f"hostile-{i:02d}{suffix}").write_bytes(data)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    out = tmp_path / "out" / "cells.csv"
    code = main(["extract", str(tmp_path), "-o", str(out), "-q", "-j", "2", "--timeout", "30"])
    err = capsys.readouterr().err
    assert code == EXIT_FAILED
    frame = pd.read_csv(out)
    assert {str(tmp_path / p.name) for p in SEEDS} <= set(frame.source)
    failed = [line for line in err.splitlines() if line.startswith("FAILED ")]
    assert any("broken.pdf: CorruptPDFError" in line for line in failed)
    assert all(": " in line for line in failed)  # each with its error
    read = set(frame.source)
    assert len(read) + len(failed) == len(SEEDS) + len(hostile) + 1  # every file accounted for
