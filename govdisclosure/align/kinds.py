"""What each cell of a flattened table is: a value, a blank field, a label, a note
printed inside the table area, or stray punctuation.

    >>> from govdisclosure.grid import Cell
    >>> token_kinds([Cell("（一）予以公开"), Cell("12"), Cell(""), Cell("注：本表…。"), Cell("”")])
    ['label', 'value', 'empty', 'note', 'junk']
"""

from __future__ import annotations

from operator import attrgetter

from ..grid import Cell
from ..values import looks_like_value

_NOTE = ("注：", "注:", "注 ", "说明：", "说明:", "编写说明", "备注", "填表说明", "数据来源")


_TEXT = attrgetter("text")


_KINDS: dict[str, str] = {}
"""Memo of :func:`_text_kind`: a plain dict, looked up in C for a whole table at once
(the same labels and numbers recur in every table of a corpus)."""


def token_kinds(cells: list[Cell]) -> list[str]:
    """The kind of every cell (``empty``, ``value``, ``junk``, ``note``, ``label``)."""
    kinds = list(map(_KINDS.get, map(_TEXT, cells)))
    if None in kinds:
        if len(_KINDS) > 65536:
            _KINDS.clear()  # bounded: a corpus of millions of distinct numbers
        for i in kind_positions(kinds, None):  # the few new texts (a new report's numbers)
            text = cells[i].text
            kinds[i] = _KINDS[text] = _text_kind(text)
    return kinds


def _text_kind(text: str) -> str:
    if not text or text.isspace():
        return "empty"
    if looks_like_value(text):
        return "value"
    if not any(ch.isalnum() for ch in text):
        return "junk"  # stray punctuation, e.g. a wrapped label's closing quote
    text = text.strip()
    if text.startswith(_NOTE) or "。" in text:
        return "note"  # a note or leftover template instructions inside the table area
    return "label"


def kind_positions(kinds: list[str | None], kind: str | None) -> list[int]:
    """Indexes of the tokens of one kind (found by ``list.index``, which scans in C:
    tables have hundreds of tokens and few labels)."""
    out: list[int] = []
    i = -1
    while True:
        try:
            i = kinds.index(kind, i + 1)
        except ValueError:
            return out
        out.append(i)
