"""PDF reports: gd.read with each backend against pdfplumber and camelot, one run.

    python benchmarks/bench_pdf.py [--repeat 3]

On the same PDFs, in this process: the median time of gd.read (full canonical
extraction) with each backend, pdfplumber's raw ``extract_tables()`` on all pages,
and camelot's lattice parser (when installed). Targets (issue 4): the default backend
no slower than raw extract_tables(); the fastest backend at least 5x faster than it.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from pathlib import Path

import pdfplumber

import govdisclosure as gd
from govdisclosure.testing import random_report
from govdisclosure.testing.render_pdf import PDFStyle, render_pdf

REAL = Path(__file__).parent.parent / "tests" / "fixtures" / "real" / "huaian-2024.pdf"


def median_s(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def plumber_tables(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def camelot_lattice(data: bytes):
    try:
        import camelot
    except ImportError:
        return None

    def run() -> None:
        with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
            fh.write(data)
            fh.flush()
            camelot.read_pdf(fh.name, pages="all", flavor="lattice")

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import random

    docs = {"real WPS report (6 pages)": REAL.read_bytes()}
    docs["synthetic (reportlab, page breaks)"] = render_pdf(random_report(random.Random(5)), PDFStyle(page_break=True))
    for name, data in docs.items():
        print(f"{name}:")
        base = median_s(lambda d=data: plumber_tables(d), args.repeat)
        rows = [("pdfplumber extract_tables() (raw)", base)]
        for backend in ("pdfplumber", "pdfium"):
            report = gd.read(data, backend=backend)
            t = median_s(lambda d=data, b=backend: gd.read(d, backend=b), args.repeat)
            rows.append((f"gd.read backend={backend} [{report.layout}]", t))
        cam = camelot_lattice(data)
        if cam is not None:
            rows.append(("gd.read backend=camelot", median_s(lambda d=data: gd.read(d, backend="camelot"), 1)))
            rows.append(("camelot lattice (raw)", median_s(cam, 1)))
        for label, t in rows:
            print(f"  {label:<58} {t * 1000:8.1f} ms   {base / t:5.2f}x vs raw pdfplumber")


if __name__ == "__main__":
    main()
