"""Hostile inputs: the time and peak memory of reading each class, each in its own process.

    python benchmarks/bench_hostile.py            # full size (a 29 MB page, a 1,000,000-digit run, …)
    python benchmarks/bench_hostile.py --small    # the sizes the tests use

Targets (issue 17): every hostile input answered within 5 s and 1 GiB, with a Report or a
typed error; the report with a 1,000,000-digit run within 1 s.
"""

from __future__ import annotations

import argparse
import math

from govdisclosure.testing.hostile import hostile_inputs, read_bounded


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="the tests' sizes")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--memory", type=int, default=4096, help="MiB of address space per read")
    args = parser.parse_args()
    print(f"{'input':<34} {'size':>9} {'outcome':<14} {'seconds':>8} {'peak MiB':>9}  detail")
    worst_time, worst_memory, bad = 0.0, 0.0, 0
    for name, data, suffix in hostile_inputs(small=args.small):
        got = read_bounded(data, suffix, args.seconds, args.memory)
        ok = got.outcome in ("report", "typed error") and got.seconds <= 5 and got.peak_mib <= 1024
        bad += not ok
        if not math.isnan(got.seconds):
            worst_time = max(worst_time, got.seconds)
        worst_memory = max(worst_memory, got.peak_mib)
        size = f"{len(data) / 1024:.0f} KiB"
        print(
            f"{name:<34} {size:>9} {got.outcome:<14} {got.seconds:>8.2f} {got.peak_mib:>9.0f}  "
            f"{'' if ok else 'OVER '}{got.detail[:70]}"
        )
    print(f"\nworst time {worst_time:.2f} s, worst peak {worst_memory:.0f} MiB, {bad} over the targets (5 s, 1 GiB)")


if __name__ == "__main__":
    main()
