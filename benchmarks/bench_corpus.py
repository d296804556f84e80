"""read_many over a mixed synthetic corpus: reports per second on 1 and 2 workers,
and peak memory as the corpus grows.

    python benchmarks/bench_corpus.py [--reports 1000]

The corpus (text in every layout, HTML, PDF) is written to a temporary folder first.
Targets (issue 6): throughput scales with workers; memory stays flat as the corpus
grows. Peak memory is measured in a fresh process per run (ru_maxrss). Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from govdisclosure.testing import TEXT_LAYOUTS, HTMLStyle, TextStyle, random_report, render_html, render_text
from govdisclosure.testing.render_pdf import PDFStyle, render_pdf

CHILD = """
import json, resource, sys, time
import govdisclosure as gd
paths = json.loads(sys.argv[1]); workers = int(sys.argv[2])
t0 = time.perf_counter()
corpus = gd.read_many(paths, workers=workers)
elapsed = time.perf_counter() - t0
reading_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
cells = len(corpus.to_long())
print(json.dumps({"reports": len(corpus), "failures": len(corpus.failures), "cells": cells, "seconds": elapsed,
                  "reading_mb": reading_mb, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def make_corpus(folder: Path, n: int) -> list[str]:
    rng = random.Random(11)
    paths = []
    for i in range(n):
        report = random_report(rng, blanks=rng.random() < 0.5, template=rng.choice(["2019", "2021"]))
        kind = i % 20
        if kind == 0:
            path = folder / f"r{i:05d}.pdf"
            path.write_bytes(render_pdf(report, PDFStyle(seed=i)))
        elif kind < 6:
            path = folder / f"r{i:05d}.html"
            page = render_html(report, HTMLStyle(seed=i, spans=["official", "repeat", "empty"][i % 3]))
            path.write_bytes(page if isinstance(page, bytes) else page.encode("utf-8"))
        else:
            path = folder / f"r{i:05d}.txt"
            path.write_text(
                render_text(report, TextStyle(TEXT_LAYOUTS[i % len(TEXT_LAYOUTS)], seed=i)), encoding="utf-8"
            )
        paths.append(str(path))
    return paths


def run(paths: list[str], workers: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(paths), str(workers)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        paths = make_corpus(Path(tmp), args.reports)
        print(
            f"corpus: {len(paths)} synthetic reports (70% text, 25% HTML, 5% PDF; 2019 and 2021 formats), "
            f"written in {time.perf_counter() - t0:.1f} s"
        )
        for workers in (1, 2):
            r = run(paths, workers)
            print(
                f"  workers={workers}: {r['reports'] / r['seconds']:7.1f} reports/s  ({r['seconds']:.1f} s, "
                f"{r['failures']} failures, {r['cells']} cells)"
            )
        for size in (len(paths) // 4, len(paths) // 2, len(paths)):
            r = run(paths[:size], 1)
            print(
                f"  {size:5d} reports, 1 worker: peak {r['reading_mb']:.0f} MB while reading (results kept compactly), "
                f"{r['peak_mb']:.0f} MB once to_long() builds all {r['cells']} cells"
            )


if __name__ == "__main__":
    main()
