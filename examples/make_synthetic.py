"""Regenerate the synthetic example reports: ``python examples/make_synthetic.py``."""

from __future__ import annotations

import random
from pathlib import Path

from govdisclosure.testing import TEXT_LAYOUTS, TextStyle, random_report, render_text

HERE = Path(__file__).parent / "synthetic"


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for i, layout in enumerate(TEXT_LAYOUTS):
        report = random_report(random.Random(1000 + i), blanks=True)
        (HERE / f"synthetic-{layout}.txt").write_text(render_text(report, TextStyle(layout, seed=i)), encoding="utf-8")


if __name__ == "__main__":
    main()
