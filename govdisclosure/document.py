"""A document as its readers see it: lines of text in reading order, in which each
table stands as a marker line, plus the tables' grids.

HTML and PDF readers produce a :class:`Document`; section headings are then found in
its lines exactly as in flattened text, and the grids whose markers fall in a section
are that section's table fragments.

    >>> doc = Document()
    >>> doc.add_line("二、主动公开政府信息情况")
    >>> doc.add_grid(Grid([Cell("规章"), Cell("0", col=1)]))
    0
    >>> doc.lines, doc.marker_index(doc.lines[1])
    (['二、主动公开政府信息情况', '\\x00table:0\\x00'], 0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .grid import Cell, Grid

__all__ = ["Document", "Cell", "Grid"]

MARKER = "\x00table:{}\x00"
_MARKER_RE = re.compile("^\x00table:(\\d+)\x00$")


@dataclass
class Document:
    """Lines of text (tables as marker lines) and the grids of the tables.

    ``notes`` are what the reader repaired or left unread (a span that is no number, a
    table past the bound of any report's): each becomes an ``extraction_doubt``.
    """

    lines: list[str] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    source: str = ""
    notes: list[str] = field(default_factory=list)

    def add_line(self, text: str) -> None:
        """Append a line of text (white space folded; empty lines are dropped)."""
        # tabs survive: in PDF lines they separate the cells of a borderless table
        text = "\t".join(
            " ".join(part.split()) for part in text.replace("\xa0", " ").replace("\u3000", " ").split("\t")
        )
        if text.strip():
            self.lines.append(text.strip(" "))

    def add_grid(self, grid: Grid) -> int:
        """Append a table: its grid, and its marker as the next line. Returns its index."""
        self.grids.append(grid)
        self.lines.append(MARKER.format(len(self.grids) - 1))
        return len(self.grids) - 1

    @staticmethod
    def marker_index(line: str) -> int | None:
        """The grid number of a marker line, or None for a text line."""
        m = _MARKER_RE.match(line)
        return int(m.group(1)) if m else None
