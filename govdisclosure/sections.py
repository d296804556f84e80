"""Finding the report's tables in a document by their section headings.

The national format gives each table a numbered section: ``二、主动公开政府信息情况``,
``三、收到和处理政府信息公开申请情况``, ``四、政府信息公开行政复议、行政诉讼情况``, followed by
``五、存在的主要问题及改进情况``. Headings come with markdown ``#`` marks, ``**bold**``,
half-width numbering, a missing number or extra words; sub-headings such as
``（一）主动公开情况`` in the prose of section 一 and table rows such as
``四、结转下年度继续办理`` must not be taken for them.

    >>> from govdisclosure.schema import get_template
    >>> t = get_template("2021")
    >>> is_heading("## 二、主动公开政府信息情况", t["active"])
    True
    >>> is_heading("（一）主动公开情况", t["active"])
    False
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, partial
from itertools import compress, count, islice

from .labels import core, normalize, numbering
from .schema.model import TableTemplate, Template

_MAX_HEADING = 40
_ARABIC = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8"}


def strip_marks(line: str) -> str:
    """A line without surrounding space and markdown marks (``## 二、…``, ``**…**``).

    >>> strip_marks("## **二、主动公开政府信息情况** ")
    '二、主动公开政府信息情况'
    """
    return line.strip().lstrip("#").strip().strip("*").strip()


@lru_cache(maxsize=65536)
def _heading_parts(line: str) -> tuple[str, str] | None:
    """(numbering, core) of a line that may be a heading, None for one that cannot."""
    s = strip_marks(line)
    if not s or "\t" in s or "|" in s or len(normalize(s)) > _MAX_HEADING:
        return None
    return numbering(s), core(s)


def is_heading(line: str, table: TableTemplate) -> bool:
    """True when ``line`` is the section heading of ``table``."""
    if "|" in line or "\t" in line or (line.isascii() and table.heading_needs_non_ascii):
        # a table row, or a line without the Chinese the heading words are (checked
        # first: most lines of a document are one or the other)
        return False
    return _is_heading(line, table.heading_key)


@lru_cache(maxsize=65536)
def _is_heading(line: str, heading: tuple) -> bool:
    # cached: every line of a document is tested, and table cells recur across documents
    number, title, keywords, required = heading
    parts = _heading_parts(line)
    if parts is None:
        return False
    num, c = parts
    if num.startswith("("):
        return False
    if num:
        digit = num.rstrip(".、．")
        if digit not in (number, _ARABIC.get(number)):
            return False
    if required and all(k in c for k in required):
        return bool(num) or "情况" in c
    if any(k in c for k in _forms(keywords)):
        return bool(num) or normalize(title) in c
    return False


@lru_cache(maxsize=256)
def _forms(keywords: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(normalize(k) for k in keywords)


def is_end_heading(line: str, template: Template) -> bool:
    """True for a heading that closes the last table (``五、存在的主要问题…``)."""
    parts = _heading_parts(line)
    if parts is None:
        return False
    numbered, c = parts
    if numbered.rstrip(".、．") in ("五", "六", "七", "5", "6", "7") and not numbered.startswith("("):
        return True
    return c.startswith(_forms(template.end_keywords))


def find_sections(lines: list[str], template: Template) -> dict[str, tuple[int, int]]:
    """Line ranges ``[start, end)`` of each table's section (heading excluded).

    Tables are looked for in the template's order; a table whose heading is missing
    is simply absent from the result. A section ends at the next table's heading, or
    for the last one at the closing heading (or the end of the text).

        >>> from govdisclosure.schema import get_template
        >>> find_sections(["二、主动公开政府信息情况", "a", "三、收到和处理政府信息公开申请情况", "b"], get_template("2021"))
        {'active': (1, 2), 'applications': (3, 4)}
    """
    heads: list[tuple[int, str]] = []
    start = 0
    for table in template:
        # the first heading line at or after ``start``, the lines tested in C: most lines
        # of a document are cells and prose seen before, whose answers are memoized
        i = next(compress(count(start), map(_tester(table), islice(lines, start, None))), None)
        if i is not None:
            heads.append((i, table.name))
            start = i + 1
    out: dict[str, tuple[int, int]] = {}
    for j, (i, name) in enumerate(heads):
        if j + 1 < len(heads):
            end = heads[j + 1][0]
        else:
            end = next(compress(count(i + 1), map(_tester(template), islice(lines, i + 1, None))), len(lines))
        out[name] = (i + 1, end)
    return out


_TESTERS: dict[int, tuple[TableTemplate | Template, Callable[[str], bool]]] = {}


def _tester(of: TableTemplate | Template) -> Callable[[str], bool]:
    """``is_heading`` for a table (``is_end_heading`` for a template) as a one-argument
    memoized function, callable from C."""
    hit = _TESTERS.get(id(of))
    if hit is None or hit[0] is not of:
        if len(_TESTERS) >= 64:
            _TESTERS.clear()
        fn = partial(is_end_heading, template=of) if isinstance(of, Template) else partial(_is_heading_of, of)
        # the template kept with its tester: its id stays its own
        hit = _TESTERS[id(of)] = (of, lru_cache(maxsize=65536)(fn))
    return hit[1]


def _is_heading_of(table: TableTemplate, line: str) -> bool:
    return is_heading(line, table)


def table_affinity(texts: list[str], template: Template) -> dict[str, int]:
    """How many distinct texts strongly match a label of each table. Used to pick a
    report's tables by content when headings are missing.

        >>> from govdisclosure.schema import get_template
        >>> table_affinity(["行政复议", "行政诉讼", "结果维持", "结果维持"], get_template("2021"))["reviews"]
        3
    """
    from .labels import best_of
    from .matching import STRONG

    distinct = {normalize(t): t for t in texts if normalize(t)}
    out: dict[str, int] = {}
    for table in template:
        labels = _union(table)
        out[table.name] = sum(1 for t in distinct.values() if best_of(t, labels) >= STRONG)
    return out


# a section numeral: a Chinese one may follow the digits of the table before it
# (``…24252.31三、收到…``), an Arabic one may not
_SECTION_NUMERAL = re.compile(r"(?:(?<![（(第])[一二三四五六七八]|(?<![\d（(第.])[1-8])\s*[、.．]")
_CLAUSE_BREAK = re.compile(r"[。；;，,：:]")
_BOUNDARY = " \t\u3000\xa0。；;：:！!？?>"
_LIST_MARKS = "、，,。；;和及与"  # after a heading's words: a list's item, or a sentence's subject
_TITLE_REACH = 16  # characters between a section numeral and the heading's key word, at most
_TITLE_TAIL = 24  # characters from the key word to the heading's closing 情况, at most


def split_headings(lines: list[tuple[int, str]], template: Template) -> list[tuple[int, str]]:
    """The numbered lines with every section heading that sits inside a longer line
    put on a line of its own (keeping its line number).

    A crawler's ``get_text()`` can leave a whole report on one line: its headings are
    found wherever they stand. Inside a line, a heading must carry its section number
    (``三、收到和处理…情况``), or stand between clause breaks and not be one item of a
    list (the prose of section 一 names every section: ``包括总体情况、主动公开政府信息情况、…``).

        >>> from govdisclosure.schema import get_template
        >>> text = "我区编制完成了本报告。二、主动公开政府信息情况 第二十条第（一）项 规章 0 0 0"
        >>> [t for _, t in split_headings([(1, text)], get_template("2021"))]
        ['我区编制完成了本报告。', '二、主动公开政府信息情况', '第二十条第（一）项 规章 0 0 0']
    """
    pieces: dict[int, list[tuple[int, str]]] = {}
    for i in _lines_holding(lines, _heading_words(template)):
        number, line = lines[i]
        if _is_any_heading(line, template) and not _has_digit(line):
            continue  # a heading line as it is (its extra words, if any, hold no table's numbers)
        cut = _cut_at_headings(line, template)
        if cut != [line]:  # cut, or a heading between tabs or spaces stripped
            pieces[i] = [(number, piece) for piece in cut]
    if not pieces:
        return lines
    out: list[tuple[int, str]] = []
    for i, numbered in enumerate(lines):
        out.extend(pieces.get(i, (numbered,)))
    return out


def _cut_at_headings(line: str, template: Template) -> list[str]:
    """``line`` cut before and after each heading inside it (pieces stripped, empty ones dropped)."""
    out: list[str] = []
    start = 0
    for a, b in _headings_in(line, template):
        out.extend(piece for piece in (line[start:a].strip(), line[a:b].strip()) if piece)
        start = b
    if start == 0:
        return [line]
    rest = line[start:].strip()
    return [*out, rest] if rest else out


def _heading_words(template: Template) -> re.Pattern[str]:
    words = [k for table in template for k in _key_words(table)]
    return _any_of(tuple(dict.fromkeys([*words, *template.end_keywords])))


def _key_words(table: TableTemplate) -> tuple[str, ...]:
    """The words a table's heading is looked for by: one of its key words, or the first
    of the words it must hold all of."""
    return table.heading_keywords or table.heading_all[:1]


@lru_cache(maxsize=16)
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, words)))


def _lines_holding(lines: list[tuple[int, str]], words: re.Pattern[str]) -> set[int]:
    """Indexes of the lines holding one of ``words``: one search over the whole text
    (a report has hundreds of lines and a handful of headings)."""
    joined = "\n".join([line for _, line in lines])
    return {joined.count("\n", 0, m.start()) for m in words.finditer(joined)}


def _has_digit(line: str) -> bool:
    return _DIGIT.search(line) is not None


_DIGIT = re.compile(r"\d")


def _is_any_heading(line: str, template: Template) -> bool:
    return is_end_heading(line, template) or any(is_heading(line, table) for table in template)


def _headings_in(line: str, template: Template) -> list[tuple[int, int]]:
    """``(start, end)`` of each heading inside ``line``, in order, not overlapping."""
    found: list[tuple[int, int]] = []
    for table in template:
        for word in _key_words(table):
            found.extend(_spans_of(line, word, partial(is_heading, table=table), table.number))
    for word in template.end_keywords:
        found.extend(_spans_of(line, word, partial(is_end_heading, template=template), None))
    spans: list[tuple[int, int]] = []
    for a, b in sorted(set(found)):
        if not spans or a >= spans[-1][1]:
            spans.append((a, b))
    return spans


def _spans_of(line: str, word: str, test: Callable[[str], bool], number: str | None) -> list[tuple[int, int]]:
    """Headings built around each occurrence of ``word`` in ``line`` that ``test`` accepts.
    ``number``: the section's numeral (None for the closing heading, numbered only)."""
    out = []
    at = line.find(word)
    while at >= 0:
        stop = _CLAUSE_BREAK.search(line, at, at + len(word) + _TITLE_TAIL)
        tail = line.find("情况", at, stop.start() if stop else at + len(word) + _TITLE_TAIL)
        end = tail + 2 if tail >= 0 else at + len(word)
        span = _numbered_start(line, at, end, test)
        if span is None and number is not None and tail >= 0:
            span = _bare_start(line, at, end, test)
        if span is not None:
            out.append(span)
        at = line.find(word, at + len(word))
    return out


def _numbered_start(line: str, at: int, end: int, test: Callable[[str], bool]) -> tuple[int, int] | None:
    """The heading ``numeral、…word…情况`` ending at ``end``, if one starts shortly before ``at``."""
    lo = max(0, at - _TITLE_REACH)
    for m in reversed(list(_SECTION_NUMERAL.finditer(line, lo, at + 1))):
        if _CLAUSE_BREAK.search(line, m.end(), at):
            break
        if test(line[m.start() : end]):
            return m.start(), end
    return None


def _bare_start(line: str, at: int, end: int, test: Callable[[str], bool]) -> tuple[int, int] | None:
    """An unnumbered heading: it stands between clause breaks and is no item of a list."""
    if end < len(line) and line[end] in _LIST_MARKS:
        return None
    for a in range(at, max(-1, at - _TITLE_REACH), -1):
        if (a == 0 or line[a - 1] in _BOUNDARY) and test(line[a:end]):
            return a, end
    return None


_FIELD_BREAK = re.compile(r"[|\t]")


def sections_by_content(lines: list[str], sections: dict[str, tuple[int, int]], template: Template) -> None:
    """Sections for the tables whose heading gave nothing, found by their labels.

    A converter can move a page's tables away from their headings (trafilatura puts
    those of a layout table after the whole text): a table whose section holds no digit
    takes the lines, outside every section that does, from the first line one of whose
    fields is a label of that table only, up to the first such line of another table.
    ``sections`` is completed in place.
    """
    empty = [t.name for t in template if not _holds_digits(lines, sections.get(t.name))]
    if not empty:
        return
    taken = [span for name, span in sections.items() if name not in empty]
    owners: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if any(a <= i < b for a, b in taken) or (not _has_digit(line) and not _FIELD_BREAK.search(line)):
            continue
        owner = _owner(line, template)
        if owner is not None:
            owners.append((i, owner))
    starts: list[tuple[int, str]] = []
    for i, owner in owners:
        if owner in empty and all(owner != name for _, name in starts):
            starts.append((i, owner))
    for j, (i, owner) in enumerate(starts):
        end = starts[j + 1][0] if j + 1 < len(starts) else _free_end(i, taken, len(lines))
        sections[owner] = (i, end)


def _holds_digits(lines: list[str], span: tuple[int, int] | None) -> bool:
    return span is not None and any(_has_digit(line) for line in lines[span[0] : span[1]])


def _free_end(i: int, taken: list[tuple[int, int]], n: int) -> int:
    """Where the lines free of sections that start at ``i`` end."""
    return min((a for a, _ in taken if a > i), default=n)


def _owner(line: str, template: Template) -> str | None:
    """The one table whose labels a field of ``line`` matches strongly, if just one."""
    from .labels import best_of
    from .matching import STRONG

    fields = [f.strip() for f in _FIELD_BREAK.split(line) if f.strip()]
    found = set()
    for table in template:
        union = _union(table)
        if any(best_of(f, union) >= STRONG for f in fields):
            found.add(table.name)
    return found.pop() if len(found) == 1 else None


def _union(table: TableTemplate) -> tuple[str, ...]:
    """Every printed label of a table, in one tuple."""
    if len(table.blocks) == 1:
        return table.blocks[0].label_union
    return tuple(lab for b in table.blocks for lab in b.label_union)
