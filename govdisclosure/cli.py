"""The govdisclosure command: extract the tables of report files (see :data:`EPILOG`)."""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from . import __version__
from .api import read
from .corpus import Corpus, expand, progress_bar, read_many
from .display import table_text
from .errors import GovDisclosureError
from .longform import for_text_file
from .report import Report

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_FINDINGS, EXIT_MISSING_DEPENDENCY = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130  # the shell's code for a run stopped by Ctrl-C

EPILOG = """\
examples:
  govdisclosure show examples/seeds/001_073bf38150bd80e7.txt
  govdisclosure show examples/seeds/                 every report of a folder
  govdisclosure extract examples/ -o out/cells.csv
  govdisclosure extract "reports/**/*.pdf" -j 8 --backend pdfium -o out/cells.csv
  govdisclosure check examples/seeds/*.txt

exit codes:
  0  all documents read (check: and no findings)
  1  some documents failed
  2  usage error
  3  findings were reported (check only)
  4  the output format needs a package that is not installed
  130  interrupted (Ctrl-C): no output file is written
"""

# output formats and the package each one needs beyond the base install
WRITERS = {"csv": None, "json": None, "parquet": "pyarrow", "xlsx": "openpyxl"}
_EXTRAS = {"pyarrow": "parquet", "openpyxl": "excel"}


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


def output_format(out: str | None, fmt: str | None) -> str:
    """The output format: ``--format``, else the output file's suffix, else CSV."""
    kind = fmt or (Path(out).suffix.lstrip(".").lower() if out else "") or "csv"
    return "xlsx" if kind == "excel" else kind


def missing_writer(kind: str) -> str | None:
    """Why ``kind`` cannot be written here (one line), or None when it can."""
    if kind not in WRITERS:
        return f"unknown output format {kind!r}: csv, json, parquet or xlsx"
    package = WRITERS[kind]
    if package is None or importlib.util.find_spec(package) is not None:
        return None
    return f"writing {kind} needs {package}: pip install 'govdisclosure[{_EXTRAS[package]}]', or write .csv"


def _write(frame: pd.DataFrame, out: str | None, kind: str) -> None:
    if out is None:
        for_text_file(frame).to_csv(sys.stdout, index=False)
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    # written beside the output and renamed at the end: a run stopped midway (Ctrl-C, a
    # full disk, a killed job) leaves no half file that looks complete
    partial = path.with_name(f".{path.name}.partial")
    try:
        if kind == "csv":
            for_text_file(frame).to_csv(partial, index=False)
        elif kind == "json":
            frame.to_json(partial, orient="records", force_ascii=False, indent=1)
        elif kind == "parquet":
            frame.to_parquet(partial, index=False)
        else:
            frame.to_excel(partial, index=False, engine="openpyxl")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def cmd_extract(args: argparse.Namespace) -> int:
    kind = output_format(args.output, args.format)
    problem = missing_writer(kind)
    if problem:  # said before any document is read, not after an hour of reading
        print(f"govdisclosure: {problem}", file=sys.stderr)
        return EXIT_USAGE if kind not in WRITERS else EXIT_MISSING_DEPENDENCY
    corpus = _read_all(args)
    _write(corpus.to_long(), args.output, kind)
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
    paths = [str(p) for p in expand(args.paths)]
    if not paths:
        print(f"govdisclosure: no readable file in {' '.join(args.paths)}", file=sys.stderr)
        return EXIT_FAILED
    width = args.width or shutil.get_terminal_size((100, 24)).columns
    failed = 0
    for n, path in enumerate(paths):
        if n:
            print("\n" + "=" * min(width, 80) + "\n")
        try:
            report = read(path)
        except GovDisclosureError as exc:
            print(f"FAILED {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            failed += 1
            continue
        print(f"{path}\n{report!r}")
        _show_report(report, width, args.wide)
    return EXIT_FAILED if failed else EXIT_OK


def _show_report(report: Report, width: int, wide: bool) -> None:
    for name, frame in report.tables.items():
        if not report.extractions[name].found:
            continue
        print(f"\n== {name} ==")
        if wide:
            with pd.option_context("display.max_columns", None, "display.width", None):
                print(frame.to_string())
        else:
            print(table_text(frame, width))
    if report.findings:
        print("\n== findings ==")
        for f in report.findings:
            print(f"- [{f.kind}] {f.message}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="govdisclosure",
        description="Extract the statistical tables of 政府信息公开工作年度报告 (text, HTML, PDF).",
        epilog=EPILOG,
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

    sh = sub.add_parser("show", help="print the tables of reports, one after another")
    sh.add_argument("paths", nargs="+", help="files, folders or globs")
    sh.add_argument("--wide", action="store_true", help="full labels, however wide (default: fit the terminal)")
    sh.add_argument("--width", type=int, help="width to fit (default: the terminal's)")
    sh.set_defaults(func=cmd_show)

    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else EXIT_USAGE
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("\ngovdisclosure: interrupted; no output written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # output piped into head and the like: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
