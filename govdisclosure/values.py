"""Parsing the text of a value cell into a number while keeping what was printed.

Each value has a *kind*:

``number``
    a non-zero number (``12``, ``2090.6``, ``1,234``, ``251000元``, ``+3``).
``zero``
    a printed zero. Kept apart from ``empty`` because a blank is missing, not 0.
``empty``
    nothing printed (or only white space / ``&nbsp;``): the value is NaN.
``na``
    a not-applicable marker (``/``, ``-``, ``—``, ``无``, ``不适用``): NaN as well.
``text``
    anything else; NaN, with the text kept in ``raw``.
``absent``
    the cell is not in the source at all (its row or column was not printed): NaN.

    >>> parse_value("1,234")
    CellValue(kind='number', value=1234.0, raw='1,234', unit='')
    >>> parse_value(" ").kind
    'empty'
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Kind = Literal["number", "zero", "empty", "na", "text", "absent"]

NA_MARKERS = frozenset({"/", "-", "—", "–", "——", "--", "－", "\\", "无", "不适用", "n/a", "na", "×", "暂无", "/件"})
_UNITS = ("万元", "亿元", "元", "件", "个", "条", "次", "项", "人", "份", "家", "起", "万")
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"^([+-]?)(\d+(?:\.\d+)?)(" + "|".join(_UNITS) + r")?$")


@dataclass(frozen=True, slots=True)
class CellValue:
    """A parsed cell: ``value`` is a float (NaN unless kind is number or zero)."""

    kind: Kind
    value: float
    raw: str
    unit: str = ""

    @property
    def is_value(self) -> bool:
        """True for the kinds that carry a number (``number`` and ``zero``)."""
        return self.kind in ("number", "zero")


def parse_value(raw: str) -> CellValue:
    """Parse one cell's text. Never raises: unparseable text has kind ``text``.

    >>> parse_value("０").kind, parse_value("2090.6").value, parse_value("6件").unit
    ('zero', 2090.6, '件')
    >>> parse_value("/").kind
    'na'
    """
    value = PARSED.get(raw)
    if value is None:
        if len(PARSED) >= 65536:
            PARSED.clear()  # bounded: a corpus holds millions of distinct numbers
        value = PARSED[raw] = _parse(raw)
    return value


PARSED: dict[str, CellValue] = {}
"""Memo of :func:`parse_value` (values are frozen, so one serves every cell printing
the same text). Hot loops look it up first: ``PARSED.get(text) or parse_value(text)``."""


def _parse(raw: str) -> CellValue:
    if raw.isascii() and raw.isdigit():  # the common case, without normalizing
        v = float(raw)
        return CellValue("zero" if v == 0 else "number", v, raw, "")
    s = _SPACE.sub("", unicodedata.normalize("NFKC", raw))
    if not s:
        return CellValue("empty", math.nan, raw)
    if s.lower() in NA_MARKERS or s in NA_MARKERS:
        return CellValue("na", math.nan, raw)
    t = s.replace(",", "").replace("，", "")
    m = _NUMBER.match(t)
    if m:
        sign, digits, unit = m.group(1), m.group(2), m.group(3) or ""
        v = float(digits)
        if sign == "-":
            v = -v
        return CellValue("zero" if v == 0 else "number", v, raw, unit)
    return CellValue("text", math.nan, raw)


def looks_like_value(raw: str) -> bool:
    """True when a cell's text is a value (number, zero or n/a marker), not a label.

    >>> looks_like_value("122"), looks_like_value("自然人"), looks_like_value("")
    (True, False, False)
    """
    return parse_value(raw).kind in ("number", "zero", "na")
