"""Text reports: median milliseconds per seed report, and reports per second on a batch.

    python benchmarks/bench_text.py [--batch 1000]

The target (issue 2) is under 2 ms per text report on one core. Figures are printed,
never asserted: timings belong here, not in the tests.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

import govdisclosure as gd
from govdisclosure.testing import TEXT_LAYOUTS, TextStyle, random_report, render_text

SEEDS = sorted((Path(__file__).parent.parent / "tests" / "fixtures" / "seeds").glob("*.txt"))


def median_ms(fn, repeat: int = 30) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch", type=int, default=1000, help="synthetic reports in the batch")
    args = parser.parse_args()

    print("seed reports (median of 30 reads, warm):")
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        gd.read(text)
        print(f"  {path.name:<32} {median_ms(lambda t=text: gd.read(t)):7.2f} ms")

    rng = random.Random(7)
    texts = []
    for i in range(args.batch):
        report = random_report(rng, blanks=rng.random() < 0.5)
        style = TextStyle(TEXT_LAYOUTS[i % len(TEXT_LAYOUTS)], truncate=rng.random() < 0.5, seed=i)
        texts.append(render_text(report, style))
    # cold: a fresh label cache pays for every distinct label once
    from govdisclosure.labels import best_of, similarity
    from govdisclosure.matching import _align

    for cache in (best_of, similarity, _align):
        cache.cache_clear()
    t0 = time.perf_counter()
    for t in texts:
        gd.read(t)
    elapsed = time.perf_counter() - t0
    print(
        f"synthetic batch: {len(texts)} reports in {elapsed:.2f} s = {len(texts) / elapsed:.0f} reports/s, "
        f"{elapsed / len(texts) * 1000:.2f} ms per report (one core, all {len(TEXT_LAYOUTS)} text layouts)"
    )


if __name__ == "__main__":
    main()
