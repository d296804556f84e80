"""A report's tables as plain text that fits a terminal (``govdisclosure show``).

Chinese characters take two columns of a terminal, so widths are counted in display
cells, not characters. Row labels are shortened to their numbering where the path is
long (``三、（三）5.属于三类内部事务信息``), column labels wrap over several lines, a table
wider than the terminal is printed in column bands, and a one-row table (table 4) is
printed as a list of labels and values.

    >>> import govdisclosure as gd
    >>> report = gd.read("examples/seeds/001_073bf38150bd80e7.txt")
    >>> print(table_text(report.reviews, width=60).splitlines()[0])
    行政复议 结果维持                    37
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．])")
_INNER_NUMBER = re.compile(r"[（(][一二三四五六七八九十]+[）)]")  # 第二十条第（一）项
_HEAD_WIDTH = 8  # a column label wraps at four Chinese characters


def cells(text: str) -> int:
    """The display width of ``text`` in terminal cells (a Chinese character takes two).

    >>> cells("总计"), cells("ab")
    (4, 2)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` display cells, ending in ``…`` when cut.

    >>> shorten("本年新收政府信息公开申请数量", 10)
    '本年新收…'
    """
    if cells(text) <= width:
        return text
    out = ""
    for ch in text:
        if cells(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` display cells (right-aligned for numbers)."""
    space = " " * max(width - cells(text), 0)
    return space + text if right else text + space


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` display cells.

    >>> wrap("法人或其他组织", 8)
    ['法人或其', '他组织']
    """
    lines, line = [], ""
    for ch in text:
        if line and cells(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines or [""]


def row_label(path: object) -> str:
    """A row's label path as one short label: each parent by its numbering only.

    >>> row_label(("三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息"))
    '三、（三）5.属于三类内部事务信息'
    >>> row_label(("第二十条第（一）项", "规章"))
    '（一）规章'
    """
    parts = [str(p) for p in (path if isinstance(path, tuple) else (path,)) if p]
    out = []
    for part in parts[:-1]:
        number = _NUMBERING.match(part) or _INNER_NUMBER.search(part)
        out.append(number.group(0) if number else part + " ")
    return "".join(out) + (parts[-1] if parts else "")


def column_label(path: object) -> str:
    """A column's label path as one label (``行政诉讼 未经复议直接起诉 结果维持``)."""
    parts = path if isinstance(path, tuple) else (path,)
    return " ".join(str(p) for p in parts if p)


def value_text(value: object) -> str:
    """A value as shown: counts plainly, money without trailing zeros, blanks as ``·``."""
    if value is None or value is pd.NA or value != value:
        return "·"
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else f"{number:.4f}".rstrip("0").rstrip(".")


def table_text(frame: pd.DataFrame, width: int = 100) -> str:
    """One table as text at most ``width`` cells wide (see the module doc)."""
    if len(frame) == 1:
        return _as_list(frame, width)
    paths = [p if isinstance(p, tuple) else (p,) for p in frame.columns]
    columns = []
    for j, path in enumerate(paths):
        values = [value_text(v) for v in frame.iloc[:, j]]
        leaf = next((str(x) for x in reversed(path) if x), "")
        columns.append((path, values, max(4, min(cells(leaf), _HEAD_WIDTH), *(cells(v) for v in values))))
    labels = [row_label(p) for p in frame.index]
    room = width - sum(w + 1 for _, _, w in columns)
    label_width = min(max(cells(x) for x in labels), max(room, 16))
    labels = [pad(shorten(x, label_width), label_width) for x in labels]
    bands: list[list[tuple[tuple, list[str], int]]] = [[]]
    used = label_width
    for col in columns:
        if bands[-1] and used + 1 + col[2] > width:
            bands.append([])
            used = label_width
        bands[-1].append(col)
        used += 1 + col[2]
    return "\n\n".join(_band(labels, label_width, band) for band in bands)


def _band(labels: list[str], label_width: int, band: list[tuple[tuple, list[str], int]]) -> str:
    lines = [" " * label_width + " " + line for line in _header(band)]
    for i, label in enumerate(labels):
        lines.append(label + " " + " ".join(pad(values[i], w, right=True) for _, values, w in band))
    return "\n".join(line.rstrip() for line in lines)


def _header(band: list[tuple[tuple, list[str], int]]) -> list[str]:
    """The header lines of a band: at each level, a label written once over the columns
    it spans (法人或其他组织 over its five), wrapped within them."""
    depth = max(len(path) for path, _, _ in band)
    lines: list[str] = []
    for level in range(depth):
        spans: list[tuple[str, int]] = []  # (label, width) of each run of columns
        previous: tuple | None = None
        for path, _, w in band:
            key = path[: level + 1]
            label = str(path[level]) if level < len(path) else ""
            if spans and key == previous and label:
                spans[-1] = (spans[-1][0], spans[-1][1] + 1 + w)
            else:
                spans.append((label, w))
            previous = key
        wrapped = [(wrap(label, w), w) for label, w in spans]
        for k in range(max(len(parts) for parts, _ in wrapped)):
            lines.append(" ".join(pad(parts[k] if k < len(parts) else "", w) for parts, w in wrapped))
    return [line for line in lines if line.strip()]


def _as_list(frame: pd.DataFrame, width: int) -> str:
    labels = [column_label(p) for p in frame.columns]
    label_width = min(max(cells(x) for x in labels), max(width - 10, 16))
    values = [value_text(v) for v in frame.iloc[0]]
    value_width = max(cells(v) for v in values)
    return "\n".join(
        pad(shorten(x, label_width), label_width) + "  " + pad(v, value_width, right=True)
        for x, v in zip(labels, values)
    )
