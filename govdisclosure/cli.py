"""The ``govdisclosure`` command: extract tables from report files.

Examples::

    govdisclosure show examples/seeds/001_073bf38150bd80e7.txt
    govdisclosure extract examples/ -o out/cells.csv
    govdisclosure extract "reports/**/*.pdf" -j 8 --backend pdfium -o out/cells.parquet
    govdisclosure check examples/seeds/*.txt

Exit codes: 0 all documents read (``check``: and no findings), 1 some documents
failed, 2 usage error, 3 (``check`` only) findings were reported.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from . import __version__
from .api import read
from .corpus import Corpus, progress_bar, read_many
from .errors import GovDisclosureError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_FINDINGS = 0, 1, 2, 3


def _read_all(args: argparse.Namespace) -> Corpus:
    options = {}
    if getattr(args, "backend", None):
        options["backend"] = args.backend
    if getattr(args, "template", None):
        options["template"] = args.template
    progress = None if args.quiet else progress_bar()
    return read_many(args.paths, workers=args.workers, timeout=args.timeout, progress=progress, **options)


def _report_failures(corpus: Corpus) -> None:
    for f in corpus.failures.itertuples():
        print(f"FAILED {f.path}: {f.error}: {f.message}", file=sys.stderr)
    print(corpus.summary(), file=sys.stderr)


def _write(frame: pd.DataFrame, out: str | None, fmt: str | None) -> None:
    if out is None:
        frame.to_csv(sys.stdout, index=False)
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    kind = fmt or path.suffix.lstrip(".").lower() or "csv"
    if kind == "csv":
        frame.to_csv(path, index=False)
    elif kind == "json":
        frame.to_json(path, orient="records", force_ascii=False, indent=1)
    elif kind == "parquet":
        try:
            frame.to_parquet(path, index=False)
        except ImportError as exc:
            raise SystemExit(f"writing parquet needs pyarrow: pip install 'govdisclosure[parquet]' ({exc})") from exc
    elif kind in ("xlsx", "excel"):
        frame.to_excel(path, index=False)
    else:
        raise SystemExit(f"unknown output format {kind!r} (csv, json, parquet, xlsx)")


def cmd_extract(args: argparse.Namespace) -> int:
    corpus = _read_all(args)
    _write(corpus.to_long(), args.output, args.format)
    _report_failures(corpus)
    return EXIT_FAILED if not corpus.failures.empty else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    corpus = _read_all(args)
    found = corpus.findings
    if not found.empty:
        with pd.option_context("display.max_colwidth", 120, "display.width", 200):
            print(found[["source", "kind", "code", "table", "message"]].to_string(index=False))
    _report_failures(corpus)
    if not corpus.failures.empty:
        return EXIT_FAILED
    return EXIT_FINDINGS if not found.empty else EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    try:
        report = read(args.path)
    except GovDisclosureError as exc:
        print(f"FAILED {args.path}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(report)
    with pd.option_context("display.max_columns", 30, "display.width", 250, "display.unicode.east_asian_width", True):
        for name, frame in report.tables.items():
            print(f"\n== {name} ==")
            print(frame.to_string())
    if report.findings:
        print("\n== findings ==")
        for f in report.findings:
            print(f"- [{f.kind}] {f.message}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="govdisclosure",
        description="Extract the statistical tables of 政府信息公开工作年度报告 (text, HTML, PDF).",
        epilog=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"govdisclosure {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def batch_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("paths", nargs="+", help="files, folders or globs")
        p.add_argument("-j", "--workers", type=int, default=None, help="parallel processes (default: all cores)")
        p.add_argument("--timeout", type=float, default=120.0, help="seconds one document may take (default 120)")
        p.add_argument("--backend", choices=["pdfplumber", "pdfium", "camelot"], help="PDF backend")
        p.add_argument("--template", choices=["2019", "2021"], help="force a format version (default: detect)")
        p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    ex = sub.add_parser("extract", help="write every cell of every report as one tidy table")
    batch_options(ex)
    ex.add_argument("-o", "--output", help="output file (.csv, .json, .parquet, .xlsx); stdout CSV if omitted")
    ex.add_argument("--format", choices=["csv", "json", "parquet", "xlsx"], help="output format (default: by suffix)")
    ex.set_defaults(func=cmd_extract)

    ck = sub.add_parser("check", help="print consistency and extraction findings")
    batch_options(ck)
    ck.set_defaults(func=cmd_check)

    sh = sub.add_parser("show", help="print one report's tables")
    sh.add_argument("path")
    sh.set_defaults(func=cmd_show)

    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else EXIT_USAGE
    try:
        return int(args.func(args))
    except BrokenPipeError:  # output piped into head and the like: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
