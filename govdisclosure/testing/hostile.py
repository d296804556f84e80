"""Hostile inputs: the generators behind the hostile-input tests and ``bench_hostile.py``.

Each generator makes one class of input that once exhausted a reader (a digit run of a
million digits, a rowspan bomb, a zip bomb, …) from a real-looking report, at a size the
caller chooses: small in the tests, full size in the benchmark. :func:`read_bounded`
reads one input in its own process under a time and memory bound and says what came
back: a Report, a typed error, or something that must never happen.

    >>> name, data, suffix = next(iter(hostile_inputs(small=True)))
    >>> name, suffix
    ('digit run 5,000', '.txt')
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import example_report, render_html, render_text
from .render_pdf import pdf_of
from .render_text import TextStyle

Input = tuple[str, bytes, str]  # (class name, content, file suffix)


def _pipe_text() -> str:
    return render_text(example_report(), TextStyle("pipe"))


def digit_run(n: int, every_row: bool = False) -> bytes:
    """A run-together report (no separators, as a crawler's text of a page) whose
    table-3 rows print a run of ``n`` digits: every row (``every_row``) or 一、本年新收's."""
    text = render_text(example_report(), TextStyle("collapsed"))
    pattern = (
        r"((?:[一二三四]、|（[一二三四五六七]）|\d\.)[^\d\n|]{2,60}?)\d{7,}"
        if every_row
        else r"(本年新收政府信息公开申请数量)\d+"
    )
    start = text.find("三、收到")
    head, table3 = text[:start], text[start:]
    return (head + re.sub(pattern, lambda m: m.group(1) + "7" * n, table3, count=0 if every_row else 1)).encode()


def huge_html(megabytes: float) -> bytes:
    """A web page whose table 3 repeats its rows until the page is ``megabytes`` long."""
    page = str(render_html(example_report()))
    row = "<tr><td>三、本年度办理结果</td><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td><td>21</td></tr>"
    n = int(megabytes * 1024 * 1024 / len(row.encode("utf-8")))
    return page.replace("</table>", row * n + "</table>", 1).encode("utf-8")


def rowspan_bomb(rows: int = 1000, cells: int = 1000) -> bytes:
    """A table of ``rows`` rows whose first row's ``cells`` cells each span all of
    them: a naive grid is cells × rows positions."""
    first = "".join(f'<td rowspan="{rows}">{i}</td>' for i in range(cells))
    table = f"<table><tr>{first}</tr>" + "<tr></tr>" * (rows - 1) + "</table>"
    page = str(render_html(example_report()))
    return page.replace("</body>", table + "</body>", 1).encode("utf-8")


def huge_span_attribute(digits: int = 5000) -> bytes:
    """A ``rowspan`` and a ``colspan`` of ``digits`` digits."""
    page = str(render_html(example_report()))
    big = "9" * digits
    return page.replace("<td>", f'<td rowspan="{big}" colspan="-{big}">', 2).encode("utf-8")


def many_rows(rows: int) -> bytes:
    """A text report whose table 2 holds ``rows`` rows."""
    text = _pipe_text()
    head, sep, tail = text.partition("\n第二十条第（五）项")
    extra = "".join(f"\n行政规范性文件{i} | {i % 7} | {i % 5} | {i % 3} |" for i in range(rows))
    return (head + extra + sep + tail).encode("utf-8")


def long_line(megabytes: float) -> bytes:
    """A text report with one line of ``megabytes`` inside table 3."""
    text = _pipe_text()
    filler = "申请" * int(megabytes * 1024 * 1024 / 6)
    return text.replace("（一）予以公开", "（一）予以公开" + filler, 1).encode("utf-8")


def pdf_path_bomb(operators: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``operators`` path segments."""
    body = zlib.compress(b"0 0 m 1 1 l S\n" * operators, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
    ]
    return pdf_of(objects)


def _docx(document_xml: bytes, styles_xml: bytes | None = None) -> bytes:
    from .render_docx import render_docx

    source = zipfile.ZipFile(io.BytesIO(render_docx(example_report())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = document_xml
            elif item.filename == "word/styles.xml" and styles_xml is not None:
                data = styles_xml
            target.writestr(item.filename, data)
    return out.getvalue()


def docx_bad_spans() -> Iterator[Input]:
    """Word files whose ``gridSpan`` is not a number, a float, or 5,000 digits long."""
    from .render_docx import render_docx

    xml = zipfile.ZipFile(io.BytesIO(render_docx(example_report()))).read("word/document.xml")
    marker = b'<w:gridSpan w:val="'
    for label, value in (("abc", b"abc"), ("4.0", b"4.0"), ("5,000 digits", b"9" * 5000), ("negative", b"-3")):
        start = xml.find(marker)
        end = xml.find(b'"', start + len(marker))
        yield f"docx gridSpan {label}", _docx(xml[: start + len(marker)] + value + xml[end:]), ".docx"


def docx_bomb(megabytes: int) -> bytes:
    """A Word file whose document.xml inflates to ``megabytes`` (compressed ~1000×)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        with target.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1024 * 1024)
            member.write(b'<?xml version="1.0"?><w:document><w:body>')
            for _ in range(megabytes):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return out.getvalue()


def hostile_inputs(small: bool = True) -> Iterator[Input]:
    """Every hostile class, small (for the tests) or at full size (for the benchmark)."""
    yield "digit run 5,000", digit_run(5000), ".txt"
    yield "digit run 1,000,000", digit_run(1_000_000 if not small else 100_000), ".txt"
    yield "digit run 1,000", digit_run(1000), ".txt"
    yield "digit runs of 300 on every row", digit_run(300, every_row=True), ".txt"
    yield "huge HTML page", huge_html(29 if not small else 3), ".html"
    yield "PDF path bomb", pdf_path_bomb(5_000_000 if not small else 500_000), ".pdf"
    yield "table 2 of 100,000 rows", many_rows(100_000 if not small else 20_000), ".txt"
    yield "a 20 MB line in table 3", long_line(20 if not small else 2), ".txt"
    yield "rowspan bomb", rowspan_bomb(), ".html"
    yield "5,000-digit rowspan", huge_span_attribute(), ".html"
    yield from docx_bad_spans()
    yield "docx zip bomb", docx_bomb(2048 if not small else 300), ".docx"


@dataclass
class Bounded:
    """What reading one input in its own bounded process gave."""

    outcome: str  # "report", "typed error", "untyped error", "timeout", "killed"
    detail: str
    seconds: float
    peak_mib: float


_CHILD = """
import json, resource, sys, time
limit = int(sys.argv[2]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import govdisclosure as gd
t0 = time.perf_counter()
try:
    report = gd.read(sys.argv[1])
    out = {"outcome": "report", "detail": repr(report)[:200]}
except gd.GovDisclosureError as exc:
    out = {"outcome": "typed error", "detail": f"{type(exc).__name__}: {str(exc)[:200]}"}
except BaseException as exc:
    out = {"outcome": "untyped error", "detail": f"{type(exc).__name__}: {str(exc)[:200]}"}
out["seconds"] = time.perf_counter() - t0
print(json.dumps(out))
"""


def read_bounded(data: bytes, suffix: str, seconds: float = 30, memory_mib: int = 4096) -> Bounded:
    """Read ``data`` (saved with ``suffix``) in a new process bounded to ``seconds`` and
    ``memory_mib`` of address space. The time is the read's own (not the interpreter's
    start-up); the peak is the process's resident memory at its highest."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"hostile{suffix}"
        path.write_bytes(data)
        answer_path = Path(tmp) / "answer.json"
        with answer_path.open("wb") as answer_file:
            proc = subprocess.Popen(
                [sys.executable, "-c", _CHILD, str(path), str(memory_mib)],
                stdout=answer_file,
                stderr=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + seconds + 10  # + the interpreter's start-up
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                return Bounded("timeout", f"no answer in {seconds} s", seconds, usage.ru_maxrss / 1024)
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / 1024  # KiB on Linux
        text = answer_path.read_text(encoding="utf-8").strip()
        if not text:
            return Bounded("killed", f"exit code {proc.returncode}", math.nan, peak)
        answer = json.loads(text.splitlines()[-1])
        return Bounded(answer["outcome"], answer["detail"], answer["seconds"], peak)
