"""Reading many reports: :func:`read_many` and the :class:`Corpus` it returns.

Documents are read in parallel on local cores (or on a Dask cluster). A document that
fails, or runs past its time limit, is recorded with its error and never stops the
batch or loses the other documents' results.

    >>> import govdisclosure as gd
    >>> corpus = gd.read_many("examples/seeds", workers=1)
    >>> len(corpus), corpus.failures.empty
    (5, True)
    >>> int(corpus.to_long()["table"].value_counts()["applications"])
    875
"""

from __future__ import annotations

import glob as globlib
import os
import sys
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import GovDisclosureError
from .findings import FINDING_COLUMNS, Finding, findings_frame
from .grid import Location
from .limits import main_thread, with_alarm
from .longform import LONG_COLUMNS, for_text_file, typed
from .report import Report

READABLE = (".txt", ".text", ".md", ".html", ".htm", ".shtml", ".pdf", ".docx", ".doc")
FAILURE_COLUMNS = ["path", "error", "message"]

Progress = Callable[[int, int, str], None]


def expand(paths_or_glob: str | os.PathLike | Iterable[str | os.PathLike]) -> list[Path]:
    """Files to read: a file, a folder (searched recursively for readable files), a glob
    pattern, or a list of any of these, in a stable order.

        >>> [p.name for p in expand("examples/seeds")][:2]
        ['000_31769de39bbb468e.txt', '001_073bf38150bd80e7.txt']
    """
    items = [paths_or_glob] if isinstance(paths_or_glob, (str, os.PathLike)) else list(paths_or_glob)
    out: list[Path] = []
    for item in items:
        text = os.fspath(item)
        path = Path(text)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READABLE))
        elif any(ch in text for ch in "*?["):
            out.extend(sorted(Path(p) for p in globlib.glob(text, recursive=True) if Path(p).is_file()))
        else:
            out.append(path)
    return list(dict.fromkeys(out))


KINDS = ("number", "zero", "empty", "na", "text", "absent")
_META = ("agency", "year", "published", "level", "template")


@dataclass
class Compact:
    """One report's cells, kept small: a corpus holds thousands of these.

    The label columns (table, row, column and their keys) are shared by every report of
    the same formats; per report only values, kinds, printed texts, how each value was
    placed and where it came from are kept.
    """

    source: str
    meta: dict[str, Any]
    labels: tuple[tuple[str, str, str, str, str, str], ...]  # table, row, column, row_key, column_key, version
    values: array
    kinds: bytes
    raws: list[str]
    units: list[str]
    hows: list[str]
    locs: list[Location | None]


_LABELS: dict[tuple[tuple[str, str], ...], tuple[tuple[str, str, str, str, str, str], ...]] = {}


def compact(report: Report) -> Compact:
    """The report's cells in the order of :meth:`Report.to_long`, compactly."""
    versions = tuple(sorted(report.table_versions.items()))
    labels = _LABELS.get(versions)
    if labels is None:
        rows_out = []
        for name in ("active", "applications", "reviews"):
            if name not in report.table_templates:
                continue
            table = report.table_templates[name]
            rows, cols = table.row_label_paths(), table.column_label_paths()
            for rk, ck in table.cell_keys():
                rows_out.append((name, " / ".join(rows[rk]), " / ".join(cols[ck]), rk, ck, report.table_versions[name]))
        labels = _LABELS.setdefault(versions, tuple(rows_out))
    values, kinds, raws, units, hows, locs = array("d"), bytearray(), [], [], [], []
    for name, _, _, rk, ck, _ in labels:
        p = report.extractions[name].values[(rk, ck)]
        values.append(p.value.value)
        kinds.append(KINDS.index(p.value.kind))
        raws.append(p.value.raw)
        units.append(p.value.unit)
        hows.append(p.how)
        locs.append(p.cell.loc if p.cell is not None else None)
    meta = {k: report.meta.get(k) for k in _META}
    return Compact(report.source, meta, labels, values, bytes(kinds), raws, units, hows, locs)


def compact_frame(items: Iterable[Compact]) -> pd.DataFrame:
    """The long form (columns :data:`LONG_COLUMNS`) of compact reports, built at once."""
    cols: dict[str, list[Any]] = {c: [] for c in LONG_COLUMNS}
    for item in items:
        n = len(item.values)
        for i, (table, row, column, rk, ck, version) in enumerate(item.labels):
            loc = item.locs[i]
            cols["table"].append(table)
            cols["row"].append(row)
            cols["column"].append(column)
            cols["row_key"].append(rk)
            cols["column_key"].append(ck)
            cols["template"].append(version)
            cols["location"].append(loc.describe() if loc else "")
            cols["line"].append(loc.line if loc else None)
            cols["page"].append(loc.page if loc else None)
        cols["value"].extend(item.values)
        cols["kind"].extend(KINDS[k] for k in item.kinds)
        cols["raw"].extend(item.raws)
        cols["unit"].extend(item.units)
        cols["how"].extend(item.hows)
        cols["source"].extend([item.source] * n)
        for key in ("agency", "year", "published", "level"):
            cols[key].extend([item.meta.get(key)] * n)
    return typed(pd.DataFrame(cols, columns=LONG_COLUMNS))


@dataclass
class Outcome:
    """What reading one document gave: its cells and findings, or its failure."""

    path: str
    cells: Compact | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str = ""
    message: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.cells is not None


def extract_one(path: str, options: dict[str, Any], timeout: float | None) -> Outcome:
    """Read one document into an :class:`Outcome`; never raises for a bad document.

    The time limit is an alarm (:func:`govdisclosure.limits.with_alarm`): it
    interrupts the reading where Python code runs, in the main thread; worker pools
    stop their workers instead.
    """
    from .api import read

    t0 = time.perf_counter()
    try:
        report = with_alarm(timeout, read, path, **options)
        return Outcome(path, compact(report), list(report.findings), seconds=time.perf_counter() - t0)
    except GovDisclosureError as exc:
        return Outcome(path, error=type(exc).__name__, message=str(exc), seconds=time.perf_counter() - t0)
    except Exception as exc:  # a bug of ours must not stop a batch: recorded, with its type
        return Outcome(
            path, error=f"InternalError:{type(exc).__name__}", message=str(exc), seconds=time.perf_counter() - t0
        )


@dataclass
class Corpus:
    """The results of :func:`read_many`: tidy cells, findings and failures of all documents."""

    outcomes: list[Outcome] = field(default_factory=list)

    def __len__(self) -> int:
        return sum(1 for o in self.outcomes if o.ok)

    def __repr__(self) -> str:
        return f"<Corpus {len(self)} reports, {len(self.failures)} failures, {len(self.findings)} findings>"

    def to_long(self) -> pd.DataFrame:
        """Every cell of every report read, one row each, with the report's metadata.

        The columns are those of :meth:`govdisclosure.Report.to_long`; repeated labels
        are categoricals.
        """
        return compact_frame(o.cells for o in self.outcomes if o.cells is not None)

    def panel(self) -> pd.DataFrame:
        """One wide row per report: ``source``, ``agency``, ``year``, ``published``,
        ``level``, ``template`` and every cell in a stable column ``table.row_key.column_key``
        (see :func:`govdisclosure.data_dictionary`), the same columns for every format,
        ready to join across years.

        >>> import govdisclosure as gd
        >>> gd.read_many("examples/seeds", workers=1).panel().shape[0]
        5
        """
        from .panel import panel_frame

        return panel_frame(o.cells for o in self.outcomes if o.cells is not None)

    @property
    def findings(self) -> pd.DataFrame:
        """All findings, with the ``source`` document of each."""
        frames = []
        for o in self.outcomes:
            if o.cells is not None and o.findings:
                f = findings_frame(o.findings)
                f.insert(0, "source", o.cells.source)
                frames.append(f)
        if not frames:
            return pd.DataFrame(columns=["source", *FINDING_COLUMNS])
        return pd.concat(frames, ignore_index=True)

    @property
    def failures(self) -> pd.DataFrame:
        """Documents that could not be read: ``path``, ``error`` (the error's type), ``message``."""
        rows = [(o.path, o.error, o.message) for o in self.outcomes if not o.ok]
        return pd.DataFrame(rows, columns=FAILURE_COLUMNS)

    def summary(self) -> str:
        """One line: reports read, tables found, findings, failures."""
        tables = 0
        for o in self.outcomes:
            if o.cells is not None:
                tables += len({lab[0] for lab, k in zip(o.cells.labels, o.cells.kinds) if KINDS[k] != "absent"})
        n_findings = sum(len(o.findings) for o in self.outcomes if o.ok)
        return f"{len(self)} reports read, {tables} tables found, {n_findings} findings, {len(self.failures)} failures"

    # writers -------------------------------------------------------------------------
    def to_csv(self, path: str | os.PathLike, **kwargs: Any) -> None:
        """Write the long form as CSV (UTF-8 with BOM by default, so Excel shows Chinese);
        counts and years are written as integers (``117``, ``2024``), blanks as empty."""
        kwargs.setdefault("encoding", "utf-8-sig")
        for_text_file(self.to_long()).to_csv(path, index=False, **kwargs)

    def to_parquet(self, path: str | os.PathLike, **kwargs: Any) -> None:
        """Write the long form as Parquet (needs pyarrow: ``pip install 'govdisclosure[parquet]'``)."""
        self.to_long().to_parquet(path, index=False, **kwargs)

    def to_excel(self, path: str | os.PathLike, **kwargs: Any) -> None:
        """Write cells, findings and failures as three sheets of one workbook (needs openpyxl)."""
        with pd.ExcelWriter(path) as writer:
            self.to_long().to_excel(writer, sheet_name="cells", index=False, **kwargs)
            self.findings.to_excel(writer, sheet_name="findings", index=False)
            self.failures.to_excel(writer, sheet_name="failures", index=False)


def _iter_local(paths: list[str], options: dict[str, Any], workers: int, timeout: float | None) -> Iterator[Outcome]:
    if workers <= 1 and (timeout is None or main_thread()):
        # in this process; the time limit by SIGALRM, which only the main thread has
        for p in paths:
            yield extract_one(p, options, timeout)
        return
    yield from _iter_pool(paths, options, max(workers, 1), timeout)


def _iter_pool(paths: list[str], options: dict[str, Any], workers: int, timeout: float | None) -> Iterator[Outcome]:
    """Documents read by a pool of worker processes (pebble): a document past its time
    limit has its worker stopped, a worker that dies (out of memory, a crash in C code) is
    replaced, and in both cases only that document is lost, from any thread."""
    from concurrent.futures import TimeoutError as FutureTimeout

    from pebble import ProcessExpired, ProcessPool

    with ProcessPool(max_workers=workers) as pool:
        futures: dict[Any, str] = {
            pool.schedule(extract_one, args=(p, options, None), timeout=timeout): p for p in paths
        }
        for fut in as_completed(futures):
            path = futures[fut]
            try:
                yield fut.result()
            except FutureTimeout:
                yield Outcome(path, error="DocumentTimeout", message=f"the document took longer than {timeout} s")
            except ProcessExpired as exc:
                yield Outcome(path, error="WorkerError:ProcessExpired", message=f"the worker died ({exc})")
            except Exception as exc:
                yield Outcome(path, error=f"WorkerError:{type(exc).__name__}", message=str(exc))


def progress_bar(stream: Any = None) -> Progress:
    """A progress callback printing ``[n/total] name`` on one line of stderr."""
    out = stream or sys.stderr

    def show(done: int, total: int, name: str) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        print(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[-40:]:<40}", end="", file=out, flush=True
        )
        if done == total:
            print(file=out, flush=True)

    return show


def read_many(
    paths_or_glob: str | os.PathLike | Iterable[str | os.PathLike],
    *,
    workers: int | None = None,
    errors: str = "collect",
    timeout: float | None = 120.0,
    engine: str = "local",
    client: Any = None,
    progress: Progress | bool | None = None,
    **read_options: Any,
) -> Corpus | Any:
    """Read many reports (files, folders or globs) into one :class:`Corpus`.

    Parameters
    ----------
    workers
        Processes to use (default: the machine's cores; 1 reads in this process).
    errors
        ``collect`` (default): a failing document is listed in ``corpus.failures`` and
        the batch goes on. ``raise``: the first failure is raised.
    timeout
        Seconds one document may take before it is recorded as a ``DocumentTimeout``
        failure (None: no limit).
    engine
        ``local`` (processes on this machine) or ``dask``: the same extraction on a
        Dask cluster (``client=`` a ``dask.distributed.Client``, else a local one),
        returning a lazy Dask DataFrame of the long form.
    progress
        True for a progress bar on stderr, or a callback ``(done, total, name)``.
    **read_options
        Passed to :func:`govdisclosure.read` (``template=``, ``backend=``, …).

    Examples
    --------
    >>> import govdisclosure as gd
    >>> gd.read_many(["examples/seeds/000_31769de39bbb468e.txt", "nope.txt"], workers=1).failures.error.tolist()
    ['SourceNotFoundError']
    """
    if errors not in ("collect", "raise"):
        raise ValueError("errors must be 'collect' or 'raise'")
    paths = [str(p) for p in expand(paths_or_glob)]
    if engine == "dask":
        from .distributed import read_many_dask

        return read_many_dask(paths, client=client, timeout=timeout, **read_options)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}: 'local' or 'dask'")
    workers = workers or os.cpu_count() or 1
    callback: Progress | None = progress_bar() if progress is True else (progress or None)
    order = {p: i for i, p in enumerate(paths)}
    outcomes: list[Outcome] = []
    for n, outcome in enumerate(_iter_local(paths, read_options, workers, timeout), 1):
        if errors == "raise" and not outcome.ok:
            raise GovDisclosureError(f"{outcome.path}: {outcome.error}: {outcome.message}")
        outcomes.append(outcome)
        if callback:
            callback(n, len(paths), Path(outcome.path).name)
    outcomes.sort(key=lambda o: order.get(o.path, 0))
    return Corpus(outcomes)
