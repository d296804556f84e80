"""read_many: equal to a loop of read, failures collected, time limits, writers, Dask."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

import govdisclosure as gd
from govdisclosure.corpus import read_many

EXAMPLES = Path(__file__).parent.parent / "examples"


def _loop(paths):
    frames = [gd.read(p).to_long() for p in paths]
    return pd.concat(frames, ignore_index=True)


def test_read_many_equals_a_loop_of_read():
    paths = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in (".txt", ".html", ".pdf"))
    corpus = read_many(paths, workers=2)
    assert len(corpus) == len(paths) and corpus.failures.empty
    got = corpus.to_long().astype({c: object for c in ("table", "row", "column", "source", "kind")})
    want = _loop(paths)
    assert got["value"].equals(want["value"])
    assert (got["source"].astype(str) == want["source"]).all()
    assert (got["kind"].astype(str) == want["kind"]).all()
    n_findings = sum(len(gd.read(p).findings) for p in paths)
    assert len(corpus.findings) == n_findings


def test_failures_never_stop_the_batch(tmp_path):
    good = EXAMPLES / "seeds" / "001_073bf38150bd80e7.txt"
    (tmp_path / "good.txt").write_bytes(good.read_bytes())
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (tmp_path / "prose.html").write_text("<p>你好</p>", encoding="utf-8")
    corpus = read_many(tmp_path, workers=2)
    assert len(corpus) == 1
    failures = corpus.failures.set_index("path")["error"].to_dict()
    assert failures == {
        str(tmp_path / "binary.txt"): "DecodingError",
        str(tmp_path / "broken.pdf"): "CorruptPDFError",
        str(tmp_path / "empty.pdf"): "EmptyDocumentError",
        str(tmp_path / "prose.html"): "NoTablesFoundError",
    }
    assert set(corpus.to_long()["source"].astype(str)) == {str(tmp_path / "good.txt")}
    with pytest.raises(gd.GovDisclosureError, match="DecodingError"):
        read_many(tmp_path / "binary.txt", workers=1, errors="raise")


def test_a_hanging_document_is_stopped(monkeypatch, tmp_path):
    import govdisclosure.api as api

    real = api.read

    def slow(path, **kwargs):
        if "slow" in str(path):
            time.sleep(30)
        return real(path, **kwargs)

    monkeypatch.setattr(api, "read", slow)
    seed = EXAMPLES / "seeds" / "000_31769de39bbb468e.txt"
    for name in ("a.txt", "slow.txt"):
        (tmp_path / name).write_bytes(seed.read_bytes())
    t0 = time.perf_counter()
    corpus = read_many(tmp_path, workers=1, timeout=0.5)
    assert time.perf_counter() - t0 < 10
    assert corpus.failures.error.tolist() == ["DocumentTimeout"]
    assert len(corpus) == 1


def test_writers(tmp_path):
    corpus = read_many(EXAMPLES / "seeds", workers=1)
    corpus.to_csv(tmp_path / "c.csv")
    assert len(pd.read_csv(tmp_path / "c.csv")) == len(corpus.to_long())
    pytest.importorskip("pyarrow")
    corpus.to_parquet(tmp_path / "c.parquet")
    assert pd.read_parquet(tmp_path / "c.parquet")["value"].equals(corpus.to_long()["value"])
    pytest.importorskip("openpyxl")
    corpus.to_excel(tmp_path / "c.xlsx")
    sheets = pd.read_excel(tmp_path / "c.xlsx", sheet_name=None)
    assert set(sheets) == {"cells", "findings", "failures"} and len(sheets["cells"]) == len(corpus.to_long())


def test_dask_engine_equals_local_engine(tmp_path):
    pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    (tmp_path / "bad.txt").write_bytes(b"\x00bad")
    paths = [*sorted((EXAMPLES / "seeds").glob("*.txt")), tmp_path / "bad.txt"]
    local = read_many(paths, workers=1).to_long()
    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        ddf = read_many(paths, engine="dask", client=client)
        got = ddf.compute().reset_index(drop=True)
    ok = got[got["kind"] != "failed"].reset_index(drop=True)
    assert ok["value"].equals(local["value"])
    assert (ok["row_key"] == local["row_key"].astype(str)).all()
    failed = got[got["kind"] == "failed"]
    assert failed["source"].tolist() == [str(tmp_path / "bad.txt")] and "DecodingError" in failed["raw"].iloc[0]


def test_dask_on_worker_processes(tmp_path):
    # processes=True: the workers are other Python processes that import the library
    # themselves (what a user's LocalCluster() does by default)
    pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    paths = sorted((EXAMPLES / "seeds").glob("*.txt"))[:3]
    local = read_many(paths, workers=1).to_long()
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        got = read_many(paths, engine="dask", client=client, partition=1).compute().reset_index(drop=True)
    assert got["value"].equals(local["value"])
    assert str(got["year"].dtype) == "Int64" and str(got["value"].dtype) == "Float64"


def test_dask_workers_without_the_library_are_named():
    from govdisclosure.distributed import check_workers

    class Client:  # answers as distributed.Client.run does, one worker lacking the package
        def run(self, func, *args, on_error="raise"):
            return {"tcp://10.0.0.1:4001": func(*args), "tcp://10.0.0.2:4001": ModuleNotFoundError("govdisclosure")}

    with pytest.raises(gd.UnsupportedSourceError, match=r"1 of the cluster's 2 Dask workers cannot import"):
        check_workers(Client())


def test_panel_one_row_per_report_with_stable_columns():
    corpus = read_many(sorted((EXAMPLES / "seeds").glob("*.txt")), workers=1)
    panel = corpus.panel()
    keys = gd.data_dictionary()
    assert list(panel.columns) == ["source", "agency", "year", "published", "level", "template", *keys.index]
    assert panel["year"].tolist() == [2024, 2024, 2023, 2023, 2022]
    assert str(panel["applications.new.total"].dtype) == "Int64"
    assert str(panel["active.art20_8.fees.fee_amount"].dtype) == "Float64"
    # every cell of the long form is in the panel, under its key
    long = corpus.to_long()
    first = long[long.source == panel.source[1]]
    for rk, ck, table, value in zip(first.row_key, first.column_key, first.table, first.value):
        got = panel.loc[1, f"{table}.{rk}.{ck}"]
        assert (pd.isna(got) and pd.isna(value)) or got == value
    # a 2019 report lines up with the 2021 ones: the same columns
    import random

    from govdisclosure.testing import render_text
    from govdisclosure.testing.draw import random_report

    old = gd.read(render_text(random_report(random.Random(5), template="2019")))
    assert old.template.version == "2019"
    assert list(old.panel().columns) == list(panel.columns)


def test_the_shipped_data_dictionary_is_current():
    import json

    from govdisclosure.dictionary import DOCS_PAGE, PACKAGED, dictionary_json, dictionary_markdown

    assert PACKAGED.read_text(encoding="utf-8") == dictionary_json(), "run python docs/make_keys.py"
    assert DOCS_PAGE.read_text(encoding="utf-8") == dictionary_markdown(), "run python docs/make_keys.py"
    schema = json.loads(PACKAGED.read_text(encoding="utf-8"))
    assert schema["properties"]["applications.new.total"]["description"].startswith("一、本年新收")


# --- time limits that fire, in any thread ----------------------------------------------

SLOW = Path(__file__).parent / "fixtures" / "real" / "huaian-2024.pdf"  # some 0.8 s with pdfplumber
FAST = sorted((EXAMPLES / "seeds").glob("*.txt"))[:2]


def _batch_with_a_timeout(workers):
    corpus = read_many([SLOW, *FAST], workers=workers, timeout=0.05)
    return corpus.failures, len(corpus)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_past_its_time_limit_is_recorded_and_the_rest_kept(workers):
    failures, read = _batch_with_a_timeout(workers)
    assert failures["path"].tolist() == [str(SLOW)] and failures["error"].tolist() == ["DocumentTimeout"]
    assert read == len(FAST)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_time_limit_fires_from_another_thread(workers):
    import threading

    got = {}
    thread = threading.Thread(target=lambda: got.update(result=_batch_with_a_timeout(workers)))
    thread.start()
    thread.join(120)
    failures, read = got["result"]
    assert failures["error"].tolist() == ["DocumentTimeout"] and read == len(FAST)


def test_read_takes_a_timeout_in_any_thread():
    import threading

    with pytest.raises(gd.DocumentTimeout):
        gd.read(SLOW, timeout=0.05)
    errors = []

    def off_main():
        try:
            gd.read(SLOW, timeout=0.05)
        except gd.DocumentTimeout as exc:
            errors.append(exc)

    thread = threading.Thread(target=off_main)
    thread.start()
    thread.join(120)
    assert len(errors) == 1
    assert gd.read(FAST[0], timeout=60).applications.shape == (25, 7)


def test_a_dying_worker_loses_only_its_document(tmp_path, monkeypatch):
    # a worker killed mid-read (out of memory, a crash in C code): that document is a
    # failure, every other one is read (pebble replaces the worker)
    import os
    import signal

    import govdisclosure.api as api

    real = api._read

    def dying(source, *options):
        if str(source).endswith("die.txt"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(source, *options)

    monkeypatch.setattr(api, "_read", dying)
    (tmp_path / "die.txt").write_bytes(FAST[0].read_bytes())
    corpus = read_many([tmp_path / "die.txt", *FAST, *FAST[::-1]], workers=2, timeout=60)
    assert corpus.failures["error"].tolist() == ["WorkerError:ProcessExpired"]
    assert len(corpus) == len(FAST)
