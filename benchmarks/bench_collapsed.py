"""Collapsed text (cells run together): the share of drawn reports and cells recovered.

    python benchmarks/bench_collapsed.py [--reports 200]

Every value is either right or named in a finding (the tests require it); this prints
how much is right, how much of that was confirmed without doubt, and the time per report.
"""

from __future__ import annotations

import argparse
import math
import random
import time

import govdisclosure as gd
from govdisclosure.testing import TextStyle, render_text, report_cells
from govdisclosure.testing.draw import blank_cells, draw_values
from govdisclosure.testing.model import SyntheticReport


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=200)
    args = parser.parse_args()
    for blanks in (False, True):
        full = cells_ok = cells_all = unflagged_full = 0
        per_table = {"active": [0, 0], "applications": [0, 0], "reviews": [0, 0]}
        elapsed = 0.0
        for i in range(args.reports):
            rng = random.Random(i)
            values = draw_values(rng.randint, max_value=rng.choice([3, 300]))
            if blanks:
                blank_cells(values, rng.randint, max_blanks=3)
            rep = SyntheticReport(values=values, year=2023)
            text = render_text(rep, TextStyle("collapsed", seed=i))
            t0 = time.perf_counter()
            report = gd.read(text)
            elapsed += time.perf_counter() - t0
            got = report_cells(report)
            wrong = 0
            for key, want in rep.expected().items():
                ok = want == got[key] or (math.isnan(want) and math.isnan(got[key]))
                per_table[key[0]][0] += ok
                per_table[key[0]][1] += 1
                wrong += not ok
            cells_all += len(got)
            cells_ok += len(got) - wrong
            full += wrong == 0
            unflagged_full += wrong == 0 and not any(
                f.kind == "extraction_doubt" and f.code != "segmented" for f in report.findings
            )
        n = args.reports
        print(f"{'with' if blanks else 'without'} blank cells ({n} drawn reports):")
        print(
            f"  reports fully recovered          {full / n:6.1%}   (and with no doubt raised: {unflagged_full / n:.1%})"
        )
        print(f"  cells recovered                  {cells_ok / cells_all:6.1%}")
        for name, (ok, total) in per_table.items():
            print(f"    {name:<12} {ok / total:6.1%}")
        print(f"  time                             {elapsed / n * 1000:6.1f} ms per report")


if __name__ == "__main__":
    main()
