"""Which text layout a table's lines use, decided from the lines alone."""

from __future__ import annotations

import pytest

from govdisclosure.readers.text import detect_layout


def _numbered(lines: list[str]) -> list[tuple[int, str]]:
    return list(enumerate(lines, 1))


@pytest.mark.parametrize(
    ("lines", "layout"),
    [
        (["a\t1\t2", "b\t3\t4"], "tab"),
        (["| a | b |", "| --- | --- |", "| 1 | 2 |"], "markdown"),
        (["\u3000 | a | b |", "\t| 1 | 2 |", "\t| 3 | 4 |"], "tab"),  # tabs first: two lines hold one
        (["\u3000| a | b |", "  | 1 | 2 |", " | 3 | 4 |"], "markdown"),  # any space before the first pipe
        (["a | b | c", "1 | 2 | 3", "4 | | 6"], "pipe"),
        (["a |", "b | | |", "1 |", " |", "2 |"], "pipe-cells"),  # spanned cells leave pipes after the text
        (["a", "", "b", "\xa0", "1", " ", "2", ""], "blocks"),  # blank lines may hold spaces or &nbsp;
        (["a", "b", "", "1", "2"], "lines"),
        (["自然人5法人3总计8", "结果维持1结果纠正0"], "collapsed"),
        (["", "  ", "\xa0"], "lines"),
    ],
)
def test_layout_is_told_by_the_lines(lines, layout):
    assert detect_layout(_numbered(lines)) == layout
