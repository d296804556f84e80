"""The ``govdisclosure`` command: extract tables from report files.

Examples::

    govdisclosure show examples/seeds/001_073bf38150bd80e7.txt
    govdisclosure extract examples/ -o out/cells.csv
    govdisclosure check examples/seeds/*.txt

Exit codes: 0 all documents read (``check``: and no findings), 1 some documents
failed, 2 usage error, 3 (``check`` only) findings were reported.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd

from . import __version__
from .api import read
from .errors import GovDisclosureError
from .findings import findings_frame
from .report import Report

READABLE = {".txt", ".text", ".md", ".html", ".htm", ".pdf", ".docx"}

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_FINDINGS = 0, 1, 2, 3


def _expand(paths: Sequence[str]) -> Iterator[Path]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(f for f in path.rglob("*") if f.suffix.lower() in READABLE and f.is_file())
        elif any(ch in p for ch in "*?["):
            yield from sorted(Path().glob(p))
        else:
            yield path


def _read_all(paths: Sequence[str], quiet: bool) -> tuple[list[Report], list[dict[str, str]]]:
    reports, failures = [], []
    files = list(_expand(paths))
    for i, path in enumerate(files, 1):
        try:
            reports.append(read(path))
        except GovDisclosureError as exc:
            failures.append({"path": str(path), "error": type(exc).__name__, "message": str(exc)})
        if not quiet and len(files) > 1:
            print(f"\r[{i}/{len(files)}] {path.name[:50]:<50}", end="", file=sys.stderr, flush=True)
    if not quiet and len(files) > 1:
        print(file=sys.stderr)
    return reports, failures


def _summary(reports: list[Report], failures: list[dict[str, str]]) -> str:
    tables = sum(len([e for e in r.extractions.values() if e.found]) for r in reports)
    findings = sum(len(r.findings) for r in reports)
    return f"{len(reports)} reports read, {tables} tables found, {findings} findings, {len(failures)} failures"


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
        frame.to_parquet(path, index=False)
    elif kind in ("xlsx", "excel"):
        frame.to_excel(path, index=False)
    else:
        raise SystemExit(f"unknown output format {kind!r} (csv, json, parquet, xlsx)")


def cmd_extract(args: argparse.Namespace) -> int:
    reports, failures = _read_all(args.paths, args.quiet)
    frames = [r.to_long() for r in reports]
    long = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    _write(long, args.output, args.format)
    for f in failures:
        print(f"FAILED {f['path']}: {f['error']}: {f['message']}", file=sys.stderr)
    print(_summary(reports, failures), file=sys.stderr)
    return EXIT_FAILED if failures else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    reports, failures = _read_all(args.paths, args.quiet)
    frames = []
    for r in reports:
        f = findings_frame(r.findings)
        f.insert(0, "source", r.source)
        frames.append(f)
    found = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if not found.empty:
        with pd.option_context("display.max_colwidth", 120, "display.width", 200):
            print(found[["source", "kind", "code", "table", "message"]].to_string(index=False))
    for f in failures:
        print(f"FAILED {f['path']}: {f['error']}: {f['message']}", file=sys.stderr)
    print(_summary(reports, failures), file=sys.stderr)
    if failures:
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

    ex = sub.add_parser("extract", help="write every cell of every report as one tidy table")
    ex.add_argument("paths", nargs="+", help="files, folders or globs")
    ex.add_argument("-o", "--output", help="output file (.csv, .json, .parquet, .xlsx); stdout CSV if omitted")
    ex.add_argument("--format", choices=["csv", "json", "parquet", "xlsx"], help="output format (default: by suffix)")
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    ex.set_defaults(func=cmd_extract)

    ck = sub.add_parser("check", help="print consistency and extraction findings")
    ck.add_argument("paths", nargs="+", help="files, folders or globs")
    ck.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    ck.set_defaults(func=cmd_check)

    sh = sub.add_parser("show", help="print one report's tables")
    sh.add_argument("path")
    sh.set_defaults(func=cmd_show)

    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else EXIT_USAGE
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
