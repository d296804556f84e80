"""HTML reports: median milliseconds per page for gd.read, against pandas.read_html.

    python benchmarks/bench_html.py [--pages 200]

pandas.read_html (lxml flavor) parses the same pages into raw DataFrames with no
canonical keys; it is the reference point (issue 3 target: gd.read no slower).
Both run in this process on the same pages; figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import time

import pandas as pd

import govdisclosure as gd
from govdisclosure.testing import random_report, render_html
from govdisclosure.testing.render_html import SPAN_STYLES, HTMLStyle


def per_page_ms(fn, pages: list[str], rounds: int = 3) -> float:
    samples = []
    for _ in range(rounds):
        for page in pages:
            t0 = time.perf_counter()
            fn(page)
            samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(3)
    pages = []
    for i in range(args.pages):
        style = HTMLStyle(spans=SPAN_STYLES[i % 3], split_cells=i % 2 == 0, chrome=i % 4 == 0, seed=i)
        pages.append(render_html(random_report(rng, blanks=True), style))
    gd_ms = per_page_ms(gd.read, pages)
    pd_ms = per_page_ms(lambda p: pd.read_html(io.StringIO(p), flavor="lxml"), pages)
    print(f"{len(pages)} synthetic report pages (3 tables each, mixed span styles), median per page:")
    print(f"  govdisclosure.read         {gd_ms:7.2f} ms  (canonical keys, findings)")
    print(f"  pandas.read_html (lxml)    {pd_ms:7.2f} ms  (raw tables only)")
    print(f"  ratio gd / pandas          {gd_ms / pd_ms:7.2f}")


if __name__ == "__main__":
    main()
