"""Regenerate the synthetic example reports: ``python examples/make_synthetic.py``."""

from __future__ import annotations

import random
from pathlib import Path

from govdisclosure.testing import TEXT_LAYOUTS, HTMLStyle, TextStyle, random_report, render_html, render_text
from govdisclosure.testing.render_pdf import PDFStyle, render_pdf

HERE = Path(__file__).parent / "synthetic"


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for i, layout in enumerate(TEXT_LAYOUTS):
        report = random_report(random.Random(1000 + i), blanks=True)
        (HERE / f"synthetic-{layout}.txt").write_text(render_text(report, TextStyle(layout, seed=i)), encoding="utf-8")
    page = render_html(
        random_report(random.Random(2000), blanks=True), HTMLStyle(spans="empty", fragments=True, chrome=True)
    )
    (HERE / "synthetic-cms-page.html").write_text(str(page), encoding="utf-8")
    pdf = render_pdf(random_report(random.Random(3000), blanks=True), PDFStyle(page_break=True, seed=1))
    (HERE / "synthetic-page-breaks.pdf").write_bytes(pdf)


if __name__ == "__main__":
    main()
